/**
 * @module image/test-support
 * Helpers for the image tests (not used by the product): where the testbed is, and small
 * synthetic layers / in-memory sources built with tar-stream + node:zlib.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync, zstdCompressSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { sha256Digest, VerifyingStream } from './digest.ts';
import type { Descriptor, ImageSource, LayerInfo } from './types.ts';

export const TESTBED = process.env.TESTBED_OUT ?? join(homedir(), '.cache', 'reins-testbed');

/** A skip reason when the testbed image is not built, else undefined. */
export function testbedMissing(image?: string): string | undefined {
  const p = image === undefined ? TESTBED : join(TESTBED, 'images', image, 'oci', 'index.json');
  return existsSync(p) ? undefined : `testbed ${image ?? ''} not built at ${TESTBED}`;
}

export interface TestbedLayer {
  mediaType: string;
  digest: string;
  size: number;
  diff_id: string;
  dir: string;
}

/** `images/<image>/image.json` as written by the testbed's pack.py (an independent record of digests). */
export async function testbedImageJson(image: string): Promise<{ top: Descriptor; layers: TestbedLayer[]; manifests: Descriptor[] }> {
  return JSON.parse(await readFile(join(TESTBED, 'images', image, 'image.json'), 'utf8'));
}

export interface SyntheticEntry {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link';
  content?: string | Buffer;
  linkname?: string;
  mode?: number;
}

/** An uncompressed tar built with tar-stream (names written verbatim; fixed mtime and owner, so the bytes are reproducible). */
export async function makeTar(entries: readonly SyntheticEntry[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const c of p) chunks.push(c as Buffer);
  })();
  for (const e of entries) {
    const type = e.type ?? 'file';
    const content = type === 'file' ? Buffer.from(e.content ?? '') : undefined;
    await new Promise<void>((resolve, reject) => {
      const cb = (err?: Error | null): void => (err == null ? resolve() : reject(err));
      const mode = e.mode ?? (type === 'directory' ? 0o755 : 0o644);
      const header = { name: e.name, type, mode, mtime: new Date(1704067200000), uid: 0, gid: 0, ...(e.linkname === undefined ? {} : { linkname: e.linkname }) };
      if (content !== undefined) p.entry({ ...header, size: content.length }, content, cb);
      else p.entry(header, cb);
    });
  }
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}

export type Compression = 'gzip' | 'zstd' | 'none';

export function compress(tar: Buffer, how: Compression): Buffer {
  return how === 'gzip' ? gzipSync(tar) : how === 'zstd' ? zstdCompressSync(tar) : tar;
}

/** An in-memory ImageSource serving `blobs` by digest (with digest verification like the real ones). */
/** An ImageSource serving `blobs` by digest; `chunk` splits each blob stream into pieces of that many bytes. */
export function memorySource(blobs: readonly Buffer[], chunk?: number): ImageSource {
  const byDigest = new Map(blobs.map((b) => [sha256Digest(b), b]));
  return {
    kind: 'oci-layout',
    reference: 'memory:test',
    root: async () => {
      throw new Error('memorySource has no root');
    },
    readBlob: async (d) => {
      const b = byDigest.get(d.digest);
      if (b === undefined) throw new Error(`missing ${d.digest}`);
      return b;
    },
    openBlob: async (d) => {
      const b = byDigest.get(d.digest);
      if (b === undefined) throw new Error(`missing ${d.digest}`);
      const pieces: Buffer[] = [];
      for (let i = 0; i < b.length; i += chunk ?? b.length) pieces.push(b.subarray(i, i + (chunk ?? b.length)));
      return Readable.from(pieces).pipe(new VerifyingStream(d.digest, d.size, 'memory:test'));
    },
    close: async () => undefined,
  };
}

/** A LayerInfo for `blob` whose uncompressed form is `tar`. */
export function layerFor(blob: Buffer, tar: Buffer, index = 0): LayerInfo {
  return {
    index,
    descriptor: { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha256Digest(blob), size: blob.length },
    diffId: sha256Digest(tar),
    origin: 'app',
  };
}

/** Writes an OCI layout: every blob under blobs/sha256, index.json listing `manifests`. Returns descriptors of the blobs. */
export async function writeLayout(dir: string, blobs: readonly Buffer[], manifests: readonly Descriptor[]): Promise<void> {
  const { mkdir, writeFile } = await import('node:fs/promises');
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  await writeFile(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  for (const b of blobs) await writeFile(join(dir, 'blobs', 'sha256', sha256Digest(b).slice(7)), b);
  await writeFile(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests }));
}

/** A descriptor for `blob`. */
export function describe(blob: Buffer, mediaType: string, extra: Partial<Descriptor> = {}): Descriptor {
  return { mediaType, digest: sha256Digest(blob), size: blob.length, ...extra };
}

/** `src` with its blob opens counted by digest (`opens`): to assert how often layers are read. */
export function countingSource(src: ImageSource): { source: ImageSource; opens: Map<string, number> } {
  const opens = new Map<string, number>();
  const source: ImageSource = {
    ...src,
    root: () => src.root(),
    readBlob: (d) => src.readBlob(d),
    close: () => src.close(),
    openBlob: (d) => {
      opens.set(d.digest, (opens.get(d.digest) ?? 0) + 1);
      return src.openBlob(d);
    },
  };
  return { source, opens };
}
