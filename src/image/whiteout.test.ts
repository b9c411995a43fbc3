import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InputError } from '../common/errors.ts';
import { seededRandom } from '../version/prng.ts';
import { classifyWhiteout, normalizeEntryPath } from './whiteout.ts';

void test('normalizeEntryPath: absolute, no dot segments, no trailing slash', () => {
  assert.equal(normalizeEntryPath('./usr/bin/', 'l'), '/usr/bin');
  assert.equal(normalizeEntryPath('usr//lib/./x', 'l'), '/usr/lib/x');
  assert.equal(normalizeEntryPath('/etc/passwd', 'l'), '/etc/passwd');
  assert.equal(normalizeEntryPath('a/b/../c', 'l'), '/a/c');
  assert.equal(normalizeEntryPath('./', 'l'), '/');
  for (const bad of ['../etc/passwd', 'a/../../b', '/../x']) {
    assert.throws(() => normalizeEntryPath(bad, 'layer 3'), (err: InputError) => err.code === 'E_INPUT_UNSAFE_PATH' && err.message.startsWith('layer 3:'));
  }
});

void test('classifyWhiteout per the OCI layer spec', () => {
  assert.deepEqual(classifyWhiteout('/usr/bin/.wh.less'), { kind: 'whiteout', path: '/usr/bin/less' });
  assert.deepEqual(classifyWhiteout('/.wh.tmp'), { kind: 'whiteout', path: '/tmp' });
  assert.deepEqual(classifyWhiteout('/opt/webapp/config/.wh..wh..opq'), { kind: 'opaque', dir: '/opt/webapp/config' });
  assert.deepEqual(classifyWhiteout('/.wh..wh..opq'), { kind: 'opaque', dir: '/' });
  assert.deepEqual(classifyWhiteout('/x/.wh..wh.plnk'), { kind: 'ignored' });
  assert.equal(classifyWhiteout('/usr/bin/less.wh.x'), undefined);
  assert.equal(classifyWhiteout('/usr/bin/less'), undefined);
});

void test('normalizeEntryPath: the plain-name shortcut agrees with segment-by-segment normalisation on random names', () => {
  // The definition, written independently: drop empty and `.` segments, `..` pops (error at the root).
  const reference = (name: string): string | undefined => {
    const out: string[] = [];
    for (const part of name.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') {
        if (out.pop() === undefined) return undefined; // escapes the root
        continue;
      }
      out.push(part);
    }
    return `/${out.join('/')}`;
  };
  const rand = seededRandom(7);
  const pieces = ['a', 'usr', '.', '..', '', '...', '.x', 'x.', '..y', 'b.c', '.wh.z', ' '];
  for (let i = 0; i < 20000; i++) {
    const n = 1 + Math.floor(rand() * 5);
    const segs = Array.from({ length: n }, () => pieces[Math.floor(rand() * pieces.length)]!);
    const lead = ['', './', '/', './/'][Math.floor(rand() * 4)]!;
    const trail = ['', '/', '//'][Math.floor(rand() * 3)]!;
    const name = lead + segs.join('/') + trail;
    const want = reference(name);
    if (want === undefined) assert.throws(() => normalizeEntryPath(name, 'l'), /escapes the image root/, name);
    else assert.equal(normalizeEntryPath(name, 'l'), want, JSON.stringify(name));
  }
});
