import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { zipSync } from 'fflate';
import { InputError } from '../../common/errors.ts';
import { zipEntries } from './zip.ts';

const RECORD = readFileSync(join(import.meta.dirname, '../../../../shared/vulndata/osv/Go/GO-2020-0001.json'));

/** Rewrites a plain zip's end record into the zip64 form (APPNOTE.TXT 4.3.14–4.3.16), counts saturated. */
function asZip64(zip: Buffer): Buffer {
  const eocdAt = zip.length - 22; // fflate writes no archive comment
  const count = zip.readUInt16LE(eocdAt + 10);
  const cdSize = zip.readUInt32LE(eocdAt + 12);
  const cdOffset = zip.readUInt32LE(eocdAt + 16);
  const z64 = Buffer.alloc(56);
  z64.writeUInt32LE(0x06064b50, 0);
  z64.writeBigUInt64LE(44n, 4);
  z64.writeBigUInt64LE(BigInt(count), 24);
  z64.writeBigUInt64LE(BigInt(count), 32);
  z64.writeBigUInt64LE(BigInt(cdSize), 40);
  z64.writeBigUInt64LE(BigInt(cdOffset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(eocdAt), 8);
  const eocd = Buffer.from(zip.subarray(eocdAt));
  eocd.writeUInt16LE(0xffff, 8);
  eocd.writeUInt16LE(0xffff, 10);
  eocd.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([zip.subarray(0, eocdAt), z64, locator, eocd]);
}

void describe('zipEntries', () => {
  const deflated = Buffer.from(zipSync({ 'GO-2020-0001.json': RECORD, 'dir/b.json': Buffer.from('{}') }));
  const stored = Buffer.from(zipSync({ 'GO-2020-0001.json': RECORD }, { level: 0 }));

  void test('lists and inflates deflated and stored entries byte for byte', () => {
    const entries = zipEntries(deflated, 'a.zip');
    assert.deepEqual(entries.map((e) => e.name), ['GO-2020-0001.json', 'dir/b.json']);
    assert.deepEqual(entries[0]!.read(), RECORD);
    assert.deepEqual(zipEntries(stored, 's.zip')[0]!.read(), RECORD);
  });

  void test('reads the zip64 end records', () => {
    assert.deepEqual(zipEntries(asZip64(deflated), 'z64.zip').map((e) => e.name), ['GO-2020-0001.json', 'dir/b.json']);
  });

  void test('a truncated archive is refused naming it', () => {
    assert.throws(() => zipEntries(deflated.subarray(0, deflated.length - 30), 'https://x/npm/all.zip'), (err: unknown) => {
      assert.ok(err instanceof InputError);
      assert.equal(err.message, 'https://x/npm/all.zip: truncated or not a zip archive (no end-of-central-directory record)');
      return true;
    });
  });

  void test('a corrupted entry fails its CRC-32 check', () => {
    const bad = Buffer.from(stored);
    const at = bad.indexOf(Buffer.from('"GO-2020-0001"'));
    bad[at + 1] = 'X'.charCodeAt(0);
    assert.throws(() => zipEntries(bad, 'c.zip')[0]!.read(), /c\.zip: entry GO-2020-0001\.json: CRC-32 mismatch/);
  });
});
