/**
 * Builders of small BROKEN images for the bad-input tests, derived from the real testbed image
 * `go-bins-mod` (one gzip layer with esbuild, 4 MB). Every builder writes into a directory it is
 * given and fixes up every digest, size and diff_id except the one thing it breaks, so each case
 * hits exactly the failure it names.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync, zstdCompressSync } from 'node:zlib';
import { extract, pack } from 'tar-stream';
import type { Header } from 'tar-stream';

type Headers = Partial<Header> & Pick<Header, 'name'>;
import { dockerArchive, ociLayout } from './testbed.ts';
import { makeTar as makeSyntheticTar, type SyntheticEntry } from '../../src/image/test-support.ts';

export const BASE_IMAGE = 'go-bins-mod';

export const sha256 = (b: Buffer | string): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

const GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
const ZSTD = 'application/vnd.oci.image.layer.v1.tar+zstd';

interface Descriptor { mediaType: string; digest: string; size: number; annotations?: Record<string, string> }
interface Manifest { schemaVersion: number; mediaType: string; config: Descriptor; layers: Descriptor[]; annotations?: Record<string, string> }
interface Config { rootfs: { type: string; diff_ids: string[] }; [k: string]: unknown }

/** The real base image, read once from the testbed's OCI layout. */
export interface BaseImage { manifest: Manifest; config: Config; layerBlob: Buffer; layerTar: Buffer }

let cached: BaseImage | undefined;
export function baseImage(): BaseImage {
  if (cached) return cached;
  const dir = ociLayout(BASE_IMAGE);
  const blob = (digest: string): Buffer => readFileSync(join(dir, 'blobs', 'sha256', digest.slice('sha256:'.length)));
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { manifests: Descriptor[] };
  const manifest = JSON.parse(blob(index.manifests[0]!.digest).toString('utf8')) as Manifest;
  const config = JSON.parse(blob(manifest.config.digest).toString('utf8')) as Config;
  const layerBlob = blob(manifest.layers[0]!.digest);
  cached = { manifest, config, layerBlob, layerTar: gunzipSync(layerBlob) };
  return cached;
}

function putBlob(dir: string, bytes: Buffer | string): Descriptor & { bytes: Buffer } {
  const b = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  const digest = sha256(b);
  writeFileSync(join(dir, 'blobs', 'sha256', digest.slice('sha256:'.length)), b);
  return { mediaType: '', digest, size: b.length, bytes: b };
}

export interface LayoutParts {
  /** Layer blobs with their media type; `digest`/`size` override what the manifest says (to break them). */
  layers: { blob: Buffer; mediaType: string; digest?: string; size?: number; diffId: string }[];
  /** Raw config bytes instead of the JSON built from the base config (to break it). */
  configBytes?: Buffer | string;
  /** Raw manifest bytes instead of the JSON built from the parts (to break it). */
  manifestBytes?: Buffer | string;
}

/**
 * Writes an OCI image layout at `dir` (index.json with ref.name latest, oci-layout, blobs) and
 * returns `oci:<dir>`. Everything the parts do not override is consistent.
 */
export function writeOciLayout(dir: string, parts: LayoutParts): string {
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const base = baseImage();
  const layers = parts.layers.map((l) => {
    if (l.digest !== undefined) {
      // stored under the digest the manifest names, whatever its content hashes to
      writeFileSync(join(dir, 'blobs', 'sha256', l.digest.slice('sha256:'.length)), l.blob);
      return { mediaType: l.mediaType, digest: l.digest, size: l.size ?? l.blob.length };
    }
    const d = putBlob(dir, l.blob);
    return { mediaType: l.mediaType, digest: d.digest, size: l.size ?? d.size };
  });
  const configBytes = parts.configBytes ?? JSON.stringify({ ...base.config, rootfs: { type: 'layers', diff_ids: parts.layers.map((l) => l.diffId) } });
  const config = putBlob(dir, configBytes);
  const manifestBytes = parts.manifestBytes ?? JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config.digest, size: config.size },
    layers,
  } satisfies Manifest);
  const manifest = putBlob(dir, manifestBytes);
  writeFileSync(join(dir, 'index.json'), JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: manifest.digest, size: manifest.size, annotations: { 'org.opencontainers.image.ref.name': 'latest' } }],
  }));
  return `oci:${dir}`;
}

