/**
 * @module image/layer-io
 * Byte-level helpers of the layer walker: compression sniffing from magic bytes (gzip RFC 1952
 * `1f 8b`, zstd RFC 8878 `28 b5 2f fd`), peeking at a stream's first bytes without losing them,
 * and bounded reading / draining of tar entries.
 */
import { Readable } from 'node:stream';

/**
 * Bytes handed to FileSelection.accept before the rest of a file is read. 8 KiB covers an ELF
 * file's headers and first notes (Go's build-id note sits within the first 4 KiB), so binary
 * catalogers can reject most executables without buffering them.
 */
export const HEAD_BYTES = 8192;

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
export async function readEntry(entry: AsyncIterable<Buffer>, max: number, sel: { accept?(head: Buffer): boolean }, size?: number): Promise<Buffer | undefined> {
  // One allocation of the declared size (pages are only touched as bytes arrive, so a lying header
  // costs address space, not memory); chunks are copied in, never concatenated at the end.
  const target = size !== undefined && size <= max ? Buffer.allocUnsafe(size) : undefined;
  const chunks: Buffer[] = [];
  let len = 0;
  let decided = sel.accept === undefined;
  let rejected = false;
  for await (const chunk of entry) {
    if (rejected || len >= max) continue; // keep reading: the tar stream must advance past the body
    const room = target ? target.length - len : max - len;
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (target) part.copy(target, len);
    else chunks.push(part);
    len += part.length;
    if (!decided && len >= Math.min(HEAD_BYTES, target?.length ?? HEAD_BYTES)) {
      decided = true;
      const head = target ? target.subarray(0, Math.min(len, HEAD_BYTES)) : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      if (sel.accept?.(head.subarray(0, HEAD_BYTES)) === false) {
        rejected = true;
        chunks.length = 0;
      }
    }
  }
  if (rejected) return undefined;
  const content = target ? target.subarray(0, len) : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, len);
  if (!decided && sel.accept?.(content.subarray(0, HEAD_BYTES)) === false) return undefined;
  return content;
}

export async function drain(entry: AsyncIterable<Buffer>): Promise<void> {
  for await (const _chunk of entry) {
    // discard
  }
}

