import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { readBuildInfo, stripSentinels } from './buildinfo.ts';

/**
 * Builds a minimal ELF with no section headers and one PT_LOAD segment mapping vaddr BASE to file
 * offset 0, holding a pointer-format (pre Go 1.18) build-info header, written from the ELF gABI and
 * Go's debug/buildinfo layout: magic, ptrSize, flags (bit 0 = big-endian), then two pointers to
 * Go string headers {data pointer, length}.
 */
function pointerFormatElf(is64: boolean, bigEndian: boolean, version: string, modinfo: string): Buffer {
  const BASE = 0x400000;
  const ptr = is64 ? 8 : 4;
  const buf = Buffer.alloc(0x400);
  const u16 = (o: number, v: number) => (bigEndian ? buf.writeUInt16BE(v, o) : buf.writeUInt16LE(v, o));
  const u32 = (o: number, v: number) => (bigEndian ? buf.writeUInt32BE(v, o) : buf.writeUInt32LE(v, o));
  const word = (o: number, v: number) => (is64 ? (bigEndian ? buf.writeBigUInt64BE(BigInt(v), o) : buf.writeBigUInt64LE(BigInt(v), o)) : u32(o, v));
  buf.write('\x7fELF', 0, 'latin1');
  buf[4] = is64 ? 2 : 1;
  buf[5] = bigEndian ? 2 : 1;
  buf[6] = 1;
  const phoff = is64 ? 64 : 52;
  word(is64 ? 0x20 : 0x1c, phoff); // e_phoff
  u16(is64 ? 0x36 : 0x2a, is64 ? 56 : 32); // e_phentsize
  u16(is64 ? 0x38 : 0x2c, 1); // e_phnum
  // PT_LOAD: offset 0, vaddr BASE, filesz = whole buffer
  u32(phoff, 1);
  if (is64) {
    word(phoff + 8, 0);
    word(phoff + 16, BASE);
    word(phoff + 32, buf.length);
  } else {
    u32(phoff + 4, 0);
    u32(phoff + 8, BASE);
    u32(phoff + 16, buf.length);
  }
  const info = 0x100;
  buf.write('\xff Go buildinf:', info, 'latin1');
  buf[info + 14] = ptr;
  buf[info + 15] = bigEndian ? 1 : 0;
  const headers = 0x200;
  const strings = 0x280;
  word(info + 16, BASE + headers);
  word(info + 16 + ptr, BASE + headers + 2 * ptr);
  buf.write(version, strings, 'utf8');
  word(headers, BASE + strings);
  word(headers + ptr, Buffer.byteLength(version));
  const modAt = strings + 0x20;
  buf.write(modinfo, modAt, 'utf8');
  word(headers + 2 * ptr, BASE + modAt);
  word(headers + 3 * ptr, Buffer.byteLength(modinfo));
  return buf;
}

const SENTINEL_START = '0w\xaf\x0c\x92t\x08\x02A\xe1\xc1\x07\xe6\xd6\x18\xe6';
const SENTINEL_END = '\xf92C1\x86\x18 r\x00\x82B\x10A\x16\xd8\xf2';

void describe('readBuildInfo, pointer format', () => {
  const mod = 'path\texample.com/cmd\nmod\texample.com\tv1.0.0\t\ndep\tgolang.org/x/text\tv0.3.7\th1:x=\n';
  for (const [is64, be] of [[true, false], [false, true], [true, true], [false, false]] as const) {
    void it(`${is64 ? 64 : 32}-bit ${be ? 'big' : 'little'}-endian`, () => {
      const res = readBuildInfo(pointerFormatElf(is64, be, 'go1.16.5', mod));
      assert.deepEqual(res, { ok: true, info: { goVersion: 'go1.16.5', modinfo: mod } });
    });
  }
});

void describe('readBuildInfo, edge cases', () => {
  void it('strips the 16-byte sentinels', () => {
    const text = 'path\tx\n';
    assert.equal(stripSentinels(Buffer.from(SENTINEL_START + text + SENTINEL_END, 'latin1')), text);
  });
  void it('not Go', () => assert.deepEqual(readBuildInfo(Buffer.from('hello world')), { ok: false, reason: 'not-go' }));
  void it('truncated inline header is malformed, not a throw', () => {
    const buf = Buffer.concat([Buffer.from('\xff Go buildinf:\x08\x02', 'latin1'), Buffer.alloc(16), Buffer.from([0xff, 0xff, 0xff])]);
    const res = readBuildInfo(buf);
    assert.equal(res.ok, false);
    assert.equal(!res.ok && res.reason, 'malformed');
  });
  void it('pointer outside every segment is malformed', () => {
    const buf = pointerFormatElf(true, false, 'go1.16', 'x');
    buf.writeBigUInt64LE(0xdead0000n, 0x100 + 16);
    assert.equal(readBuildInfo(buf).ok, false);
  });
});
