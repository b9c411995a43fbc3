import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InputError } from '../../common/errors.ts';
import { indexTar, tarFileAccess } from './tar-index.ts';

const LONG = `blobs/sha256/${'d'.repeat(64)}/${'n'.repeat(120)}`;

for (const format of ['gnu', 'posix', 'ustar'] as const) {
  void test(`indexTar reads ${format} tars written by GNU tar, long names included`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reins-tar-'));
    try {
      const root = join(dir, 'root');
      await mkdir(join(root, LONG, '..'), { recursive: true });
      await writeFile(join(root, 'index.json'), '{"a":1}');
      if (format !== 'ustar') await writeFile(join(root, LONG), Buffer.alloc(1000, 3));
      await writeFile(join(root, 'empty'), '');
      const tar = join(dir, 'x.tar');
      execFileSync('tar', [`--format=${format}`, '-cf', tar, '-C', root, '.']);
      const idx = await indexTar(tar);
      assert.equal(idx.get('index.json')?.size, 7);
      assert.equal(idx.get('empty')?.size, 0);
      const access = await tarFileAccess(tar);
      const chunks: Buffer[] = [];
      for await (const c of (await access.open('./index.json'))!) chunks.push(c as Buffer);
      assert.equal(Buffer.concat(chunks).toString(), '{"a":1}');
      if (format !== 'ustar') {
        assert.equal(idx.get(LONG)?.size, 1000);
        const raw = await readFile(tar);
        const m = idx.get(LONG)!;
        assert.deepEqual(raw.subarray(m.offset, m.offset + m.size), Buffer.alloc(1000, 3));
      }
      // Truncated inside a member → E_INPUT_TRUNCATED_TAR naming the file.
      await truncate(tar, 512 * 3 + 100);
      await assert.rejects(indexTar(tar), (err: InputError) => err.code === 'E_INPUT_TRUNCATED_TAR' && err.message.includes(tar));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

void test('indexTar: a non-tar file fails with a checksum error', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'reins-tar-'));
  try {
    const f = join(dir, 'junk');
    await writeFile(f, Buffer.alloc(2048, 0x41));
    await assert.rejects(indexTar(f), (err: InputError) => err.code === 'E_INPUT_TRUNCATED_TAR' && /checksum/.test(err.message));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

void test('indexTar follows symbolic and hard links between members (docker save repeats layers that way)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'reins-tar-'));
  try {
    const root = join(dir, 'root');
    await mkdir(join(root, 'a'), { recursive: true });
    await mkdir(join(root, 'b'));
    await mkdir(join(root, 'c'));
    await writeFile(join(root, 'a/layer.tar'), Buffer.alloc(700, 9));
    execFileSync('ln', ['-s', '../a/layer.tar', join(root, 'b/layer.tar')]);
    execFileSync('ln', [join(root, 'a/layer.tar'), join(root, 'c/layer.tar')]);
    execFileSync('ln', ['-s', '../../../etc/passwd', join(root, 'c/escape')]);
    const tar = join(dir, 'x.tar');
    execFileSync('tar', ['--format=posix', '-cf', tar, '-C', root, 'a', 'b', 'c']);
    const idx = await indexTar(tar);
    const a = idx.get('a/layer.tar');
    assert.equal(a?.size, 700);
    assert.deepEqual(idx.get('b/layer.tar'), a);
    assert.deepEqual(idx.get('c/layer.tar'), a);
    assert.equal(idx.get('c/escape'), undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
