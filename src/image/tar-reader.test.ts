import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, linkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { InputError } from '../common/errors.ts';
import { TarReader, type TarHeader } from './tar-reader.ts';

interface Seen extends TarHeader {
  body?: string;
}

/** Feeds `tar` to a reader in chunks of `step` bytes; collects every entry with the bodies of regular files. */
function read(tar: Buffer, step: number): Seen[] {
  const seen: Seen[] = [];
  const r = new TarReader('test', (h) => {
    const s: Seen = { ...h };
    seen.push(s);
    if (h.type !== '0') return undefined;
    const parts: Buffer[] = [];
    return {
      data: (p) => {
        parts.push(Buffer.from(p));
        return true;
      },
      end: () => {
        s.body = Buffer.concat(parts).toString('latin1');
      },
    };
  });
  for (let i = 0; i < tar.length; i += step) r.push(tar.subarray(i, i + step));
  r.finish();
  return seen;
}

/** A directory tree exercising the header fields, built on disk so GNU tar (an independent writer) can pack it. */
function makeTree(): { dir: string; longName: string; body: string } {
  const dir = mkdtempSync(join(tmpdir(), 'reins-tar-'));
  const root = join(dir, 'root');
  const longDir = 'd'.repeat(90);
  // 155 bytes: GNU needs an `L` record, pax a `path` record, ustar splits it into prefix + name.
  const longName = `${longDir}/${'f'.repeat(60)}.txt`;
  mkdirSync(join(root, longDir), { recursive: true });
  const body = 'x'.repeat(1000) + 'end';
  writeFileSync(join(root, longName), body);
  writeFileSync(join(root, 'empty'), '');
  writeFileSync(join(root, 'small'), 'hello\n');
  symlinkSync(`../${'t'.repeat(150)}`, join(root, 'link-long'));
  linkSync(join(root, 'small'), join(root, 'hard'));
  return { dir, longName, body };
}

const hasTar = (() => {
  try {
    return execFileSync('tar', ['--version']).toString().includes('GNU tar');
  } catch {
    return false;
  }
})();

for (const format of ['gnu', 'posix', 'ustar'] as const) {
  void test(`TarReader reads GNU tar --format=${format} the way the files were written, for any chunking`, { skip: !hasTar && 'GNU tar not installed' }, () => {
    const { dir, longName, body } = makeTree();
    try {
      // ustar cannot store a 150-byte symlink target; leave it out there.
      if (format === 'ustar') rmSync(join(dir, 'root', 'link-long'));
      const tarFile = join(dir, 'out.tar');
      const owner = format === 'ustar' ? [] : ['--owner=3000000', '--numeric-owner'];
      execFileSync('tar', [`--format=${format}`, '--sort=name', ...owner, '-C', join(dir, 'root'), '-cf', tarFile, '.']);
      const tar = readFileSync(tarFile);
      const expect = read(tar, tar.length);
      for (const step of [1, 7, 511, 512, 513, 4096]) assert.deepEqual(read(tar, step), expect, `chunks of ${step}`);
      const byName = new Map(expect.map((e) => [e.name.replace(/^\.\//, ''), e]));
      assert.equal(byName.get(longName)?.body, body, 'long name and body');
      assert.equal(byName.get(longName)?.size, body.length);
      assert.equal(byName.get('empty')?.body, '');
      // `hard` sorts first, so it is the file and `small` the hard link to it.
      assert.equal(byName.get('hard')?.body, 'hello\n');
      assert.equal(byName.get('small')?.type, '1');
      assert.equal(byName.get('small')?.linkname.replace(/^\.\//, ''), 'hard');
      assert.equal(byName.get(`${'d'.repeat(90)}/`)?.type ?? byName.get('d'.repeat(90))?.type, '5');
      if (format !== 'ustar') {
        assert.equal(byName.get('link-long')?.type, '2');
        assert.equal(byName.get('link-long')?.linkname, `../${'t'.repeat(150)}`);
        // 3,000,000 does not fit the 7 octal digits of ustar (max 2,097,151): GNU writes base-256, pax a uid record.
        assert.equal(byName.get('hard')?.uid, 3000000);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

/** A minimal ustar header with a valid checksum. */
function header(name: string, size: number, type = '0'): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  h.write('00000000000\0', 136);
  h.write(type, 156);
  h.write('ustar\x0000', 257, 'latin1');
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

void test('TarReader: a bad checksum, a cut header and a cut body are E_INPUT_TRUNCATED_TAR', () => {
  const good = Buffer.concat([header('a.txt', 5), Buffer.from('hello'), Buffer.alloc(507), Buffer.alloc(1024)]);
  assert.equal(read(good, 100)[0]?.body, 'hello');
  const bad = Buffer.from(good);
  bad[0] = 0x62; // name changes, checksum does not
  assert.throws(() => read(bad, 512), (e: unknown) => e instanceof InputError && e.code === 'E_INPUT_TRUNCATED_TAR' && /checksum/.test(e.message));
  assert.throws(() => read(good.subarray(0, 300), 512), (e: unknown) => e instanceof InputError && /middle of a header/.test(e.message));
  assert.throws(() => read(good.subarray(0, 514), 512), (e: unknown) => e instanceof InputError && /a\.txt, declared 5 bytes/.test(e.message));
  // No end-of-archive blocks at all is tolerated (some writers stop after the last entry).
  assert.equal(read(good.subarray(0, 1024), 512).length, 1);
});

void test('TarReader: pax size, sparse markers and global headers; old-style directory names', () => {
  const pax = (records: Record<string, string>, type = 'x'): Buffer => {
    const body = Buffer.from(
      Object.entries(records)
        .map(([k, v]) => {
          const rec = ` ${k}=${v}\n`;
          let len = rec.length + 1;
          while (`${len}${rec}`.length !== len) len++;
          return `${len}${rec}`;
        })
        .join(''),
    );
    return Buffer.concat([header('PaxHeader', body.length, type), body, Buffer.alloc((512 - (body.length % 512)) % 512)]);
  };
  const tar = Buffer.concat([
    pax({ path: 'ignored-global-path' }, 'g'),
    pax({ path: 'renamed/by/pax.bin', size: '3' }), header('short', 0), Buffer.from('abc'), Buffer.alloc(509),
    pax({ 'GNU.sparse.major': '1', 'GNU.sparse.minor': '0' }), header('sparse', 0),
    header('olddir/', 0),
    Buffer.alloc(1024),
  ]);
  const seen = read(tar, 333);
  assert.deepEqual(seen.map((s) => [s.name, s.type, s.size, s.body]), [
    ['renamed/by/pax.bin', '0', 3, 'abc'],
    ['sparse', 'S', 0, undefined],
    ['olddir/', '5', 0, undefined],
  ]);
});
