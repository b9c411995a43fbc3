/**
 * @module catalog/rust/elf-section
 * Finds one named section of an ELF file (gABI section header table,
 * https://refspecs.linuxfoundation.org/elf/gabi4+/ch4.sheader.html). 32/64-bit, either byte order;
 * every offset is checked against the buffer, so hostile headers give `undefined`.
 */

const MAX_SECTIONS = 4096;

export function isElf(head: Buffer): boolean {
  return head.length >= 4 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46;
}

function uint(buf: Buffer, off: number, size: 2 | 4 | 8, le: boolean): number {
  if (off < 0 || off + size > buf.length) return -1;
  if (size === 2) return le ? buf.readUInt16LE(off) : buf.readUInt16BE(off);
  if (size === 4) return le ? buf.readUInt32LE(off) : buf.readUInt32BE(off);
  const v = le ? buf.readBigUInt64LE(off) : buf.readBigUInt64BE(off);
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? -1 : Number(v);
}

export function findSection(buf: Buffer, name: string): Buffer | undefined {
  if (buf.length < 52 || !isElf(buf)) return undefined;
  const is64 = buf[4] === 2;
  const le = buf[5] !== 2;
  const w = is64 ? 8 : 4;
  const shoff = uint(buf, is64 ? 0x28 : 0x20, w, le);
  const shentsize = uint(buf, is64 ? 0x3a : 0x2e, 2, le);
  const shnum = uint(buf, is64 ? 0x3c : 0x30, 2, le);
  const shstrndx = uint(buf, is64 ? 0x3e : 0x32, 2, le);
  if (shoff <= 0 || shentsize < (is64 ? 64 : 40) || shnum > MAX_SECTIONS || shstrndx >= shnum) return undefined;
  const header = (i: number) => {
    const at = shoff + i * shentsize;
    return {
      name: uint(buf, at, 4, le),
      offset: uint(buf, at + (is64 ? 24 : 16), w, le),
      size: uint(buf, at + (is64 ? 32 : 20), w, le),
    };
  };
  const strtab = header(shstrndx);
  if (strtab.offset < 0 || strtab.size < 0 || strtab.offset + strtab.size > buf.length) return undefined;
  const wanted = Buffer.from(`${name}\0`, 'latin1');
  for (let i = 0; i < shnum; i++) {
    const s = header(i);
    if (s.name < 0 || s.name + wanted.length > strtab.size) continue;
    const at = strtab.offset + s.name;
    if (!buf.subarray(at, at + wanted.length).equals(wanted)) continue;
    if (s.offset < 0 || s.size < 0 || s.offset + s.size > buf.length) return undefined;
    return buf.subarray(s.offset, s.offset + s.size);
  }
  return undefined;
}