/** The unmodified base image re-written (a control: must scan fine). */
export function intactLayout(dir: string): string {
  const b = baseImage();
  return writeOciLayout(dir, { layers: [{ blob: b.layerBlob, mediaType: GZIP, diffId: sha256(b.layerTar) }] });
}

/**
 * The gzip layer cut to half its length. `fixed`: the manifest names the truncated blob's digest
 * and size (so the truncation is what reins meets); `digest-not-fixed`: the manifest keeps the
 * original digest but states the new size (a digest mismatch); `size-not-fixed`: the manifest
 * keeps the original digest and size (a size mismatch, caught before hashing).
 */
export function truncatedLayer(dir: string, mode: 'fixed' | 'digest-not-fixed' | 'size-not-fixed'): { input: string; layerDigest: string; actualDigest: string } {
  const b = baseImage();
  const original = b.manifest.layers[0]!;
  const blob = b.layerBlob.subarray(0, Math.floor(b.layerBlob.length / 2));
  const diffId = sha256(b.layerTar);
  const layer = mode === 'fixed'
    ? { blob, mediaType: GZIP, diffId }
    : { blob, mediaType: GZIP, digest: original.digest, size: mode === 'size-not-fixed' ? original.size : blob.length, diffId };
  const input = writeOciLayout(dir, { layers: [layer] });
  return { input, layerDigest: mode === 'fixed' ? sha256(blob) : original.digest, actualDigest: sha256(blob) };
}

/**
 * The real gzip layer with bytes in the middle of its deflate stream flipped (the 10-byte gzip
 * header and the CRC/ISIZE trailer untouched); digest and size fixed up.
 */
export function corruptGzip(dir: string): { input: string; layerDigest: string } {
  const b = baseImage();
  const blob = Buffer.from(b.layerBlob);
  const mid = Math.floor(blob.length / 2);
  for (let i = mid; i < mid + 64; i++) blob[i] = blob[i]! ^ 0xff;
  const input = writeOciLayout(dir, { layers: [{ blob, mediaType: GZIP, diffId: sha256(b.layerTar) }] });
  return { input, layerDigest: sha256(blob) };
}

/**
 * The real layer tar recompressed with zstd (a valid tar+zstd layer), then bytes in the middle
 * of the compressed frame flipped; digest and size fixed up.
 */
export function corruptZstd(dir: string): { input: string; layerDigest: string } {
  const b = baseImage();
  const blob = Buffer.from(zstdCompressSync(b.layerTar));
  const mid = Math.floor(blob.length / 2);
  for (let i = mid; i < mid + 64; i++) blob[i] = blob[i]! ^ 0xff;
  const input = writeOciLayout(dir, { layers: [{ blob, mediaType: ZSTD, diffId: sha256(b.layerTar) }] });
  return { input, layerDigest: sha256(blob) };
}

/** The same zstd recompression, not corrupted (a control: must scan fine). */
export function validZstd(dir: string): string {
  const b = baseImage();
  return writeOciLayout(dir, { layers: [{ blob: zstdCompressSync(b.layerTar), mediaType: ZSTD, diffId: sha256(b.layerTar) }] });
}

/** Tar entries of the bad images. */
export type TarEntry = SyntheticEntry;

/** An uncompressed tar (the shared test writer, src/image/test-support.ts), symlinks 0777 as on disk. */
export function makeTar(entries: readonly TarEntry[]): Promise<Buffer> {
  return makeSyntheticTar(entries.map((e) => (e.type === 'symlink' && e.mode === undefined ? { ...e, mode: 0o777 } : e)));
}

