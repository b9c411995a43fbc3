/**
 * @module vuln/db/zip
 * A minimal reader for the zip archives OSV publishes (`<ecosystem>/all.zip`): it reads the
 * central directory (APPNOTE.TXT 4.3.12–4.3.16, with the zip64 records of 4.3.14/4.3.15 since
 * npm's archive holds more than 65,535 entries) and inflates one entry at a time, checking its
 * CRC-32. Only "stored" (0) and "deflate" (8) are supported; encryption is refused.
 * Spec: https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT
 */
import { crc32, inflateRawSync } from 'node:zlib';
import { InputError } from '../../common/errors.ts';

export interface ZipEntry {
  name: string;
  /** Inflates and CRC-checks the entry; throws InputError when it is corrupt. */
  read(): Buffer;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function bad(label: string, what: string): InputError {
  return new InputError('E_INPUT_CORRUPT_COMPRESSION', `${label}: ${what}`);
}

function findEocd(buf: Buffer, label: string): number {
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= stop; i--) {
    if (buf.readUInt32LE(i) === EOCD) return i;
  }
  throw bad(label, 'truncated or not a zip archive (no end-of-central-directory record)');
}

function u64(buf: Buffer, at: number): number {
  return Number(buf.readBigUInt64LE(at));
}

/** Lists the entries of an in-memory zip archive; `label` (file or URL) names it in errors. */
export function zipEntries(buf: Buffer, label: string): ZipEntry[] {
  const eocd = findEocd(buf, label);
  let count = buf.readUInt16LE(eocd + 10);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  if ((count === 0xffff || cdOffset === 0xffffffff) && eocd >= 20 && buf.readUInt32LE(eocd - 20) === ZIP64_LOCATOR) {
    const z = u64(buf, eocd - 20 + 8);
    if (z + 56 > buf.length || buf.readUInt32LE(z) !== ZIP64_EOCD) throw bad(label, 'broken zip64 end-of-central-directory record');
    count = u64(buf, z + 32);
    cdOffset = u64(buf, z + 48);
  }
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw bad(label, `central directory entry ${i} is truncated or corrupt`);
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    let csize = buf.readUInt32LE(p + 20);
    let usize = buf.readUInt32LE(p + 24);
    const nlen = buf.readUInt16LE(p + 28);
    const xlen = buf.readUInt16LE(p + 30);
    const clen = buf.readUInt16LE(p + 32);
    let local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nlen);
    // zip64 extended information: only the fields saturated in the fixed header are present, in this order.
    let x = p + 46 + nlen;
    const xend = x + xlen;
    while (x + 4 <= xend) {
      const id = buf.readUInt16LE(x);
      const size = buf.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let q = x + 4;
        if (usize === 0xffffffff) {
          usize = u64(buf, q);
          q += 8;
        }
        if (csize === 0xffffffff) {
          csize = u64(buf, q);
          q += 8;
        }
        if (local === 0xffffffff) local = u64(buf, q);
      }
      x += 4 + size;
    }
    p = xend + clen;
    if (flags & 1) throw bad(label, `entry ${name} is encrypted`);
    const entryLocal = local;
    const entryCsize = csize;
    entries.push({
      name,
      read(): Buffer {
        if (entryLocal + 30 > buf.length || buf.readUInt32LE(entryLocal) !== LOCAL) throw bad(label, `entry ${name}: local header missing`);
        const start = entryLocal + 30 + buf.readUInt16LE(entryLocal + 26) + buf.readUInt16LE(entryLocal + 28);
        if (start + entryCsize > buf.length) throw bad(label, `entry ${name} is truncated`);
        const raw = buf.subarray(start, start + entryCsize);
        let data: Buffer;
        if (method === 0) data = raw;
        else if (method === 8) {
          try {
            data = inflateRawSync(raw);
          } catch (err) {
            throw bad(label, `entry ${name}: ${(err as Error).message}`);
          }
        } else throw bad(label, `entry ${name}: unsupported compression method ${method}`);
        if (crc32(data) !== crc) throw bad(label, `entry ${name}: CRC-32 mismatch`);
        return data;
      },
    });
  }
  return entries;
}
