/**
 * @module image/file-hash.worker
 * The worker half of image/file-hash.ts: hashes byte ranges of local files, one job at a time,
 * reading into one reused buffer (no allocation per chunk).
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { FileHashJob, FileHashResult } from './file-hash.ts';

const port = parentPort;
if (port === null) throw new Error('file-hash.worker must run in a worker thread');

const buf = Buffer.allocUnsafe(1 << 20);

port.on('message', (job: FileHashJob) => {
  let fd: number | undefined;
  try {
    fd = openSync(job.file, 'r');
    const h = createHash(job.algorithm);
    let pos = job.start;
    let left = job.size;
    while (left > 0) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, left), pos);
      if (n === 0) break; // the file is shorter: the caller's size check reports it
      h.update(buf.subarray(0, n));
      pos += n;
      left -= n;
    }
    port.postMessage({ id: job.id, hex: h.digest('hex') } satisfies FileHashResult);
  } catch (err) {
    port.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) } satisfies FileHashResult);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
});