/** An image whose only layer is `tar` (gzip-compressed, every digest and diff_id right). */
export function layoutWithLayerTar(dir: string, tar: Buffer): { input: string; layerDigest: string } {
  const blob = gzipSync(tar);
  const input = writeOciLayout(dir, { layers: [{ blob, mediaType: GZIP, diffId: sha256(tar) }] });
  return { input, layerDigest: sha256(blob) };
}

/** A layer with an entry `../../etc/passwd` (climbs out of the image root). */
export async function dotDotEscape(dir: string): Promise<{ input: string; layerDigest: string; entry: string }> {
  const entry = '../../etc/passwd';
  const tar = await makeTar([{ name: 'etc/', type: 'directory' }, { name: entry, content: 'root:x:0:0:root:/root:/bin/sh\n' }]);
  return { ...layoutWithLayerTar(dir, tar), entry };
}

/** A layer with an absolute entry name that still climbs above the root: `/../../../etc/shadow`. */
export async function absoluteEscape(dir: string): Promise<{ input: string; layerDigest: string; entry: string }> {
  const entry = '/../../../etc/shadow';
  const tar = await makeTar([{ name: entry, content: 'root:*:19000:0:99999:7:::\n' }]);
  return { ...layoutWithLayerTar(dir, tar), entry };
}

/**
 * A layer where the os-release the OS detector must read is a symlink loop:
 * /etc/os-release -> /usr/lib/os-release and /usr/lib/os-release -> /etc/os-release.
 */
export async function symlinkLoop(dir: string): Promise<{ input: string; layerDigest: string }> {
  const tar = await makeTar([
    { name: 'etc/', type: 'directory' },
    { name: 'etc/os-release', type: 'symlink', linkname: '/usr/lib/os-release' },
    { name: 'usr/', type: 'directory' },
    { name: 'usr/lib/', type: 'directory' },
    { name: 'usr/lib/os-release', type: 'symlink', linkname: '/etc/os-release' },
  ]);
  return layoutWithLayerTar(dir, tar);
}

/**
 * A layer where a language package sits under a directory symlink loop
 * (/usr/lib -> /lib, /lib -> /usr/lib) next to a dpkg database that owns a file there, so the
 * ownership check must resolve the directory: /usr/lib/node_modules/left-pad/package.json.
 */
export async function dirSymlinkLoop(dir: string): Promise<{ input: string; layerDigest: string }> {
  const tar = await makeTar([
    { name: 'lib', type: 'symlink', linkname: '/usr/lib' },
    { name: 'usr/', type: 'directory' },
    { name: 'usr/lib', type: 'symlink', linkname: '/lib' },
    { name: 'usr/lib/node_modules/left-pad/package.json', content: '{"name":"left-pad","version":"1.3.0"}\n' },
    { name: 'var/lib/dpkg/status', content: 'Package: node-left-pad\nStatus: install ok installed\nVersion: 1.3.0-1\nArchitecture: all\n\n' },
    { name: 'var/lib/dpkg/info/node-left-pad.list', content: '/usr/lib/node_modules/left-pad/package.json\n' },
  ]);
  return layoutWithLayerTar(dir, tar);
}

