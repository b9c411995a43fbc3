/**
 * @module image/tar-header
 * The tar header primitives shared by the layer reader (image/tar-reader.ts) and the outer-archive
 * index (image/source/tar-index.ts): 512-byte ustar headers, octal and GNU base-256 numbers, the
 * header checksum, PAX extended-header records.
 * Spec: POSIX pax / ustar (https://pubs.opengroup.org/onlinepubs/9699919799/utilities/pax.html),
 * GNU tar's extensions (https://www.gnu.org/software/tar/manual/html_node/Standard.html).
 */

export const BLOCK = 512;

/** A NUL-terminated string field (UTF-8) of at most `len` bytes at `start`. */
export function cstr(buf: Buffer, start: number, len: number): string {
  let end = start;
  const max = start + len;
  while (end < max && buf[end] !== 0) end++;
  return buf.toString('utf8', start, end);
}

/**
 * A numeric field: octal digits (spaces and NULs around them allowed), or GNU base-256 (high bit of
 * the first byte set, big-endian binary after it). NaN when the field holds anything else.
 */
export function numeric(buf: Buffer, start: number, len: number): number {
  if ((buf[start]! & 0x80) !== 0) {
    let n = buf[start]! & 0x7f;
    for (let i = start + 1; i < start + len; i++) n = n * 256 + buf[i]!;
    return n;
  }
  let i = start;
  const end = start + len;
  while (i < end && buf[i] === 0x20) i++;
  let n = 0;
  let digits = 0;
  for (; i < end; i++) {
    const c = buf[i]!;
    if (c >= 0x30 && c <= 0x37) {
      n = n * 8 + (c - 0x30);
      digits++;
    } else break;
  }
  for (; i < end; i++) if (buf[i] !== 0 && buf[i] !== 0x20) return NaN;
  return digits === 0 ? 0 : n;
}

/** True when the 512 bytes at `at` are all zero (an end-of-archive block). */
export function isZeroBlock(buf: Buffer, at: number): boolean {
  for (let i = at; i < at + BLOCK; i++) if (buf[i] !== 0) return false;
  return true;
}

/** The header checksum: the sum of its bytes with the checksum field counted as spaces. */
export function checksumOk(buf: Buffer, at = 0): boolean {
  const want = numeric(buf, at + 148, 8);
  let sum = 0;
  for (let i = at; i < at + 148; i++) sum += buf[i]!;
  sum += 8 * 0x20;
  for (let i = at + 156; i < at + BLOCK; i++) sum += buf[i]!;
  return sum === want;
}

/** PAX extended-header records (`<len> <key>=<value>\n`); stops at the first malformed record. */
export function paxRecords(data: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let pos = 0;
  while (pos < data.length) {
    const sp = data.indexOf(0x20, pos);
    if (sp === -1) break;
    const len = parseInt(data.toString('ascii', pos, sp), 10);
    if (!Number.isFinite(len) || len <= 0) break;
    const rec = data.toString('utf8', sp + 1, pos + len - 1);
    const eq = rec.indexOf('=');
    if (eq > 0) out.set(rec.slice(0, eq), rec.slice(eq + 1));
    pos += len;
  }
  return out;
}

/** The entry name from a header at `at`: ustar `prefix/name` when the magic is POSIX ustar. */
export function headerName(buf: Buffer, at = 0): string {
  const name = cstr(buf, at, 100);
  // POSIX "ustar\0" has a prefix field; GNU "ustar  " uses those bytes for other things.
  if (buf[at + 257] === 0x75 && buf.toString('latin1', at + 257, at + 263) === 'ustar\0') {
    const prefix = cstr(buf, at + 345, 155);
    if (prefix !== '') return `${prefix}/${name}`;
  }
  return name;
}
