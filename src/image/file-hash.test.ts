import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { IntegrityError } from '../common/errors.ts';
import { hashFileRange, hashOffThread, OFF_THREAD_MIN_BYTES } from './file-hash.ts';
import { dirFileAccess } from './source/file-access.ts';
import { blobReader } from './source/layout-source.ts';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

void test('hashFileRange: the worker hashes exactly the byte range', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reins-fh-'));
  try {
    const data = randomBytes(3 << 20);
    writeFileSync(join(dir, 'f'), data);
    assert.equal(await hashFileRange({ file: join(dir, 'f'), start: 0, size: data.length }, 'sha256'), sha256(data));
    assert.equal(await hashFileRange({ file: join(dir, 'f'), start: 12345, size: 2 << 20 }, 'sha256'), sha256(data.subarray(12345, 12345 + (2 << 20))));
    const many = await Promise.all([1, 2, 3].map((k) => hashFileRange({ file: join(dir, 'f'), start: k, size: 1000 * k }, 'sha512')));
    assert.deepEqual(many, [1, 2, 3].map((k) => createHash('sha512').update(data.subarray(k, k + 1000 * k)).digest('hex')));
    await assert.rejects(hashFileRange({ file: join(dir, 'missing'), start: 0, size: 10 }, 'sha256'), /ENOENT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('a large layout blob hashed off-thread: intact reads whole, one changed byte is an IntegrityError naming the blob', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reins-fh-'));
  try {
    const blob = Buffer.alloc(OFF_THREAD_MIN_BYTES + 4099);
    for (let i = 0; i + 4 <= blob.length; i += 4096) blob.writeUInt32LE(i, i);
    assert.ok(hashOffThread({ size: blob.length, mediaType: 'application/vnd.oci.image.layer.v1.tar' }), 'the test blob is hashed off-thread');
    assert.equal(hashOffThread({ size: blob.length, mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip' }), false);
    assert.equal(hashOffThread({ size: OFF_THREAD_MIN_BYTES - 1, mediaType: 'application/vnd.oci.image.layer.v1.tar' }), false, 'a small layer is hashed in the stream');
    const hex = sha256(blob);
    mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
    const path = join(dir, 'blobs', 'sha256', hex);
    writeFileSync(path, blob);
    const desc = { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: `sha256:${hex}`, size: blob.length };
    const reader = blobReader(dirFileAccess(dir), 'oci:test');
    const read = async (): Promise<Buffer> => {
      const parts: Buffer[] = [];
      for await (const c of await reader.openBlob(desc)) parts.push(c as Buffer);
      return Buffer.concat(parts);
    };
    assert.ok((await read()).equals(blob));
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.from([blob[5 << 20]! ^ 1]), 0, 1, 5 << 20);
    closeSync(fd);
    await assert.rejects(read(), (e: unknown) => e instanceof IntegrityError && e.message.includes(`blob sha256:${hex} hashes to sha256:`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
