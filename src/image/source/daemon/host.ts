/**
 * @module image/source/daemon/host
 * Where the Docker daemon is and how to reach it, read from the environment exactly as the Docker CLI
 * reads it (https://docs.docker.com/reference/cli/docker/#environment-variables,
 * https://docs.docker.com/engine/security/protect-access/; behaviour checked against docker/cli
 * `cli/flags/options.go` and `opts/hosts.go`):
 * - `DOCKER_HOST`: `unix:///path` (or a bare `/path`), `tcp://host[:port][/base]` (or a bare `host:port`).
 *   A tcp address without a port gets 2375, with or without TLS (as `opts.ParseTCPAddr` does). Unset:
 *   `/var/run/docker.sock`, or `tcp://localhost:2376` when TLS is on (as the CLI's `ParseHost(defaultToTLS)`).
 * - TLS is on when `DOCKER_TLS_VERIFY` or `DOCKER_TLS` is non-empty (any value, even `0`). With
 *   `DOCKER_TLS_VERIFY` the server must present a certificate for the host signed by `ca.pem` (and only
 *   by it: no system roots); with `DOCKER_TLS` alone the server is not verified.
 * - Certificates: `DOCKER_CERT_PATH` (default `$DOCKER_CONFIG`, else `~/.docker`) holds `ca.pem`,
 *   `cert.pem`, `key.pem`. The client certificate is sent when both files exist; neither is fine (as the
 *   CLI), one without the other is an error.
 * Limits: `ssh://` and `npipe://` are refused, and so are Docker contexts (`DOCKER_CONTEXT`, `docker
 * context use`) and HTTP(S)_PROXY; `DOCKER_TLS_CERTDIR` is the dind image's variable, not the CLI's:
 * in a CI job without the docker image's entrypoint set `DOCKER_TLS_VERIFY=1` and
 * `DOCKER_CERT_PATH=$DOCKER_TLS_CERTDIR/client`.
 */
import { readFile } from 'node:fs/promises';
import type { RequestOptions } from 'node:https';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { InputError, oneLine } from '../../../common/errors.ts';

export const DEFAULT_SOCKET = '/var/run/docker.sock';
const SUPPORTED = 'reins supports unix:///path and tcp://host:port (TLS with DOCKER_TLS_VERIFY / DOCKER_CERT_PATH)';

/** DOCKER_HOST resolved: a unix socket or a TCP address with its TLS settings. */
export type DaemonHost =
  | { kind: 'unix'; socketPath: string }
  | { kind: 'tcp'; host: string; port: number; basePath: string; tls?: { verify: boolean; certPath: string } };

/** The daemon to talk to, ready for `engineGet`: request options differ, the request path does not. */
export interface Endpoint {
  /** `unix:///var/run/docker.sock`, `tcp://docker:2376` — for messages. */
  url: string;
  /** Set for TLS: where the certificates came from and whether a client certificate is presented. */
  tls?: { verify: boolean; certPath: string; clientCert: boolean };
  /** Prefix of every API path (`tcp://host:port/base`), usually empty. */
  basePath: string;
  /** `socketPath` for unix; `host`/`port` (+ `ca`/`cert`/`key`/`rejectUnauthorized`) for tcp. */
  options: RequestOptions;
}

const on = (v: string | undefined): boolean => v !== undefined && v !== '';

