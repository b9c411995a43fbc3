import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { IntegrityError, type InputError } from '../common/errors.ts';
import { parseDigest, sha256Digest, verifyBuffer, VerifyingStream } from './digest.ts';

// sha256("abc") from FIPS 180-2, appendix B.1.
const ABC = 'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

void test('sha256Digest and parseDigest', () => {
  assert.equal(sha256Digest('abc'), ABC);
  assert.deepEqual(parseDigest(ABC), { algorithm: 'sha256', hex: ABC.slice(7) });
  for (const bad of ['sha256:abc', 'md5:' + 'a'.repeat(32), ABC.toUpperCase(), `sha512:${'a'.repeat(64)}`]) {
    assert.throws(() => parseDigest(bad, 'manifest x'), (err: InputError) => err.code === 'E_INPUT' && err.message.startsWith('manifest x:'));
  }
});

void test('verifyBuffer checks size and digest', () => {
  verifyBuffer(Buffer.from('abc'), ABC, 3, 'img');
  verifyBuffer(Buffer.from('abc'), ABC, -1, 'img');
  assert.throws(() => verifyBuffer(Buffer.from('abd'), ABC, 3, 'img'), (err: IntegrityError) => err instanceof IntegrityError && err.message.includes(ABC));
  assert.throws(() => verifyBuffer(Buffer.from('abc'), ABC, 4, 'img'), IntegrityError);
});

async function run(chunks: string[], digest: string, size: number): Promise<void> {
  await pipeline(Readable.from(chunks.map((c) => Buffer.from(c))), new VerifyingStream(digest, size, 'img'), async function* (src) {
    for await (const _ of src) yield;
  });
}

void test('VerifyingStream: passes good data, fails at the end on a wrong digest and as soon as data overflows the size', async () => {
  await run(['a', 'bc'], ABC, 3);
  await assert.rejects(run(['a', 'bd'], ABC, 3), (err: IntegrityError) => err instanceof IntegrityError && err.message.includes(ABC));
  await assert.rejects(run(['ab', 'cdef'], ABC, 3), /longer than the 3 bytes/);
  await assert.rejects(run(['ab'], ABC, 3), /has 2 bytes/);
});
