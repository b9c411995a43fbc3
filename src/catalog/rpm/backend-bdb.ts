/**
 * rpmdb in Berkeley DB hash format (`Packages`, rpm < 4.16: RHEL/CentOS 5-8, Amazon Linux 2,
 * older Fedora). Page layouts from libdb's `dbinc/db_page.h`: a hash metadata page (page 0),
 * hash pages holding key/value item pairs, and overflow pages holding values too big for a
 * hash page (every rpm header, in practice). Keys are package numbers; values are header blobs.
 * https://github.com/berkeleydb/libdb/blob/master/src/dbinc/db_page.h
 */
import type { BlobRead } from './backend-sqlite.ts';

export const BDB_HASH_MAGIC = 0x061561;

const PAGE_HEADER = 26;
const P_INVALID = 0;
const P_HASH_UNSORTED = 2;
const P_OVERFLOW = 7;
const P_HASHMETA = 8;
const P_HASH = 13;
const H_KEYDATA = 1;
const H_OFFPAGE = 3;
const VALID_PAGE_SIZES = new Set([512, 1024, 2048, 4096, 8192, 16384, 32768, 65536]);

/** Byte order of a BDB file from its metadata magic, or undefined when it is not a BDB hash. */
export function bdbByteOrder(content: Buffer): 'le' | 'be' | undefined {
  if (content.length < 512) return undefined;
  if (content.readUInt32LE(12) === BDB_HASH_MAGIC) return 'le';
  if (content.readUInt32BE(12) === BDB_HASH_MAGIC) return 'be';
  return undefined;
}

export function readBdbBlobs(content: Buffer): BlobRead {
  const order = bdbByteOrder(content);
  if (!order) return { blobs: [], errors: ['Berkeley DB: no hash magic at offset 12'] };
  const u32 = (at: number): number => (order === 'le' ? content.readUInt32LE(at) : content.readUInt32BE(at));
  const u16 = (at: number): number => (order === 'le' ? content.readUInt16LE(at) : content.readUInt16BE(at));

  const pageSize = u32(20);
  // Hash metadata (db_page.h HMETA): nelem, the number of keys, is at offset 88.
  if (!VALID_PAGE_SIZES.has(pageSize)) return { blobs: [], errors: [`Berkeley DB: page size ${pageSize} is not valid`] };
  if (content[25] !== P_HASHMETA) return { blobs: [], errors: [`Berkeley DB: page 0 has type ${content[25]}, not hash metadata`] };
  if (content[24] !== 0) return { blobs: [], errors: ['Berkeley DB: encrypted databases are not supported'] };
  const errors: string[] = [];
  const pagesInFile = Math.floor(content.length / pageSize);
  const lastPage = u32(32);
  if (lastPage >= pagesInFile) errors.push(`Berkeley DB: last page ${lastPage} beyond the ${pagesInFile} pages in the file (truncated?)`);
  const pageCount = Math.min(lastPage + 1, pagesInFile);

  /**
   * Concatenates an overflow chain; undefined (and an error) when the chain is broken. In a sound
   * database every overflow page belongs to one value, so a page seen twice (a loop, or two items
   * sharing a chain) is corruption, and total work stays linear in the file size.
   */
  const used = new Set<number>();
  const overflow = (first: number, total: number): Uint8Array | undefined => {
    const parts: Buffer[] = [];
    let filled = 0;
    let pgno = first;
    while (pgno !== 0 && filled < total) {
      if (pgno >= pageCount || used.has(pgno)) {
        errors.push(`Berkeley DB: overflow chain from page ${first} reaches bad or reused page ${pgno}`);
        return undefined;
      }
      used.add(pgno);
      const base = pgno * pageSize;
      if (content[base + 25] !== P_OVERFLOW) {
        errors.push(`Berkeley DB: page ${pgno} in an overflow chain has type ${content[base + 25]}`);
        return undefined;
      }
      // hf_offset of an overflow page is the number of value bytes it holds (OV_LEN).
      const len = Math.min(u16(base + 22), pageSize - PAGE_HEADER, total - filled);
      parts.push(content.subarray(base + PAGE_HEADER, base + PAGE_HEADER + len));
      filled += len;
      pgno = u32(base + 16);
    }
    if (filled < total) {
      errors.push(`Berkeley DB: overflow chain from page ${first} holds ${filled} of ${total} bytes`);
      return undefined;
    }
    return Buffer.concat(parts, total);
  };

  /** True when the item [start, end) of the page at `base` is an on-page key of four zero bytes. */
  const isZeroKey = (base: number, start: number, end: number): boolean =>
    end <= pageSize && end - start === 5 && content[base + start] === H_KEYDATA && content.readUInt32LE(base + start + 1) === 0;

  const blobs: Uint8Array[] = [];
  let pairs = 0;
  for (let pgno = 1; pgno < pageCount; pgno++) {
    const base = pgno * pageSize;
    const type = content[base + 25];
    if (type === P_INVALID || type === P_OVERFLOW) continue;
    if (type !== P_HASH && type !== P_HASH_UNSORTED) {
      errors.push(`Berkeley DB: page ${pgno} has type ${type}, not a hash or overflow page`);
      continue;
    }
    if (u32(base + 8) !== pgno) {
      errors.push(`Berkeley DB: page ${pgno} says it is page ${u32(base + 8)}`);
      continue;
    }
    const entries = u16(base + 20);
    if (PAGE_HEADER + entries * 2 > pageSize) {
      errors.push(`Berkeley DB: page ${pgno} claims ${entries} entries`);
      continue;
    }
    const keyEnd = (k: number): number => (k === 0 ? pageSize : u16(base + PAGE_HEADER + (k - 1) * 2));
    // Items alternate key, value; each index slot is the item's offset within the page, and
    // items are packed from the page end downwards, so item i ends where item i-1 starts.
    for (let i = 1; i < entries; i += 2) {
      pairs++;
      const off = u16(base + PAGE_HEADER + i * 2);
      const end = u16(base + PAGE_HEADER + (i - 1) * 2);
      if (off < PAGE_HEADER + entries * 2 || off >= pageSize) {
        errors.push(`Berkeley DB: page ${pgno} item ${i} at bad offset ${off}`);
        continue;
      }
      // rpm keeps a 4-byte counter under key 0 (the next package number): not a package.
      if (isZeroKey(base, end, keyEnd(i - 1))) continue;
      const itemType = content[base + off];
      if (itemType === H_OFFPAGE) {
        if (off + 12 > pageSize) {
          errors.push(`Berkeley DB: page ${pgno} item ${i} overflows the page`);
          continue;
        }
        const first = u32(base + off + 4);
        const total = u32(base + off + 8);
        if (total > content.length) {
          errors.push(`Berkeley DB: page ${pgno} item ${i} claims ${total} bytes`);
          continue;
        }
        const value = overflow(first, total);
        if (value) blobs.push(value);
      } else if (itemType === H_KEYDATA) {
        // A value small enough to sit on the hash page itself.
        if (end <= off || end > pageSize) {
          errors.push(`Berkeley DB: page ${pgno} item ${i} has no length`);
          continue;
        }
        blobs.push(Buffer.from(content.subarray(base + off + 1, base + end)));
      }
    }
  }
  // The metadata page counts the keys (rpm's counter under key 0 included); fewer pairs found
  // means pages were lost, which must not pass silently.
  const expected = u32(88);
  if (pairs < expected) errors.push(`Berkeley DB: found ${pairs} of the ${expected} records the metadata page counts`);
  return { blobs, errors };
}
