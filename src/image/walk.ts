/**
 * @module image/walk
 * The ONE streaming pass over a layer blob: verify the blob digest (compressed bytes, via
 * ImageSource.openBlob) and the diffId (sha256 of the uncompressed tar), decompress (gzip / zstd /
 * none, sniffed from the magic bytes, never trusted from the media type), parse the tar
 * (tar-stream; PAX and GNU long names), collect whiteouts and every entry's metadata, and hand the
 * visitor only the contents it selects. Spec: https://github.com/opencontainers/image-spec/blob/main/layer.md
 *
 * Memory: at most `maxBytes` of a selected file is held; unselected and oversized entries are
 * drained chunk by chunk, so a header claiming 10 GB costs nothing but reading. Contents of
 * selected files are kept (up to 32 MiB per layer) only so that hard links to them can be served;
 * a selected hard link whose target was not kept triggers one extra pass reading just the targets.
 * Limits: GNU sparse files are reported as type 'other' and never read; device files are 'other'.
 */
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createZstdDecompress } from 'node:zlib';
import { extract as tarExtract } from 'tar-stream';
import { InputError, IntegrityError, ReinsError } from '../common/errors.ts';
import { drain, HEAD_BYTES, peekStream, readEntry, sniff, type Compression } from './layer-io.ts';
import { classifyWhiteout, normalizeEntryPath } from './whiteout.ts';
import type { FileMeta, ImageSource, LayerInfo, LayerWalkResult } from './types.ts';

export interface FileSelection {
  maxBytes: number;
  /** Called with the first bytes (up to 8 KiB) before the rest is read; false skips the file. */
  accept?(head: Buffer): boolean;
}

export interface WalkVisitor {
  /** For every regular file (and hard link to one): return a selection to read its content, or undefined to skip. */
  select(meta: FileMeta): FileSelection | undefined;
  /** Content of a selected file (at most maxBytes; files bigger than maxBytes are not read: `tooLarge` is called instead). */
  file(meta: FileMeta, content: Buffer): void | Promise<void>;
  tooLarge?(meta: FileMeta): void;
}

export interface WalkOptions {
  /** Progress: called with the number of compressed (blob) bytes read since the last call. */
  onBytes?(n: number): void;
  signal?: AbortSignal;
}

const LINK_CACHE_BUDGET = 32 << 20;
/**
 * Let the decompressor (on libuv's thread pool) run up to 16 MiB ahead of the tar parser (on the
 * main thread), so the two overlap instead of taking turns. zlib streams pass stream options through
 * to their Transform base; the zlib option types do not list them.
 */
const READ_AHEAD = { readableHighWaterMark: 16 << 20 } as object;

const FILE_TYPES: Record<string, FileMeta['type']> = {
  file: 'file',
  'contiguous-file': 'file',
  directory: 'dir',
  symlink: 'symlink',
  link: 'hardlink',
};

function fileType(t: string | null | undefined): FileMeta['type'] {
  return (t == null ? undefined : FILE_TYPES[t]) ?? 'other';
}

function layerLabel(layer: LayerInfo): string {
  return `layer ${layer.index} (${layer.descriptor.digest})`;
}

/** Maps low-level failures to one-line reins errors naming the layer. */
function toLayerError(err: unknown, layer: LayerInfo, compression: Compression, current?: FileMeta): unknown {
  if (err instanceof ReinsError) return err;
  if (err instanceof Error && err.name === 'AbortError') return err;
  const e = err as { code?: unknown; message?: unknown };
  const msg = typeof e.message === 'string' ? e.message : String(err);
  const code = typeof e.code === 'string' ? e.code : '';
  if (code.startsWith('Z_') || code.startsWith('ZSTD_') || code === 'ERR_ZLIB_INITIALIZATION_FAILED') {
    return new InputError('E_INPUT_CORRUPT_COMPRESSION', `${layerLabel(layer)}: corrupt or truncated ${compression} stream (${msg})`, { cause: err });
  }
  if (msg.startsWith('Unexpected end of data')) {
    const entry = current ? ` (${current.path}, declared ${current.size} bytes)` : '';
    return new InputError('E_INPUT_TRUNCATED_TAR', `${layerLabel(layer)}: tar ends in the middle of an entry${entry}`, { cause: err });
  }
  if (msg.startsWith('Invalid tar header') || msg === 'Invalid header' || msg === 'Header exceeds max size') {
    return new InputError('E_INPUT_TRUNCATED_TAR', `${layerLabel(layer)}: corrupt tar header (${msg})`, { cause: err });
  }
  return err;
}