/** Sets a ustar header's size field to `size` in base-256 (GNU) and recomputes the checksum. */
function setHeaderSize(header: Buffer, size: bigint): void {
  const field = header.subarray(124, 136);
  field.fill(0);
  field[0] = 0x80;
  let v = size;
  for (let i = 11; i >= 1; i--) {
    field[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  header.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of header.subarray(0, 512)) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
}

export const HUGE_SIZE = 10n * 1024n * 1024n * 1024n;
export const HUGE_ENTRY = 'usr/share/huge.bin';

/**
 * A layer whose entry `usr/share/huge.bin` claims 10 GiB in its header (GNU base-256 size field)
 * but carries 1 KiB of body, then the tar ends.
 */
export async function hugeEntry(dir: string): Promise<{ input: string; layerDigest: string }> {
  const tar = await makeTar([{ name: 'usr/', type: 'directory' }, { name: 'usr/share/', type: 'directory' }, { name: HUGE_ENTRY, content: 'x'.repeat(1024) }]);
  // The third header (after two directory headers of 512 bytes each) is the file's.
  const header = tar.subarray(1024, 1536);
  if (header.toString('utf8', 0, HUGE_ENTRY.length) !== HUGE_ENTRY) throw new Error('hugeEntry: unexpected tar layout');
  setHeaderSize(header, HUGE_SIZE);
  return layoutWithLayerTar(dir, tar);
}

/** The manifest blob is not JSON (cut mid-object); index.json names its real digest and size. */
export function malformedManifest(dir: string): { input: string; manifestDigest: string } {
  const b = baseImage();
  const bytes = Buffer.from(JSON.stringify(b.manifest)).subarray(0, 120);
  const input = writeOciLayout(dir, { layers: [{ blob: b.layerBlob, mediaType: GZIP, diffId: sha256(b.layerTar) }], manifestBytes: bytes });
  return { input, manifestDigest: sha256(bytes) };
}

/** The config blob is not JSON (cut mid-object); the manifest names its real digest and size. */
export function malformedConfig(dir: string): { input: string; configDigest: string } {
  const b = baseImage();
  const bytes = Buffer.from(JSON.stringify(b.config)).subarray(0, 100);
  const input = writeOciLayout(dir, { layers: [{ blob: b.layerBlob, mediaType: GZIP, diffId: sha256(b.layerTar) }], configBytes: bytes });
  return { input, configDigest: sha256(bytes) };
}

/** Copies the testbed docker-archive of the base image, replacing entries by name. */
async function rewriteDockerArchive(out: string, replace: Record<string, Buffer>): Promise<void> {
  const src = readFileSync(dockerArchive(BASE_IMAGE));
  const entries: { header: Headers; body: Buffer }[] = [];
  const ex = extract();
  const read = (async () => {
    for await (const entry of ex) {
      const chunks: Buffer[] = [];
      for await (const c of entry) chunks.push(c as Buffer);
      entries.push({ header: entry.header, body: Buffer.concat(chunks) });
    }
  })();
  ex.end(src);
  await read;
  const p = pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const c of p) chunks.push(c as Buffer);
  })();
  for (const { header, body } of entries) {
    const b = replace[header.name] ?? body;
    await new Promise<void>((resolve, reject) => {
      const cb = (err?: Error | null): void => (err == null ? resolve() : reject(err));
      if (header.type === 'file') p.entry({ ...header, size: b.length }, b, cb);
      else p.entry(header, cb);
    });
  }
  p.finalize();
  await done;
  writeFileSync(out, Buffer.concat(chunks));
}

/** A docker-archive (`docker save`) whose manifest.json is cut mid-array. */
export async function dockerArchiveBrokenManifest(dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const out = join(dir, 'broken-manifest.docker.tar');
  const good = readFileSync(dockerArchive(BASE_IMAGE));
  // the real manifest.json, cut in the middle of its first object
  const original = await readEntry(good, 'manifest.json');
  await rewriteDockerArchive(out, { 'manifest.json': original.subarray(0, Math.floor(original.length / 2)) });
  return `docker-archive:${out}`;
}

/** The intact docker-archive re-packed by the same code (a control: must scan fine). */
export async function dockerArchiveRepacked(dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const out = join(dir, 'repacked.docker.tar');
  await rewriteDockerArchive(out, {});
  return `docker-archive:${out}`;
}

async function readEntry(tar: Buffer, name: string): Promise<Buffer> {
  const ex = extract();
  let found: Buffer | undefined;
  const read = (async () => {
    for await (const entry of ex) {
      const chunks: Buffer[] = [];
      for await (const c of entry) chunks.push(c as Buffer);
      if (entry.header.name === name) found = Buffer.concat(chunks);
    }
  })();
  ex.end(tar);
  await read;
  if (!found) throw new Error(`${name} not in the archive`);
  return found;
}
