/**
 * @module image/source/daemon
 * An ImageSource for an image held by a local Docker Engine (`docker-daemon:` / `--daemon`): checks
 * `GET /_ping` and `GET /images/{name}/json`, then streams `GET /images/{name}/get` (a `docker save`
 * tar, https://docs.docker.com/reference/api/engine/version/v1.47/#tag/Image/operation/ImageGet) to a
 * temporary file and reads it with the docker-archive source. The file lives under
 * `$XDG_CACHE_HOME/reins/daemon` (default `~/.cache/reins/daemon`; not /tmp, which is often a small
 * tmpfs) and is removed by `close()` or when opening fails.
 * The daemon is found as the Docker CLI finds it (host.ts): DOCKER_HOST unix:// or tcp://, TLS with
 * DOCKER_TLS_VERIFY / DOCKER_CERT_PATH, else the Docker context in effect (DOCKER_CONTEXT, config.json).
 * Limits: no ssh:// or npipe:// (see host.ts); the whole image is copied once to disk before reading;
 * Podman's Docker-compatible socket should work but is untested.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { InputError, oneLine } from '../../../common/errors.ts';
import type { ImageSource } from '../../types.ts';
import { openDockerArchive } from '../docker-archive/index.ts';
import { engineGet, engineMessage, readSmall } from './engine.ts';
import { resolveEndpoint } from './host.ts';

export interface DaemonOptions {
  /** Unix socket of the Docker Engine; overrides DOCKER_HOST (default: DOCKER_HOST, else the Docker context, else /var/run/docker.sock). */
  socketPath?: string;
  /** Where the saved image is staged (default `$XDG_CACHE_HOME/reins/daemon`). */
  tempDir?: string;
  /** Environment for DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_TLS, DOCKER_CERT_PATH, DOCKER_CONTEXT, DOCKER_CONFIG, XDG_CACHE_HOME, HOME (default process.env). */
  env?: NodeJS.ProcessEnv;
  /**
   * How long the daemon may stay silent, in ms (default 30 s): on /_ping and the inspect call, and
   * ten times that between bytes of the saved image (a daemon can take a while to start a big save).
   */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

// What the Engine accepts as an image name, ID or reference; anything else never reaches a URL.
const NAME = /^[A-Za-z0-9][A-Za-z0-9._\-/:@[\]]{0,511}$/;
const IMAGE_ID = /^(sha256:)?[a-f0-9]{12,64}$/;

/** Repository and tag as the user spelled them (`app` → `app`, `latest`); none for image IDs. */
export function nameAndTag(ref: string): { name?: string; tag?: string } {
  if (IMAGE_ID.test(ref)) return {};
  const at = ref.indexOf('@');
  const base = at >= 0 ? ref.slice(0, at) : ref;
  const colon = base.lastIndexOf(':');
  if (colon > base.lastIndexOf('/')) return { name: base.slice(0, colon), tag: base.slice(colon + 1) };
  return at >= 0 ? { name: base } : { name: base, tag: 'latest' };
}

async function stagingDir(opts: DaemonOptions, env: NodeJS.ProcessEnv): Promise<string> {
  const root = opts.tempDir ?? join(env.XDG_CACHE_HOME ?? join(env.HOME ?? homedir(), '.cache'), 'reins', 'daemon');
  await mkdir(root, { recursive: true, mode: 0o700 });
  return mkdtemp(join(root, 'save-'));
}

/** Opens `ref` (name[:tag], name@digest or image ID) from the Docker daemon. */
export async function openDaemon(ref: string, opts: DaemonOptions = {}): Promise<ImageSource> {
  if (!NAME.test(ref) || ref.includes('..')) {
    throw new InputError('E_INPUT', `invalid image name for the Docker daemon: ${JSON.stringify(ref.slice(0, 200))}`);
  }
  const env = opts.env ?? process.env;
  const ep = await resolveEndpoint(opts.socketPath, env);
  const where = `Docker daemon at ${ep.url}`;

  const idle = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const ping = await engineGet(ep, '/_ping', idle);
  const pong = (await readSmall(ping, 4096)).toString('utf8');
  if (ping.statusCode !== 200) {
    // Go's TLS server answers plain HTTP with 400 "Client sent an HTTP request to an HTTPS server."
    const hint = ping.statusCode === 400 && pong.includes('HTTPS server') ? '; the daemon speaks TLS: set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH' : '';
    throw new InputError('E_DAEMON', `${where} answered /_ping with ${ping.statusCode ?? '?'} ${oneLine(pong).slice(0, 80)}${hint}`);
  }

  const path = `/images/${encodeURI(ref)}`;
  const inspect = await engineGet(ep, `${path}/json`, idle);
  if (inspect.statusCode === 404) throw new InputError('E_INPUT_NOT_FOUND', `image ${ref} not found in the ${where} (${await engineMessage(inspect)})`);
  if (inspect.statusCode !== 200) throw new InputError('E_DAEMON', `${where}: inspecting ${ref} failed with ${inspect.statusCode ?? '?'} (${await engineMessage(inspect)})`);
  await readSmall(inspect);

  const dir = await stagingDir(opts, env);
  const file = join(dir, 'image.tar');
  let inner: ImageSource;
  try {
    const save = await engineGet(ep, `${path}/get`, idle * 10);
    if (save.statusCode !== 200) throw new InputError('E_DAEMON', `${where}: saving ${ref} failed with ${save.statusCode ?? '?'} (${await engineMessage(save)})`);
    try {
      await pipeline(save, createWriteStream(file, { mode: 0o600 }));
    } catch (err) {
      if (err instanceof InputError) throw err; // the daemon went silent (engine.ts names it)
      throw new InputError('E_DAEMON', `${where}: streaming ${ref} to ${file} failed (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
    }
    inner = await openDockerArchive(file);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }

  const { name, tag } = nameAndTag(ref);
  return {
    kind: 'docker-daemon',
    reference: ref,
    ...(name === undefined ? {} : { name }),
    ...(tag === undefined ? {} : { tag }),
    root: () => inner.root(),
    readBlob: (desc) => inner.readBlob(desc),
    openBlob: (desc) => inner.openBlob(desc),
    async close() {
      try {
        await inner.close();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