interface PendingLink {
  meta: FileMeta;
  sel: FileSelection;
}

/** One pass; returns the walk result plus hard links whose target content was not kept. */
async function walkOnce(source: ImageSource, layer: LayerInfo, visitor: WalkVisitor, opts: WalkOptions): Promise<LayerWalkResult & { pending: PendingLink[] }> {
  const label = layerLabel(layer);
  const blob = await source.openBlob(layer.descriptor);
  let compression: Compression = 'none';
  /** The entry being read, named in truncation errors. */
  let current: FileMeta | undefined;
  const whiteouts: string[] = [];
  const opaqueDirs: string[] = [];
  const entries: FileMeta[] = [];
  const pending: PendingLink[] = [];
  const files = new Map<string, FileMeta>();
  const kept = new Map<string, Buffer>();
  let keptBytes = 0;
  const diffHash = createHash('sha256');
  const abort = new AbortController();
  const onAbort = (): void => abort.abort(opts.signal?.reason);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted === true) onAbort();

  const extract = tarExtract();
  let blobIsTar = false;
  let piping: Promise<void> | undefined;
  try {
    const peeked = await peekStream(blob, 4);
    compression = sniff(peeked.head);
    async function* count(src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
      for await (const chunk of src) {
        opts.onBytes?.(chunk.length);
        yield chunk;
      }
    }
    // An uncompressed blob named by its diffId (docker-archive) is already hashed by openBlob.
    blobIsTar = compression === 'none' && layer.descriptor.digest === layer.diffId;
    async function* hashTar(src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
      for await (const chunk of src) {
        diffHash.update(chunk);
        yield chunk;
      }
    }
    const stages: NodeJS.ReadWriteStream[] = [];
    if (compression === 'gzip') stages.push(createGunzip({ chunkSize: 1 << 18, ...READ_AHEAD }));
    if (compression === 'zstd') stages.push(createZstdDecompress({ chunkSize: 1 << 18, ...READ_AHEAD }));
    // Node's pipeline accepts async-generator stages and the streamx Writable at runtime; its types do not say so.
    const parts = [peeked.stream, ...(opts.onBytes === undefined ? [] : [count]), ...stages, ...(blobIsTar ? [] : [hashTar]), extract] as unknown as NodeJS.ReadableStream[];
    piping = pipeline(parts, { signal: abort.signal });
    piping.catch(() => undefined); // awaited below; avoid an unhandled rejection while entries are consumed

    for await (const tarEntry of extract) {
      const entry = tarEntry as unknown as AsyncIterable<Buffer>;
      const h = tarEntry.header;
      const path = normalizeEntryPath(h.name, label);
      const wo = classifyWhiteout(path);
      if (wo !== undefined) {
        if (wo.kind === 'whiteout') whiteouts.push(wo.path);
        else if (wo.kind === 'opaque') opaqueDirs.push(wo.dir);
        await drain(entry);
        continue;
      }
      if (path === '/') {
        await drain(entry);
        continue;
      }
      const type = fileType(h.type);
      // PAX records carry ids too large for the ustar fields; tar-stream leaves them in `pax`.
      const pax = (h.pax ?? undefined) as Record<string, string> | undefined;
      const uid = pax?.uid === undefined ? h.uid : Number(pax.uid);
      const gid = pax?.gid === undefined ? h.gid : Number(pax.gid);
      // Some writers put file-type bits in the mode field; keep permission, setuid/setgid and sticky bits only.
      const meta: FileMeta = { path, type, mode: (h.mode ?? 0) & 0o7777, uid: uid || 0, gid: gid || 0, size: type === 'file' ? h.size ?? 0 : 0 };
      current = meta;
      if (type === 'symlink') meta.linkTarget = h.linkname ?? '';
      if (type === 'hardlink') {
        meta.linkTarget = normalizeEntryPath(h.linkname ?? '', label);
        const target = files.get(meta.linkTarget);
        if (target !== undefined) meta.size = target.size;
      }
      entries.push(meta);
      if (type === 'file') files.set(path, meta);
      const isFile = type === 'file' || (type === 'hardlink' && files.has(meta.linkTarget ?? ''));
      const sel = isFile ? visitor.select(meta) : undefined;
      if (sel === undefined) {
        await drain(entry);
        continue;
      }
      if (meta.size > sel.maxBytes) {
        visitor.tooLarge?.(meta);
        await drain(entry);
        continue;
      }
      let content: Buffer | undefined;
      if (type === 'hardlink') {
        await drain(entry);
        const targetContent = kept.get(meta.linkTarget!);
        if (targetContent === undefined) {
          pending.push({ meta, sel });
          continue;
        }
        content = sel.accept?.(targetContent.subarray(0, HEAD_BYTES)) === false ? undefined : targetContent;
      } else {
        content = await readEntry(entry, sel.maxBytes, sel, meta.size);
        if (content !== undefined && keptBytes + content.length <= LINK_CACHE_BUDGET) {
          kept.set(path, content);
          keptBytes += content.length;
        }
      }
      if (content !== undefined) await visitor.file(meta, content);
    }
    await piping;
  } catch (err) {
    abort.abort(err);
    await piping?.catch(() => undefined);
    const mapped = toLayerError(err, layer, compression, current);
    // A broken stream may be a tampered or damaged blob: the digest decides, so re-read it to the end.
    if (mapped instanceof InputError && (mapped.code === 'E_INPUT_CORRUPT_COMPRESSION' || mapped.code === 'E_INPUT_TRUNCATED_TAR')) {
      await verifyWholeBlob(source, layer);
    }
    throw mapped;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
  const diffId = blobIsTar ? layer.diffId : `sha256:${diffHash.digest('hex')}`;
  if (diffId !== layer.diffId) {
    throw new IntegrityError(`${label}: uncompressed content hashes to ${diffId}, config diff_id says ${layer.diffId}`);
  }
  return { whiteouts, opaqueDirs, entries, pending };
}

