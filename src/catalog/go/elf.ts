/**
 * @module catalog/go/elf
 * Just enough of ELF (https://refspecs.linuxfoundation.org/elf/gabi4+/ch4.eheader.html) to find a
 * named section and to map a virtual address to a file offset through the PT_LOAD segments.
 * Every count and offset is bounded by the buffer; malformed headers give `undefined`, never a throw.
 */

export interface ElfSection {
  name: string;
  offset: number;
  size: number;
  addr: number;
}

export interface ElfSegment {
  type: number;
  offset: number;
  vaddr: number;
  filesz: number;
}

export interface ElfFile {
  is64: boolean;
  littleEndian: boolean;
  sections: ElfSection[];
  segments: ElfSegment[];
}

const MAX_HEADERS = 4096;
const PT_LOAD = 1;

export function isElf(head: Buffer): boolean {
  return head.length >= 4 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46;
}

/** Reads an unsigned integer of 4 or 8 bytes as a safe JS number (bigger values become -1). */
function readUint(buf: Buffer, off: number, size: 2 | 4 | 8, le: boolean): number {
  if (off < 0 || off + size > buf.length) return -1;
  if (size === 2) return le ? buf.readUInt16LE(off) : buf.readUInt16BE(off);
  if (size === 4) return le ? buf.readUInt32LE(off) : buf.readUInt32BE(off);
  const v = le ? buf.readBigUInt64LE(off) : buf.readBigUInt64BE(off);
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? -1 : Number(v);
}

function cString(buf: Buffer, off: number, limit = 256): string {
  if (off < 0 || off >= buf.length) return '';
  const end = buf.indexOf(0, off);
  return buf.toString('latin1', off, Math.min(end === -1 ? buf.length : end, off + limit));
}

export function parseElf(buf: Buffer): ElfFile | undefined {
  if (buf.length < 52 || !isElf(buf)) return undefined;
  const is64 = buf[4] === 2;
  if (!is64 && buf[4] !== 1) return undefined;
  const le = buf[5] !== 2;
  const word = is64 ? 8 : 4;
  const phoff = readUint(buf, is64 ? 0x20 : 0x1c, word, le);
  const shoff = readUint(buf, is64 ? 0x28 : 0x20, word, le);
  const phentsize = readUint(buf, is64 ? 0x36 : 0x2a, 2, le);
  const phnum = readUint(buf, is64 ? 0x38 : 0x2c, 2, le);
  const shentsize = readUint(buf, is64 ? 0x3a : 0x2e, 2, le);
  const shnum = readUint(buf, is64 ? 0x3c : 0x30, 2, le);
  const shstrndx = readUint(buf, is64 ? 0x3e : 0x32, 2, le);

  const segments: ElfSegment[] = [];
  if (phoff > 0 && phentsize >= (is64 ? 56 : 32) && phnum <= MAX_HEADERS) {
    for (let i = 0; i < phnum; i++) {
      const at = phoff + i * phentsize;
      if (at + phentsize > buf.length) break;
      segments.push(
        is64
          ? { type: readUint(buf, at, 4, le), offset: readUint(buf, at + 8, 8, le), vaddr: readUint(buf, at + 16, 8, le), filesz: readUint(buf, at + 32, 8, le) }
          : { type: readUint(buf, at, 4, le), offset: readUint(buf, at + 4, 4, le), vaddr: readUint(buf, at + 8, 4, le), filesz: readUint(buf, at + 16, 4, le) },
      );
    }
  }

  const sections: ElfSection[] = [];
  if (shoff > 0 && shentsize >= (is64 ? 64 : 40) && shnum <= MAX_HEADERS && shstrndx < shnum) {
    const raw: { nameOff: number; offset: number; size: number; addr: number }[] = [];
    for (let i = 0; i < shnum; i++) {
      const at = shoff + i * shentsize;
      if (at + shentsize > buf.length) break;
      raw.push(
        is64
          ? { nameOff: readUint(buf, at, 4, le), addr: readUint(buf, at + 16, 8, le), offset: readUint(buf, at + 24, 8, le), size: readUint(buf, at + 32, 8, le) }
          : { nameOff: readUint(buf, at, 4, le), addr: readUint(buf, at + 12, 4, le), offset: readUint(buf, at + 16, 4, le), size: readUint(buf, at + 20, 4, le) },
      );
    }
    const strtab = raw[shstrndx];
    for (const s of raw) {
      const name = strtab && s.nameOff >= 0 && s.nameOff < strtab.size ? cString(buf, strtab.offset + s.nameOff) : '';
      sections.push({ name, offset: s.offset, size: s.size, addr: s.addr });
    }
  }
  return { is64, littleEndian: le, sections, segments };
}

/** The bytes of a named section, when it lies inside the buffer. */
export function sectionData(buf: Buffer, elf: ElfFile, name: string): Buffer | undefined {
  const s = elf.sections.find((x) => x.name === name);
  if (!s || s.offset < 0 || s.size < 0 || s.offset + s.size > buf.length) return undefined;
  return buf.subarray(s.offset, s.offset + s.size);
}

/** File offset of a virtual address, through the PT_LOAD segment containing it. */
export function vaddrToOffset(elf: ElfFile, vaddr: number): number | undefined {
  for (const seg of elf.segments) {
    if (seg.type === PT_LOAD && vaddr >= seg.vaddr && vaddr < seg.vaddr + seg.filesz) return seg.offset + (vaddr - seg.vaddr);
  }
  return undefined;
}
