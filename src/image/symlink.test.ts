import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InputError } from '../common/errors.ts';
import { resolveInRoot } from './symlink.ts';
import type { FileMeta } from './types.ts';

function fsOf(links: Record<string, string>, files: string[] = []): (p: string) => FileMeta | undefined {
  const m = new Map<string, FileMeta>();
  for (const [path, target] of Object.entries(links)) m.set(path, { path, type: 'symlink', mode: 0o777, uid: 0, gid: 0, size: 0, linkTarget: target });
  for (const path of files) m.set(path, { path, type: 'file', mode: 0o644, uid: 0, gid: 0, size: 1 });
  return (p) => m.get(p);
}

void test('resolves merged-/usr style links, relative and absolute', () => {
  const fs = fsOf({ '/bin': 'usr/bin', '/lib64': '/usr/lib64', '/usr/bin/sh': 'dash', '/etc/os-release': '../usr/lib/os-release' });
  assert.equal(resolveInRoot('/bin/sh', fs), '/usr/bin/dash');
  assert.equal(resolveInRoot('/lib64/ld-linux-x86-64.so.2', fs), '/usr/lib64/ld-linux-x86-64.so.2');
  assert.equal(resolveInRoot('/etc/os-release', fs), '/usr/lib/os-release');
  assert.equal(resolveInRoot('/usr/./bin/../bin/x', fs), '/usr/bin/x');
});

void test('cannot escape the root: absolute targets are re-rooted, .. stops at /', () => {
  const fs = fsOf({ '/a/up': '../../../../etc/shadow', '/a/abs': '/../../etc/passwd', '/a/host': '/proc/self/root' });
  assert.equal(resolveInRoot('/a/up', fs), '/etc/shadow');
  assert.equal(resolveInRoot('/a/abs', fs), '/etc/passwd');
  assert.equal(resolveInRoot('/a/host', fs), '/proc/self/root');
  assert.equal(resolveInRoot('/../../x', fs), '/x');
});

void test('loops → E_INPUT_SYMLINK_LOOP after 40 hops; a 40-link chain still resolves', () => {
  const loop = fsOf({ '/a': 'b', '/b': '/a' });
  assert.throws(() => resolveInRoot('/a/file', loop), (err: InputError) => err.code === 'E_INPUT_SYMLINK_LOOP' && err.message.includes('/a/file'));
  assert.throws(() => resolveInRoot('/self', fsOf({ '/self': '/self' })), (err: InputError) => err.code === 'E_INPUT_SYMLINK_LOOP');
  const chain: Record<string, string> = {};
  for (let i = 0; i < 40; i++) chain[`/l${i}`] = `/l${i + 1}`;
  assert.equal(resolveInRoot('/l0', fsOf(chain, ['/l40'])), '/l40');
  chain['/l40'] = '/l41';
  assert.throws(() => resolveInRoot('/l0', fsOf(chain)), (err: InputError) => err.code === 'E_INPUT_SYMLINK_LOOP');
});
