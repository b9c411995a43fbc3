/**
 * @module image/layer-io
 * Byte-level helpers of the layer walker: compression sniffing from magic bytes (gzip RFC 1952
 * `1f 8b`, zstd RFC 8878 `28 b5 2f fd`) and peeking at a stream's first bytes without losing them.
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
