/**
 * @module image/layer-bytes
 * A layer blob as a stream of uncompressed tar bytes, with its two checks: the blob digest and size
 * (ImageSource.openBlob / VerifyingStream) and the diffId (sha256 of the tar, read with `diffId()`
 * once the stream has ended).
 *
 * Decompression runs on libuv's thread pool, up to READ_AHEAD bytes ahead of the tar parser.
 * Tried and dropped (no clear gain in wall time on 2 cores, more memory): the whole byte pipeline
 * in a worker thread (peak ~500 MB on big-mixed), and only the hashing on a worker fed through a
 * shared-memory ring (big-mixed OCI median 5.8 s either way, +1 s CPU, peak 230 -> 290 MB).
 * Retried on 2026-11-23, interleaved A/B on big-mixed OCI, none a clear gain in wall time at load
 * 2-4: hashing the compressed blob off-thread from its file (+20-50 MB RSS); decompressor chunks
 * of 2 or 4 MiB; READ_AHEAD of 48 or 96 MiB (peak RSS did not grow with it: the decompressor is
 * never that far ahead); a 4-16 MiB writable buffer on the decompressor; a setImmediate yield
 * after each tar chunk. Per-thread CPU of one scan: main 3.0 s, libuv pool 3.7 s (the inflate
 * alone, without the scan beside it, takes 2.3 s), V8 GC helpers 1.0 s: the two vCPUs are shared,
 * not twice one.
 * Retried on 2026-11-23 (session 4) with flow control: a worker reading the blob file, hashing it,
 * inflating (8 MiB read-ahead) and hashing the tar, posting 1 MiB copies it transferred, at most
 * 16 MiB unacknowledged. Peak RSS stayed under 300 MB (266-291) but wall went up, 5.8-6.2 ->
 * 6.4-7.3 s (user CPU 7.6 -> 8.5-9.3 s): the worker's own GC (0.9 s), postMessage (0.4 s) and the
 * copies (0.4 s) are CPU the two vCPUs do not have; both the main thread (5.4 s) and the worker
 * (3.6 s) sat idle waiting for the inflate. Less total CPU, not more threads, is what shortens it.
 */
import { createHash } from 'node:crypto';
import { createGunzip, createZstdDecompress } from 'node:zlib';
import { peekStream, sniff, type Compression } from './layer-io.ts';
import type { ImageSource, LayerInfo } from './types.ts';

export interface LayerBytes {
  compression: Compression;
  /** Pipeline stages (a readable first) that produce the uncompressed tar; pass them to stream.pipeline. */
  stages: unknown[];
  /** The tar's digest (`sha256:<hex>`), once the stages have been read to the end. */
  diffId(): string;
}

export interface LayerBytesOptions {
  /** Progress: compressed bytes read since the last call. */
  onBytes?(n: number): void;
}

/**
 * Let the decompressor (on libuv's thread pool) run up to 16 MiB ahead of the tar parser, so the
 * two overlap instead of taking turns. zlib streams pass stream options through to their Transform
 * base; the zlib option types do not list them.
 */
const READ_AHEAD = { readableHighWaterMark: 16 << 20 } as object;
/**
 * Output chunk of the decompressor. Each chunk costs a fresh buffer and a round trip between the
 * main thread and the pool; 1 MiB instead of 256 KiB cut the CPU of a big-mixed OCI scan by ~10 %
 * (8.2 -> 7.4 s user, wall 6.2 -> 5.5 s, same peak RSS).
 */
const CHUNK = 1 << 20;

export async function openLayerBytes(source: ImageSource, layer: LayerInfo, opts: LayerBytesOptions = {}): Promise<LayerBytes> {
  const blob = await source.openBlob(layer.descriptor);
  const peeked = await peekStream(blob, 4);
  const compression = sniff(peeked.head);
  // An uncompressed blob named by its diffId (docker-archive) is already hashed by openBlob.
  const blobIsTar = compression === 'none' && layer.descriptor.digest === layer.diffId;
  const diffHash = createHash('sha256');
  async function* count(src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of src) {
      opts.onBytes?.(chunk.length);
      yield chunk;
    }
  }
  async function* hashTar(src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of src) {
      diffHash.update(chunk);
      yield chunk;
    }
  }
  const stages: unknown[] = [peeked.stream];
  if (opts.onBytes !== undefined) stages.push(count);
  if (compression === 'gzip') stages.push(createGunzip({ chunkSize: CHUNK, ...READ_AHEAD }));
  if (compression === 'zstd') stages.push(createZstdDecompress({ chunkSize: CHUNK, ...READ_AHEAD }));
  if (!blobIsTar) stages.push(hashTar);
  return { compression, stages, diffId: () => (blobIsTar ? layer.diffId : `sha256:${diffHash.digest('hex')}`) };
}
