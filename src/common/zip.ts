/**
 * @module common/zip
 * The one zip reader of reins, for hostile archives (jars in images, OSV's `all.zip` downloads) (APPNOTE.TXT, https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT):
 * end of central directory (4.3.16) and its Zip64 form (4.3.14/4.3.15), central directory headers
 * (4.3.12) with the Zip64 extra field (4.5.3), local headers (4.3.7). Only stored (0) and deflated (8)
 * entries are read. Inflation uses node:zlib with `maxOutputLength` = the declared size, so an
 * entry that lies about its size stops at once instead of being decoded to the end (fflate's
 * `unzipSync` keeps decoding past a fixed output buffer, which makes a lying entry cost CPU in
 * proportion to its real size). Data prepended to the archive (launcher scripts of "fully
 * executable" jars) is tolerated by measuring the shift between declared and actual offsets.
 */
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  /** CRC-32 of the uncompressed data, from the central directory. */
  crc: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_COMMENT = 0xffff;

function u64(buf: Buffer, off: number): number {
  if (off < 0 || off + 8 > buf.length) return -1;
  const v = buf.readBigUInt64LE(off);
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? -1 : Number(v);
}

function u32(buf: Buffer, off: number): number {
  return off >= 0 && off + 4 <= buf.length ? buf.readUInt32LE(off) : -1;
}

function u16(buf: Buffer, off: number): number {
  return off >= 0 && off + 2 <= buf.length ? buf.readUInt16LE(off) : -1;
}

function findEocd(buf: Buffer): number {
  const last = buf.length - 22;
  for (let at = last; at >= 0 && at >= last - MAX_COMMENT; at--) {
    if (buf[at] === 0x50 && u32(buf, at) === EOCD) return at;
  }
  return -1;
}

/** Lists the central directory; a string is the reason the archive is unreadable. */
export function listEntries(buf: Buffer, maxEntries: number): ZipEntry[] | string {
  const eocd = findEocd(buf);
  if (eocd === -1) return 'truncated or not a zip archive (no end-of-central-directory record)';
  let count = u16(buf, eocd + 10);
  let cdSize = u32(buf, eocd + 12);
  let cdOffset = u32(buf, eocd + 16);
  let cdEnd = eocd;
  if (u32(buf, eocd - 20) === EOCD64_LOCATOR) {
    const rec = u64(buf, eocd - 12);
    const shift64 = eocd - 20 - 56 - rec;
    const at = u32(buf, rec) === EOCD64 ? rec : u32(buf, rec + shift64) === EOCD64 ? rec + shift64 : -1;
    if (at !== -1) {
      count = u64(buf, at + 32);
      cdSize = u64(buf, at + 40);
      cdOffset = u64(buf, at + 48);
      cdEnd = at;
    }
  }
  if (count < 0 || cdSize < 0 || cdOffset < 0) return 'bad end of central directory';
  if (count > maxEntries) return `more than ${maxEntries} entries`;
  const shift = cdEnd - (cdOffset + cdSize);
  if (shift < 0) return 'central directory outside the archive';
  const entries: ZipEntry[] = [];
  let p = cdOffset + shift;
  for (let i = 0; i < count; i++) {
    if (u32(buf, p) !== CENTRAL) return `bad central directory header #${i}`;
    const nameLen = u16(buf, p + 28);
    const extraLen = u16(buf, p + 30);
    const commentLen = u16(buf, p + 32);
    if (p + 46 + nameLen + extraLen + commentLen > buf.length) return 'truncated central directory';
    const flags = u16(buf, p + 8);
    const entry: ZipEntry = {
      name: buf.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen),
      method: u16(buf, p + 10),
      flags,
      crc: u32(buf, p + 16),
      compressedSize: u32(buf, p + 20),
      size: u32(buf, p + 24),
      localOffset: u32(buf, p + 42),
    };
    // Zip64 extra field: the 8-byte values present are those whose 4-byte field is 0xffffffff, in this order.
    const extraStart = p + 46 + nameLen;
    for (let e = extraStart; e + 4 <= extraStart + extraLen; ) {
      const id = u16(buf, e);
      const len = u16(buf, e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (entry.size === 0xffffffff) {
          entry.size = u64(buf, q);
          q += 8;
        }
        if (entry.compressedSize === 0xffffffff) {
          entry.compressedSize = u64(buf, q);
          q += 8;
        }
        if (entry.localOffset === 0xffffffff) entry.localOffset = u64(buf, q);
      }
      e += 4 + len;
    }
    if (entry.size < 0 || entry.compressedSize < 0 || entry.localOffset < 0) return `bad sizes for ${entry.name}`;
    entry.localOffset += shift;
    entries.push(entry);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The bytes of one entry (at most its declared size); a string is the reason it is unreadable. */
export function readEntry(buf: Buffer, entry: ZipEntry): Buffer | string {
  const at = entry.localOffset;
  if (u32(buf, at) !== LOCAL) return `${entry.name}: bad local header`;
  if (entry.flags & 1) return `${entry.name}: encrypted`;
  const start = at + 30 + u16(buf, at + 26) + u16(buf, at + 28);
  const end = start + entry.compressedSize;
  if (end > buf.length) return `${entry.name}: truncated data`;
  const data = buf.subarray(start, end);
  if (entry.method === 0) return entry.size === entry.compressedSize ? data : `${entry.name}: stored sizes differ`;
  if (entry.method !== 8) return `${entry.name}: compression method ${entry.method}`;
  if (entry.size === 0) return Buffer.alloc(0);
  try {
    return inflateRawSync(data, { maxOutputLength: entry.size });
  } catch (err) {
    return `${entry.name}: ${err instanceof Error ? err.message : 'inflate failed'}`;
  }
}
