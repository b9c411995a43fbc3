/**
 * @module image/layer-io
 * Byte-level helpers of the layer walker: compression sniffing from magic bytes (gzip RFC 1952
 * `1f 8b`, zstd RFC 8878 `28 b5 2f fd`), peeking at a stream's first bytes without losing them,
 * and finding marker strings in a body read in parts.
 */
import { Readable } from 'node:stream';

/**
 * Bytes handed to FileSelection.accept before the rest of a file is read. 8 KiB covers an ELF
 * file's headers and first notes; what cannot be told from the head (a Go or Rust binary) is
 * decided by a marker scan over the body (MarkerScan), so no executable is buffered on suspicion.
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
 * Looks for any of a few short byte strings in a body that arrives in parts, without copying the
 * parts: only the last bytes of each part are kept, so a marker split across two parts is seen.
 */
export class MarkerScan {
  readonly #markers: readonly Buffer[];
  readonly #keep: number;
  #tail: Buffer | undefined;
  found = false;

  constructor(markers: readonly Buffer[]) {
    this.#markers = markers;
    this.#keep = Math.max(0, ...markers.map((m) => m.length - 1));
  }

  push(part: Buffer): void {
    if (this.found) return;
    const tail = this.#tail;
    // Across the boundary: the kept tail followed by the start of this part.
    const seam = tail === undefined || tail.length === 0 ? undefined : Buffer.concat([tail, part.subarray(0, this.#keep)]);
    this.found = this.#markers.some((m) => part.includes(m) || (seam !== undefined && seam.includes(m)));
    const joined = part.length >= this.#keep || tail === undefined ? part : Buffer.concat([tail, part]);
    this.#tail = Buffer.from(joined.subarray(Math.max(0, joined.length - this.#keep)));
  }
}
