/**
 * @module image/source/registry
 * An ImageSource over a remote registry speaking the OCI distribution API
 * (https://github.com/opencontainers/distribution-spec/blob/main/spec.md), fetched with Node's
 * `fetch`: `root()` GETs the manifest or index for the reference's tag or digest; `readBlob` and
 * `openBlob` GET blobs (child manifests of an index go through the manifests endpoint). Every byte
 * is verified: a manifest against the digest asked for (or `Docker-Content-Digest` when pulled by
 * tag), a blob against its descriptor's digest and size, streamed and never buffered.
 * Auth, insecure mode and retries: see README.md in this folder.
 * A broken blob download resumes with a Range request (blob-stream.ts).
 * Limits: read-only (no push), no mirrors; manifests above 4 MiB and readBlob above 64 MiB are
 * refused.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { InputError, IntegrityError } from '../../../common/errors.ts';
import { parseDigest, sha256Digest, verifyBuffer } from '../../digest.ts';
import { MEDIA, parseImageDocument } from '../../schema.ts';
import type { Descriptor, ImageSource, OciIndex, OciManifest } from '../../types.ts';
import { createRegistryClient } from './client.ts';
import { resolveCredentials } from './credentials.ts';
import { verifiedBlobStream } from './blob-stream.ts';
import { makeTransport, readLimited, type FetchFn, type TimeoutOptions } from './http.ts';
import { parseReference } from './reference.ts';
import type { RetryOptions } from './retry.ts';

export { parseReference } from './reference.ts';
export type { ImageReference } from './reference.ts';

export interface RegistryOptions {
  /** Allow plain HTTP (never TLS without verification). */
  insecure?: boolean;
  username?: string;
  password?: string;
  /** Docker CLI config file, or a directory holding config.json. */
  dockerConfigPath?: string;
  /** Environment to read REINS_REGISTRY_* / DOCKER_CONFIG / HOME from (default process.env). */
  env?: NodeJS.ProcessEnv;
  fetch?: FetchFn;
  retry?: RetryOptions;
  timeouts?: TimeoutOptions;
}

/** Accept list for manifests: OCI first, then Docker v2 (schema 1 is not asked for). */
export const MANIFEST_ACCEPT = [MEDIA.ociIndex, MEDIA.ociManifest, MEDIA.dockerList, MEDIA.dockerManifest] as const;
const MANIFEST_TYPES = new Set<string>(MANIFEST_ACCEPT);
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
export const MAX_READ_BLOB_BYTES = 64 * 1024 * 1024;

function mediaTypeOf(res: Response, document: OciManifest | OciIndex, isIndex: boolean): string {
  const header = res.headers.get('content-type')?.split(';')[0]?.trim();
  if (header !== undefined && MANIFEST_TYPES.has(header)) return header;
  return document.mediaType ?? (isIndex ? MEDIA.ociIndex : MEDIA.ociManifest);
}