/** Reads the blob to its end only to let openBlob's digest check speak (throws IntegrityError on mismatch). */
async function verifyWholeBlob(source: ImageSource, layer: LayerInfo): Promise<void> {
  try {
    for await (const _chunk of await source.openBlob(layer.descriptor)) {
      // hashing happens in the source's verifying stream
    }
  } catch (err) {
    if (err instanceof IntegrityError) throw err;
  }
}

/** Walks one layer; see the module comment. Rejects with InputError / IntegrityError naming the layer. */
export async function walkLayer(source: ImageSource, layer: LayerInfo, visitor: WalkVisitor, opts: WalkOptions = {}): Promise<LayerWalkResult> {
  const { pending, ...result } = await walkOnce(source, layer, visitor, opts);
  if (pending.length === 0) return result;
  // Second pass: read only the targets of selected hard links whose content was not kept.
  const want = new Map<string, number>();
  for (const p of pending) want.set(p.meta.linkTarget!, Math.max(want.get(p.meta.linkTarget!) ?? 0, p.sel.maxBytes));
  const got = new Map<string, Buffer>();
  await walkOnce(
    source,
    layer,
    {
      select: (m) => {
        const max = want.get(m.path);
        return m.type === 'file' && max !== undefined ? { maxBytes: max } : undefined;
      },
      file: (m, c) => {
        got.set(m.path, c);
      },
    },
    opts.signal === undefined ? {} : { signal: opts.signal },
  );
  for (const p of pending) {
    const c = got.get(p.meta.linkTarget!);
    if (c === undefined) continue;
    if (p.sel.accept?.(c.subarray(0, HEAD_BYTES)) === false) continue;
    await visitor.file(p.meta, c);
  }
  return result;
}
