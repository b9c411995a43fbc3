import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeFileAtomic } from './atomic-write.ts';

const dir = mkdtempSync(join(tmpdir(), 'reins-atomic-'));

test('a regular file is replaced whole and no temporary file is left', async () => {
  const f = join(dir, 'out.json');
  writeFileSync(f, 'old');
  await writeFileAtomic(f, 'new');
  assert.equal(readFileSync(f, 'utf8'), 'new');
  assert.deepEqual(readdirSync(dir).filter((n) => n.includes('.tmp-')), []);
});

test('--output /dev/null stays a character device (it must never be renamed over)', async () => {
  await writeFileAtomic('/dev/null', 'report');
  assert.ok(lstatSync('/dev/null').isCharacterDevice());
});

test('a FIFO is written in place, and a symlink is followed', async () => {
  const fifo = join(dir, 'pipe');
  execFileSync('mkfifo', [fifo]);
  // A reader on the other end, started before the write (opening a FIFO for writing waits for one).
  const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
  let got = '';
  reader.stdout.on('data', (d: Buffer) => (got += d.toString()));
  const closed = new Promise((res) => reader.on('close', res));
  await writeFileAtomic(fifo, 'through the pipe');
  await closed;
  assert.equal(got, 'through the pipe');
  assert.ok(lstatSync(fifo).isFIFO());
  const real = join(dir, 'real.json');
  writeFileSync(real, 'old');
  const link = join(dir, 'link.json');
  symlinkSync(real, link);
  await writeFileAtomic(link, 'new');
  assert.ok(lstatSync(link).isSymbolicLink());
  assert.equal(readFileSync(real, 'utf8'), 'new');
});