/** Opens `ref` on its registry. Nothing is fetched until root()/readBlob()/openBlob(). */
export async function openRegistry(ref: string, opts: RegistryOptions = {}): Promise<ImageSource> {
  const parsed = parseReference(ref);
  const { registry, repository } = parsed;
  const controller = new AbortController();
  const transport = makeTransport(opts.fetch, opts.retry, controller.signal, opts.timeouts);
  const client = createRegistryClient({
    registry,
    repository,
    insecure: opts.insecure === true,
    credentials: resolveCredentials(registry, opts),
    transport,
  });
  const label = `${registry}/${repository}`;
  const manifestName = `${repository}${parsed.tag === undefined ? '' : `:${parsed.tag}`}${parsed.digest === undefined ? '' : `@${parsed.digest}`}`;

  async function fetchRoot(): Promise<{ descriptor: Descriptor; document: OciManifest | OciIndex }> {
    const target = parsed.digest ?? parsed.tag ?? 'latest';
    const res = await client.get(`manifests/${target}`, MANIFEST_ACCEPT, `manifest ${manifestName}`);
    const headerDigest = res.headers.get('docker-content-digest')?.trim();
    const bytes = await readLimited(res, MAX_MANIFEST_BYTES, `${label}: manifest ${manifestName}`, transport.idleMs);
    let digest: string;
    if (parsed.digest !== undefined) {
      verifyBuffer(bytes, parsed.digest, -1, `${label}: manifest ${manifestName}`);
      digest = parsed.digest;
    } else {
      digest = sha256Digest(bytes);
      if (headerDigest !== undefined && headerDigest !== '') {
        const { algorithm, hex } = parseDigest(headerDigest, `${label}: Docker-Content-Digest of ${manifestName}`);
        const got = createHash(algorithm).update(bytes).digest('hex');
        if (got !== hex) {
          throw new IntegrityError(`${label}: manifest ${manifestName} hashes to ${algorithm}:${got}, registry's Docker-Content-Digest says ${headerDigest}`);
        }
      }
    }
    const doc = parseImageDocument(bytes, `${label}: manifest ${manifestName}`);
    const document = doc.kind === 'index' ? doc.index : doc.manifest;
    return { descriptor: { mediaType: mediaTypeOf(res, document, doc.kind === 'index'), digest, size: bytes.length }, document };
  }

  let rootPromise: ReturnType<typeof fetchRoot> | undefined;

  async function readBlob(desc: Descriptor): Promise<Buffer> {
    parseDigest(desc.digest, `${label}: descriptor`);
    const isManifest = MANIFEST_TYPES.has(desc.mediaType);
    const limit = isManifest ? MAX_MANIFEST_BYTES : MAX_READ_BLOB_BYTES;
    if (desc.size > limit) {
      throw new InputError('E_INPUT_TOO_LARGE', `${label}: blob ${desc.digest} has ${desc.size} bytes, more than the ${limit} readBlob reads (use openBlob)`);
    }
    const res = isManifest
      ? await client.get(`manifests/${desc.digest}`, MANIFEST_ACCEPT, `manifest ${repository}@${desc.digest}`)
      : await client.get(`blobs/${desc.digest}`, undefined, `blob ${desc.digest} in ${repository}`);
    // Read at most one byte more than announced: enough to detect an oversized body.
    const bytes = await readLimited(res, desc.size + 1, `${label}: blob ${desc.digest}`, transport.idleMs).catch((err: unknown) => {
      if (err instanceof InputError && err.code === 'E_INPUT_TOO_LARGE') {
        throw new IntegrityError(`${label}: blob ${desc.digest} is longer than the ${desc.size} bytes its descriptor says`);
      }
      throw err;
    });
    verifyBuffer(bytes, desc.digest, desc.size, label);
    return bytes;
  }

  async function openBlob(desc: Descriptor): Promise<Readable> {
    parseDigest(desc.digest, `${label}: descriptor`);
    const isManifest = MANIFEST_TYPES.has(desc.mediaType);
    const path = isManifest ? `manifests/${desc.digest}` : `blobs/${desc.digest}`;
    const accept = isManifest ? MANIFEST_ACCEPT : undefined;
    const what = `blob ${desc.digest} in ${repository}`;
    const first = await client.get(path, accept, what);
    return verifiedBlobStream({
      desc,
      label,
      first,
      resume: (offset) => client.get(path, accept, what, { range: `bytes=${offset}-` }),
      maxResumes: transport.attempts - 1,
      signal: controller.signal,
      idleMs: transport.idleMs,
    });
  }

  return {
    kind: 'registry',
    reference: ref,
    name: label,
    ...(parsed.tag === undefined ? {} : { tag: parsed.tag }),
    root() {
      // Cached once it succeeds; a failure is not cached, so a caller may try again.
      rootPromise ??= fetchRoot().catch((err: unknown) => {
        rootPromise = undefined;
        throw err;
      });
      return rootPromise;
    },
    readBlob,
    openBlob,
    async close() {
      controller.abort();
    },
  };
}
