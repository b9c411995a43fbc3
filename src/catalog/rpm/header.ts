/**
 * The rpm header blob as stored in every rpmdb backend: a big-endian index count `il`, a data
 * length `dl`, `il` 16-byte index entries (tag, type, offset, count) and `dl` bytes of data.
 * https://rpm-software-management.github.io/rpm/manual/format_v4.html ("Header format")
 * Every offset and count is bounds-checked: the blob comes from an image and may be hostile.
 */

export const TAG = {
  name: 1000,
  version: 1001,
  release: 1002,
  epoch: 1003,
  license: 1014,
  arch: 1022,
  oldFilenames: 1027,
  sourceRpm: 1044,
  dirIndexes: 1116,
  baseNames: 1117,
  dirNames: 1118,
  modularityLabel: 5096,
} as const;

/** Header value types (rpmTagType). */
const TYPE = { char: 1, int8: 2, int16: 3, int32: 4, int64: 5, string: 6, bin: 7, stringArray: 8, i18nString: 9 } as const;

/** rpm's own sanity limits (lib/header.c hdrchkTags / hdrchkData). */
const MAX_TAGS = 0xffff;
const MAX_DATA = 0x10000000;

interface Entry {
  type: number;
  offset: number;
  count: number;
}

/** A parsed header: typed accessors over the index, reading the data store lazily. */
export interface RpmHeader {
  string(tag: number): string | undefined;
  stringArray(tag: number): string[] | undefined;
  int32Array(tag: number): number[] | undefined;
}

export class RpmHeaderError extends Error {
  override name = 'RpmHeaderError';
}

/** Parses the index of a header blob; throws RpmHeaderError when the blob is inconsistent. */
export function parseHeader(blob: Uint8Array): RpmHeader {
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (buf.length < 8) throw new RpmHeaderError(`header blob of ${buf.length} bytes is shorter than its 8-byte preamble`);
  const il = buf.readUInt32BE(0);
  const dl = buf.readUInt32BE(4);
  if (il === 0 || il > MAX_TAGS) throw new RpmHeaderError(`header index count ${il} out of range`);
  if (dl > MAX_DATA) throw new RpmHeaderError(`header data length ${dl} out of range`);
  const dataStart = 8 + il * 16;
  if (dataStart + dl > buf.length) {
    throw new RpmHeaderError(`header needs ${dataStart + dl} bytes, blob has ${buf.length}`);
  }
  const data = buf.subarray(dataStart, dataStart + dl);
  const index = new Map<number, Entry>();
  for (let i = 0; i < il; i++) {
    const at = 8 + i * 16;
    const tag = buf.readUInt32BE(at);
    const entry = { type: buf.readUInt32BE(at + 4), offset: buf.readUInt32BE(at + 8), count: buf.readUInt32BE(at + 12) };
    if (entry.offset >= dl && !(entry.count === 0 && entry.offset === dl)) {
      throw new RpmHeaderError(`tag ${tag} offset ${entry.offset} outside data of ${dl} bytes`);
    }
    // The first occurrence wins: region tags (61-63) and later dribble entries do not replace it.
    if (!index.has(tag)) index.set(tag, entry);
  }

  /** Reads `count` NUL-terminated strings starting at `offset`. */
  function strings(tag: number, e: Entry, count: number): string[] {
    if (count > dl) throw new RpmHeaderError(`tag ${tag} claims ${count} strings in ${dl} bytes`);
    const out: string[] = [];
    let pos = e.offset;
    for (let n = 0; n < count; n++) {
      const end = data.indexOf(0, pos);
      if (end < 0) throw new RpmHeaderError(`tag ${tag} string ${n} runs past the data store`);
      out.push(data.toString('utf8', pos, end));
      pos = end + 1;
    }
    return out;
  }

  return {
    string(tag) {
      const e = index.get(tag);
      if (!e) return undefined;
      if (e.type === TYPE.string) return strings(tag, e, 1)[0];
      if (e.type === TYPE.stringArray || e.type === TYPE.i18nString) return e.count > 0 ? strings(tag, e, 1)[0] : undefined;
      throw new RpmHeaderError(`tag ${tag} has type ${e.type}, expected a string`);
    },
    stringArray(tag) {
      const e = index.get(tag);
      if (!e) return undefined;
      if (e.type === TYPE.string) return strings(tag, e, 1);
      if (e.type === TYPE.stringArray || e.type === TYPE.i18nString) return strings(tag, e, e.count);
      throw new RpmHeaderError(`tag ${tag} has type ${e.type}, expected a string array`);
    },
    int32Array(tag) {
      const e = index.get(tag);
      if (!e) return undefined;
      if (e.type !== TYPE.int32) throw new RpmHeaderError(`tag ${tag} has type ${e.type}, expected int32`);
      if (e.offset + e.count * 4 > dl) {
        throw new RpmHeaderError(`tag ${tag} int32[${e.count}] at ${e.offset} outside data of ${dl} bytes`);
      }
      const out: number[] = [];
      for (let n = 0; n < e.count; n++) out.push(data.readUInt32BE(e.offset + n * 4));
      return out;
    },
  };
}
