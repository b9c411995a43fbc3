/**
 * @module image/layer-io
 * Byte-level helpers of the layer walker: compression sniffing from magic bytes (gzip RFC 1952
 * `1f 8b`, zstd RFC 8878 `28 b5 2f fd`), peeking at a stream's first bytes without losing them,
 * and bounded reading / draining of tar entries.
 */
import { Readable } from 'node:stream';

/** Bytes handed to FileSelection.accept before the rest of a file is read. */
export const HEAD_BYTES = 512;

export type Compression = 'gzip' | 'zstd' | 'none';

export function sniff(head: Buffer): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  return 'none';
}

/** Reads the first bytes of `stream` and returns them with a stream that replays everything. */
export async function peekStream(stream: Readable, n: number): Promise<{ head: Buffer; stream: Readable }> {
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let len = 0;
  let done = false;
  while (len < n) {
    const r = await it.next();
    if (r.done === true) {
      done = true;
      break;
    }
    chunks.push(r.value);
    len += r.value.length;
  }
  const head = Buffer.concat(chunks);
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      if (head.length > 0) yield head;
      if (done) return;
      for (;;) {
        const r = await it.next();
        if (r.done === true) return;
        yield r.value;
      }
    } finally {
      // Closing early (an error downstream) must close the blob stream and its file too.
      if (!done) await it.return?.();
    }
  }
  return { head: head.subarray(0, n), stream: Readable.from(replay(), { objectMode: false }) };
}

/**
 * Reads an entry of at most `max` bytes (the header's size was checked against it; a body longer
 * than its header is impossible in tar). `accept` sees the head first. Undefined when rejected.
 * Chunks are collected rather than preallocating `size`, so a lying header cannot force a big allocation.
 */
export async function readEntry(entry: AsyncIterable<Buffer>, max: number, sel: { accept?(head: Buffer): boolean }): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let len = 0;
  let decided = sel.accept === undefined;
  let rejected = false;
  for await (const chunk of entry) {
    if (rejected || len >= max) continue; // keep reading: the tar stream must advance past the body
    const part = len + chunk.length > max ? chunk.subarray(0, max - len) : chunk;
    chunks.push(part);
    len += part.length;
    if (!decided && len >= HEAD_BYTES) {
      decided = true;
      const head = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      if (sel.accept?.(head.subarray(0, HEAD_BYTES)) === false) {
        rejected = true;
        chunks.length = 0;
      }
    }
  }
  if (rejected) return undefined;
  const content = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, len);
  if (!decided && sel.accept?.(content) === false) return undefined;
  return content;
}

export async function drain(entry: AsyncIterable<Buffer>): Promise<void> {
  for await (const _chunk of entry) {
    // discard
  }
}

