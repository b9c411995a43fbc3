/**
 * @module image/open
 * Turns what the user typed into an opened ImageSource. Transports are spelled as skopeo does
 * (https://github.com/containers/image/blob/main/docs/containers-transports.5.md):
 * `docker-archive:PATH[:REF]`, `oci-archive:PATH[:TAG]`, `oci:DIR[:TAG]`, `docker://REF`,
 * `docker-daemon:REF`. A bare existing path is recognised by its CONTENT (a directory with an
 * `oci-layout` file, a tar holding `oci-layout` or `manifest.json`); anything else that does not
 * look like a path is a registry reference.
 * Registry and daemon sources live in `source/registry/` and `source/daemon/` and are imported on use
 * (dynamic import: a local scan never loads the HTTP client).
 */
import { open, stat } from 'node:fs/promises';
import { InputError } from '../common/errors.ts';
import { openDockerArchive } from './source/docker-archive/index.ts';
import { openOciArchive } from './source/oci-archive/index.ts';
import { openOciLayout } from './source/oci-layout/index.ts';
import { indexTar } from './source/tar-index.ts';
import type { ImageSource } from './types.ts';

export interface OpenOptions {
  insecure?: boolean;
  daemonSocket?: string;
  username?: string;
  password?: string;
}

async function kindOf(path: string): Promise<'dir' | 'file' | undefined> {
  try {
    const st = await stat(path);
    return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `PATH[:SUFFIX]`: the whole string when it exists, else the shortest existing prefix ending before
 * a colon (the suffix may hold colons itself: `docker-archive:a.tar:registry:5000/app:1.0`).
 */
async function splitPathSuffix(rest: string): Promise<{ path: string; suffix?: string }> {
  if ((await kindOf(rest)) !== undefined) return { path: rest };
  for (let colon = rest.indexOf(':'); colon > 0; colon = rest.indexOf(':', colon + 1)) {
    if ((await kindOf(rest.slice(0, colon))) !== undefined) return { path: rest.slice(0, colon), suffix: rest.slice(colon + 1) };
  }
  return { path: rest };
}

async function mustExist(path: string, want: 'dir' | 'file', input: string): Promise<void> {
  const k = await kindOf(path);
  if (k === undefined) throw new InputError('E_INPUT_NOT_FOUND', `${input}: ${path} does not exist`);
  if (k !== want) throw new InputError('E_INPUT', `${input}: ${path} is a ${k === 'dir' ? 'directory' : 'file'}, expected a ${want === 'dir' ? 'directory' : 'file'}`);
}

async function sniffFile(path: string): Promise<'oci-archive' | 'docker-archive' | 'compressed' | 'not-tar' | 'other'> {
  const fh = await open(path, 'r');
  const head = Buffer.alloc(4);
  try {
    await fh.read(head, 0, 4, 0);
  } finally {
    await fh.close();
  }
  if ((head[0] === 0x1f && head[1] === 0x8b) || head.readUInt32LE(0) === 0xfd2fb528) return 'compressed';
  let names: Set<string>;
  try {
    names = new Set((await indexTar(path)).keys());
  } catch {
    return 'not-tar';
  }
  if (names.has('oci-layout')) return 'oci-archive';
  if (names.has('manifest.json')) return 'docker-archive';
  return 'other';
}

function looksLikePath(input: string): boolean {
  return input.startsWith('/') || input.startsWith('./') || input.startsWith('../') || input.startsWith('~') || /\.(tar|tgz|tar\.gz)$/.test(input);
}

/** Opens an image from a transport-prefixed reference, an existing path, or a registry reference. */
export async function openImage(input: string, opts: OpenOptions = {}): Promise<ImageSource> {
  if (input.startsWith('docker-archive:')) {
    const { path, suffix } = await splitPathSuffix(input.slice('docker-archive:'.length));
    await mustExist(path, 'file', input);
    return openDockerArchive(path, suffix === undefined ? {} : { ref: suffix });
  }
  if (input.startsWith('oci-archive:')) {
    const { path, suffix } = await splitPathSuffix(input.slice('oci-archive:'.length));
    await mustExist(path, 'file', input);
    return openOciArchive(path, suffix === undefined ? {} : { tag: suffix });
  }
  if (input.startsWith('oci:')) {
    const { path, suffix } = await splitPathSuffix(input.slice('oci:'.length));
    await mustExist(path, 'dir', input);
    return openOciLayout(path, suffix === undefined ? {} : { tag: suffix });
  }
  if (input.startsWith('docker://')) return openRegistryRef(input.slice('docker://'.length), opts);
  if (input.startsWith('docker-daemon:')) {
    const { openDaemon } = await import('./source/daemon/index.ts');
    return openDaemon(input.slice('docker-daemon:'.length), opts.daemonSocket === undefined ? {} : { socketPath: opts.daemonSocket });
  }
  const kind = await kindOf(input);
  if (kind === 'dir') {
    if ((await kindOf(`${input}/oci-layout`)) === 'file') return openOciLayout(input);
    throw new InputError('E_INPUT_UNKNOWN_KIND', `${input}: directory without an oci-layout file, expected an OCI image layout`);
  }
  if (kind === 'file') {
    const what = await sniffFile(input);
    switch (what) {
      case 'oci-archive':
        return openOciArchive(input);
      case 'docker-archive':
        return openDockerArchive(input);
      case 'compressed':
        throw new InputError('E_INPUT_UNKNOWN_KIND', `${input}: compressed file, expected an uncompressed tar (docker save or OCI archive)`);
      case 'not-tar':
        throw new InputError('E_INPUT_UNKNOWN_KIND', `${input}: not a tar archive, expected an OCI layout directory, an OCI archive or a docker-archive`);
      case 'other':
        throw new InputError('E_INPUT_UNKNOWN_KIND', `${input}: neither an OCI archive (no oci-layout member) nor a docker-archive (no manifest.json member)`);
    }
  }
  if (looksLikePath(input)) throw new InputError('E_INPUT_NOT_FOUND', `${input}: no such file or directory`);
  return openRegistryRef(input, opts);
}

async function openRegistryRef(ref: string, opts: OpenOptions): Promise<ImageSource> {
  const { openRegistry } = await import('./source/registry/index.ts');
  return openRegistry(ref, {
    ...(opts.insecure === undefined ? {} : { insecure: opts.insecure }),
    ...(opts.username === undefined ? {} : { username: opts.username }),
    ...(opts.password === undefined ? {} : { password: opts.password }),
  });
}
