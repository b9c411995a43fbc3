import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseHeader, RpmHeaderError, TAG } from './header.ts';
import { parseSourceRpm, readRpmRecord } from './rpm-package.ts';

type Value = { type: 6 | 8; value: string[] } | { type: 4; value: number[] };

/** Builds a header blob as format_v4.html describes it: il, dl, index entries, data store. */
function blob(tags: [number, Value][]): Buffer {
  const index: Buffer[] = [];
  const data: Buffer[] = [];
  let size = 0;
  for (const [tag, v] of tags) {
    if (v.type === 4 && size % 4 !== 0) {
      data.push(Buffer.alloc(4 - (size % 4)));
      size += 4 - (size % 4);
    }
    const bytes = v.type === 4
      ? Buffer.concat(v.value.map((n) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; }))
      : Buffer.concat(v.value.map((s) => Buffer.from(`${s}\0`)));
    const e = Buffer.alloc(16);
    e.writeUInt32BE(tag, 0);
    e.writeUInt32BE(v.type, 4);
    e.writeUInt32BE(size, 8);
    e.writeUInt32BE(v.value.length, 12);
    index.push(e);
    data.push(bytes);
    size += bytes.length;
  }
  const pre = Buffer.alloc(8);
  pre.writeUInt32BE(tags.length, 0);
  pre.writeUInt32BE(size, 4);
  return Buffer.concat([pre, ...index, ...data]);
}

const GOOD: [number, Value][] = [
  [TAG.name, { type: 6, value: ['bash'] }],
  [TAG.version, { type: 6, value: ['5.1.8'] }],
  [TAG.release, { type: 6, value: ['1.cm2'] }],
  [TAG.epoch, { type: 4, value: [2] }],
  [TAG.arch, { type: 6, value: ['x86_64'] }],
  [TAG.sourceRpm, { type: 6, value: ['bash-5.1.8-1.cm2.src.rpm'] }],
  [TAG.dirIndexes, { type: 4, value: [0, 1, 0] }],
  [TAG.baseNames, { type: 8, value: ['bash', 'bash', 'sh'] }],
  [TAG.dirNames, { type: 8, value: ['/usr/bin/', '/usr/share/doc/'] }],
  [TAG.modularityLabel, { type: 6, value: ['nodejs:18:1:abc'] }],
];

void describe('rpm header blob', () => {
  void it('reads strings, int32 and the file list', () => {
    assert.deepEqual(readRpmRecord(blob(GOOD)), {
      name: 'bash', epoch: 2, version: '5.1.8', release: '1.cm2', arch: 'x86_64', sourceRpm: 'bash-5.1.8-1.cm2.src.rpm',
      modularityLabel: 'nodejs:18:1:abc', files: ['/usr/bin/bash', '/usr/share/doc/bash', '/usr/bin/sh'],
    });
  });
  void it('rejects blobs whose index or data lie', () => {
    const good = blob(GOOD);
    assert.throws(() => parseHeader(good.subarray(0, 6)), RpmHeaderError);
    assert.throws(() => parseHeader(good.subarray(0, good.length - 1)), RpmHeaderError);
    const hugeIl = Buffer.from(good);
    hugeIl.writeUInt32BE(0x7fffffff, 0);
    assert.throws(() => parseHeader(hugeIl), RpmHeaderError);
    const badOffset = Buffer.from(good);
    badOffset.writeUInt32BE(0xfffffff0, 8 + 8); // first entry's offset
    assert.throws(() => parseHeader(badOffset), RpmHeaderError);
    const noNul = blob([[TAG.name, { type: 6, value: ['x'] }]]);
    noNul[noNul.length - 1] = 0x41;
    assert.throws(() => parseHeader(noNul).string(TAG.name), RpmHeaderError);
    const manyStrings = blob([[TAG.baseNames, { type: 8, value: ['a'] }]]);
    manyStrings.writeUInt32BE(1000, 8 + 12);
    assert.throws(() => parseHeader(manyStrings).stringArray(TAG.baseNames), RpmHeaderError);
    const wrongType = blob([[TAG.epoch, { type: 6, value: ['1'] }]]);
    assert.throws(() => parseHeader(wrongType).int32Array(TAG.epoch), RpmHeaderError);
  });
  void it('rejects a dir index outside DIRNAMES', () => {
    const bad = GOOD.map(([t, v]): [number, Value] => (t === TAG.dirIndexes ? [t, { type: 4, value: [0, 5, 0] }] : [t, v]));
    assert.throws(() => readRpmRecord(blob(bad)), /DIRINDEXES\[1\] = 5/);
  });
});

void describe('hostile file lists', () => {
  void it('refuses a file list that expands far beyond its blob', () => {
    const n = 10_000;
    const bomb = blob([
      [TAG.name, { type: 6, value: ['x'] }],
      [TAG.version, { type: 6, value: ['1'] }],
      [TAG.release, { type: 6, value: ['1'] }],
      [TAG.dirIndexes, { type: 4, value: new Array<number>(n).fill(0) }],
      [TAG.baseNames, { type: 8, value: new Array<string>(n).fill('') }],
      [TAG.dirNames, { type: 8, value: ['/'.repeat(100_000)] }],
    ]);
    assert.throws(() => readRpmRecord(bomb), /file list expands/);
  });
});

void describe('parseSourceRpm', () => {
  void it('splits name-version-release at the last two dashes', () => {
    assert.deepEqual(parseSourceRpm('util-linux-2.32.1-42.el8_8.src.rpm'), { name: 'util-linux', version: '2.32.1', release: '42.el8_8' });
    assert.deepEqual(parseSourceRpm('gcc11-11.2.1+git610-1.3.9.src.rpm'), { name: 'gcc11', version: '11.2.1+git610', release: '1.3.9' });
    assert.deepEqual(parseSourceRpm('foo-1-2.nosrc.rpm'), { name: 'foo', version: '1', release: '2' });
    for (const bad of ['foo.src.rpm', 'foo-1.src.rpm', '-1-2.src.rpm', 'foo-1-2.rpm', 'foo--2.src.rpm', '(none)']) {
      assert.equal(parseSourceRpm(bad), undefined, bad);
    }
  });
});
