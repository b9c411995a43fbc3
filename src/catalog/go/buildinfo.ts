/**
 * @module catalog/go/buildinfo
 * Locates and decodes the Go build-info blob (the layout Go's `debug/buildinfo` reads,
 * https://pkg.go.dev/debug/buildinfo; writer in `cmd/link/internal/ld/data.go`):
 *
 * ```
 * 0   14 bytes  magic "\xff Go buildinf:"
 * 14  1 byte    pointer size (4 or 8)
 * 15  1 byte    flags: bit 0 = big-endian pointers, bit 1 = strings inline (Go 1.18+)
 * 16  ...       inline: at 32, uvarint length + Go version, then uvarint length + modinfo
 *               pointer format: two pointers (version, modinfo) to Go string headers {data, len}
 * ```
 * The modinfo string is wrapped in two 16-byte sentinels that are stripped here. The pointer
 * format needs virtual-address mapping, so it is supported for ELF only; the inline format is found
 * by scanning, so it also works for Mach-O and PE.
 */
import { type ElfFile, parseElf, sectionData, vaddrToOffset } from './elf.ts';

const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const HEADER_SIZE = 32;
const MAX_STRING = 4 * 1024 * 1024;

export interface RawBuildInfo {
  /** As written by the toolchain, e.g. `go1.22.0`. */
  goVersion: string;
  /** The module info text (`path`, `mod`, `dep`, `=>`, `build` lines), sentinels removed; '' when absent. */
  modinfo: string;
}

export type BuildInfoResult = { ok: true; info: RawBuildInfo } | { ok: false; reason: 'not-go' | 'malformed'; detail?: string };

function readUvarint(buf: Buffer, off: number): { value: number; next: number } | undefined {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    const b = buf[off + i];
    if (b === undefined) return undefined;
    value += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) return { value, next: off + i + 1 };
  }
  return undefined;
}

function readInlineString(buf: Buffer, off: number): { bytes: Buffer; next: number } | undefined {
  const len = readUvarint(buf, off);
  if (!len || len.value > MAX_STRING || len.next + len.value > buf.length) return undefined;
  return { bytes: buf.subarray(len.next, len.next + len.value), next: len.next + len.value };
}

function readPointer(buf: Buffer, off: number, size: number, bigEndian: boolean): number | undefined {
  if (off < 0 || off + size > buf.length) return undefined;
  if (size === 4) return bigEndian ? buf.readUInt32BE(off) : buf.readUInt32LE(off);
  const v = bigEndian ? buf.readBigUInt64BE(off) : buf.readBigUInt64LE(off);
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(v);
}

/** Pointer format: `ptr` is the address of a Go string header {data pointer, length}. */
function readPointedString(buf: Buffer, elf: ElfFile, ptr: number, size: number, bigEndian: boolean): Buffer | undefined {
  const hdr = vaddrToOffset(elf, ptr);
  if (hdr === undefined) return undefined;
  const data = readPointer(buf, hdr, size, bigEndian);
  const len = readPointer(buf, hdr + size, size, bigEndian);
  if (data === undefined || len === undefined || len > MAX_STRING) return undefined;
  if (len === 0) return Buffer.alloc(0);
  const at = vaddrToOffset(elf, data);
  if (at === undefined || at + len > buf.length) return undefined;
  return buf.subarray(at, at + len);
}

/** Removes the 16 sentinel bytes at each end (the text before the end sentinel ends with a newline), then decodes. */
export function stripSentinels(modinfo: Buffer): string {
  if (modinfo.length >= 33 && modinfo[modinfo.length - 17] === 0x0a) return modinfo.toString('utf8', 16, modinfo.length - 16);
  return modinfo.toString('utf8');
}

/** Where the magic is: `.go.buildinfo` for ELF with section headers, else a scan of the whole file. */
function findMagic(buf: Buffer, elf: ElfFile | undefined): number {
  if (elf && elf.sections.length > 0) {
    const section = sectionData(buf, elf, '.go.buildinfo');
    if (!section) return -1;
    const at = section.indexOf(MAGIC);
    return at === -1 ? -1 : section.byteOffset - buf.byteOffset + at;
  }
  return buf.indexOf(MAGIC);
}

export function readBuildInfo(buf: Buffer): BuildInfoResult {
  const elf = parseElf(buf);
  const at = findMagic(buf, elf);
  if (at === -1) return { ok: false, reason: 'not-go' };
  if (at + HEADER_SIZE > buf.length) return { ok: false, reason: 'malformed', detail: 'truncated build-info header' };
  const ptrSize = buf[at + 14] ?? 0;
  const flags = buf[at + 15] ?? 0;
  if (flags & 2) {
    const version = readInlineString(buf, at + HEADER_SIZE);
    const mod = version && readInlineString(buf, version.next);
    if (!version || !mod) return { ok: false, reason: 'malformed', detail: 'bad inline string' };
    return { ok: true, info: { goVersion: version.bytes.toString('utf8'), modinfo: stripSentinels(mod.bytes) } };
  }
  if (ptrSize !== 4 && ptrSize !== 8) return { ok: false, reason: 'malformed', detail: `pointer size ${ptrSize}` };
  if (!elf) return { ok: false, reason: 'malformed', detail: 'pointer-format build info outside ELF is not supported' };
  const bigEndian = (flags & 1) === 1;
  const versionPtr = readPointer(buf, at + 16, ptrSize, bigEndian);
  const modPtr = readPointer(buf, at + 16 + ptrSize, ptrSize, bigEndian);
  const goVersion = versionPtr === undefined ? undefined : readPointedString(buf, elf, versionPtr, ptrSize, bigEndian);
  const modinfo = modPtr === undefined ? undefined : readPointedString(buf, elf, modPtr, ptrSize, bigEndian);
  if (goVersion === undefined || modinfo === undefined) return { ok: false, reason: 'malformed', detail: 'unmapped string pointer' };
  return { ok: true, info: { goVersion: goVersion.toString('utf8'), modinfo: stripSentinels(modinfo) } };
}
