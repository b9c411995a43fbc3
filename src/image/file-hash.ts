/**
 * @module image/file-hash
 * The digest of a large blob stored in a local file (an OCI layout, an OCI or docker archive),
 * computed by a worker thread that reads the file range itself, while the main thread reads the
 * same bytes for the tar parser. Hashing was a fifth to a quarter of the main thread's time on a
 * big image (764 MB of tar on big-mixed); this way it costs the main thread nothing and no bytes
 * are copied between threads. The reader (digest.ts VerifyingStream) still counts the bytes it
 * streams and compares the digest before the stream ends, so a mismatch is the same IntegrityError.
 *
 * Limit: the worker reads the file separately, so a file rewritten *during* the scan could pass the
 * check with bytes other than those parsed; registry blobs are always hashed as they stream.
 * Compressed blobs, blobs under 64 MiB, and every blob with `REINS_FILE_HASH_WORKER=0` are hashed in
 * the stream (see hashOffThread).
 */
import { Worker } from 'node:worker_threads';
import type { DigestAlgorithm } from './digest.ts';

export interface FileRange {
  file: string;
  start: number;
  size: number;
}

export interface FileHashJob extends FileRange {
  id: number;
  algorithm: DigestAlgorithm;
}

export type FileHashResult = { id: number; hex: string } | { id: number; error: string };

/**
 * Below this the blob is hashed in the stream: starting the worker (an isolate plus its module)
 * cost more than hashing a small layer on the main thread (go-bins, one 19 MB layer: docker-archive
 * 0.43 s against 0.30 s for the same image as an OCI layout with an 8 MiB threshold).
 */
export const OFF_THREAD_MIN_BYTES = 64 << 20;

let worker: Worker | undefined;
const pending = new Map<number, { resolve: (hex: string) => void; reject: (err: Error) => void }>();
let nextId = 1;

function getWorker(): Worker {
  if (worker !== undefined) return worker;
  const w = new Worker(new URL('./file-hash.worker.ts', import.meta.url), {
    // Type stripping needs no flag on Node >= 22.18; older 22.x pass theirs on.
    execArgv: process.execArgv.filter((a) => a.startsWith('--experimental')),
    // It allocates one buffer and a few small objects: a small heap keeps its footprint small.
    resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 32 },
  });
  w.on('message', (r: FileHashResult) => {
    const p = pending.get(r.id);
    pending.delete(r.id);
    if (pending.size === 0) w.unref();
    if ('hex' in r) p?.resolve(r.hex);
    else p?.reject(new Error(r.error));
  });
  const fail = (err: Error): void => {
    worker = undefined;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  w.on('error', fail);
  w.on('exit', (code) => fail(new Error(`file-hash worker exited (${code})`)));
  w.unref();
  return (worker = w);
}

/**
 * Whether a blob is hashed off-thread: large and, by its media type, not compressed. A compressed
 * layer's critical path is its decompression (on libuv's pool), so hashing it elsewhere gained no
 * time there (big-mixed OCI: 6.3-7.5 s either way) and cost memory (+30-60 MB); on uncompressed
 * layers it cut the time (big-mixed docker-archive: median 3.76 -> 2.97 s).
 */
export function hashOffThread(desc: { size: number; mediaType: string }): boolean {
  return desc.size >= OFF_THREAD_MIN_BYTES && !/gzip|zstd/.test(desc.mediaType) && process.env.REINS_FILE_HASH_WORKER !== '0';
}

/** Hex digest of `range`, computed on the worker thread. */
export function hashFileRange(range: FileRange, algorithm: DigestAlgorithm): Promise<string> {
  const w = getWorker();
  const id = nextId++;
  const result = new Promise<string>((resolve, reject) => pending.set(id, { resolve, reject }));
  w.ref();
  w.postMessage({ ...range, id, algorithm } satisfies FileHashJob);
  return result;
}
