import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InputError } from '../common/errors.ts';
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