/** Parses DOCKER_HOST (or the `socketPath` option, which wins) into a DaemonHost; no I/O. */
export function resolveHost(socketPath: string | undefined, env: NodeJS.ProcessEnv = process.env): DaemonHost {
  if (socketPath !== undefined && socketPath !== '') return { kind: 'unix', socketPath };
  const useTls = on(env.DOCKER_TLS_VERIFY) || on(env.DOCKER_TLS);
  const tls = useTls ? { verify: on(env.DOCKER_TLS_VERIFY), certPath: certPath(env) } : undefined;
  const value = (env.DOCKER_HOST ?? '').trim();
  if (value === '') return tls === undefined ? { kind: 'unix', socketPath: DEFAULT_SOCKET } : { kind: 'tcp', host: 'localhost', port: 2376, basePath: '', tls };

  const sep = value.indexOf('://');
  const scheme = sep >= 0 ? value.slice(0, sep) : value.startsWith('/') || value.startsWith('./') ? 'unix' : 'tcp';
  const rest = sep >= 0 ? value.slice(sep + 3) : value;
  if (scheme === 'unix') return { kind: 'unix', socketPath: rest === '' ? DEFAULT_SOCKET : rest };
  if (scheme === 'ssh' || scheme === 'npipe' || scheme === 'fd') {
    throw new InputError('E_DAEMON', `DOCKER_HOST=${value} is not supported (${scheme}://): ${SUPPORTED}`);
  }
  if (scheme !== 'tcp') throw new InputError('E_DAEMON', `DOCKER_HOST=${value} is not a Docker host address: ${SUPPORTED}`);

  let url: URL;
  try {
    url = new URL(`tcp://${rest}`);
  } catch (err) {
    throw new InputError('E_DAEMON', `DOCKER_HOST=${value} is not a valid tcp://host:port address`, { cause: err });
  }
  if (url.username !== '' || url.search !== '' || url.hash !== '') throw new InputError('E_DAEMON', `DOCKER_HOST=${value}: only tcp://host:port[/path] is accepted`);
  const port = url.port === '' ? 2375 : Number(url.port);
  const host = url.hostname === '' ? 'localhost' : url.hostname.replace(/^\[(.*)\]$/, '$1');
  const basePath = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return { kind: 'tcp', host, port, basePath, ...(tls === undefined ? {} : { tls }) };
}

function certPath(env: NodeJS.ProcessEnv): string {
  if (on(env.DOCKER_CERT_PATH)) return env.DOCKER_CERT_PATH!;
  if (on(env.DOCKER_CONFIG)) return env.DOCKER_CONFIG!;
  return join(on(env.HOME) ? env.HOME! : homedir(), '.docker');
}

/** `unix:///…` or `tcp://host:port` as a user would write it. */
export function hostUrl(h: DaemonHost): string {
  if (h.kind === 'unix') return `unix://${h.socketPath}`;
  return `tcp://${h.host.includes(':') ? `[${h.host}]` : h.host}:${h.port}${h.basePath}`;
}

/** A PEM file of DOCKER_CERT_PATH, or undefined when it does not exist. */
async function pem(dir: string, name: string, url: string): Promise<Buffer | undefined> {
  const file = join(dir, name);
  try {
    return await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new InputError('E_DAEMON', `cannot read ${file} (DOCKER_CERT_PATH=${dir}) for the Docker daemon at ${url}: ${code ?? (err as Error).message}`, { cause: err });
  }
}

/** Resolves DOCKER_HOST and, for TLS, loads ca.pem / cert.pem / key.pem; errors name the file. */
export async function resolveEndpoint(socketPath: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<Endpoint> {
  const h = resolveHost(socketPath, env);
  const url = hostUrl(h);
  if (h.kind === 'unix') return { url, basePath: '', options: { socketPath: h.socketPath, headers: { host: 'docker' } } };
  const options: RequestOptions = { host: h.host, port: h.port };
  if (h.tls === undefined) return { url, basePath: h.basePath, options };

  const dir = h.tls.certPath;
  const [ca, cert, key] = await Promise.all([h.tls.verify ? pem(dir, 'ca.pem', url) : undefined, pem(dir, 'cert.pem', url), pem(dir, 'key.pem', url)]);
  if (h.tls.verify && ca === undefined) {
    throw new InputError('E_DAEMON', `DOCKER_TLS_VERIFY is set but ${join(dir, 'ca.pem')} is missing (DOCKER_CERT_PATH=${dir}); it is needed to verify the Docker daemon at ${url}`);
  }
  if ((cert === undefined) !== (key === undefined)) {
    const missing = join(dir, cert === undefined ? 'cert.pem' : 'key.pem');
    throw new InputError('E_DAEMON', `${missing} is missing (DOCKER_CERT_PATH=${dir}): the client certificate for the Docker daemon at ${url} needs both cert.pem and key.pem`);
  }
  const material = { ...(ca === undefined ? {} : { ca }), ...(cert === undefined ? {} : { cert, key }) };
  try {
    createSecureContext(material); // bad PEM fails here, with the file named, rather than inside the request
  } catch (err) {
    throw new InputError('E_DAEMON', `the TLS files in DOCKER_CERT_PATH=${dir} (ca.pem, cert.pem, key.pem) are unusable for the Docker daemon at ${url}: ${oneLine((err as Error).message)}`, { cause: err });
  }
  Object.assign(options, material, { rejectUnauthorized: h.tls.verify });
  return { url, basePath: h.basePath, tls: { verify: h.tls.verify, certPath: dir, clientCert: cert !== undefined }, options };
}
