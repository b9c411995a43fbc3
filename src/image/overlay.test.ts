import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Overlay } from './overlay.ts';
import type { FileMeta, LayerWalkResult } from './types.ts';

const f = (path: string, type: FileMeta['type'] = 'file', linkTarget?: string): FileMeta => ({
  path, type, mode: 0o644, uid: 0, gid: 0, size: 1, ...(linkTarget !== undefined && { linkTarget }),
});
const layer = (entries: FileMeta[], whiteouts: string[] = [], opaqueDirs: string[] = []): LayerWalkResult => ({ entries, whiteouts, opaqueDirs });

// Semantics from the OCI image spec, layer.md "Whiteouts" and "Opaque Whiteout".
test('a whiteout deletes the path and everything below it', () => {
  const o = new Overlay([
    layer([f('/a', 'dir'), f('/a/b', 'dir'), f('/a/b/c'), f('/a/d')]),
    layer([], ['/a/b']),
  ]);
  assert.equal(o.get('/a/b/c'), undefined);
  assert.equal(o.get('/a/b'), undefined);
  assert.equal(o.isVisible(0, '/a/d'), true);
  assert.equal(o.isVisible(0, '/a/b/c'), false);
});

test('an opaque directory hides lower content but keeps its own layer entries', () => {
  const o = new Overlay([
    layer([f('/cfg', 'dir'), f('/cfg/old.env')]),
    layer([f('/cfg', 'dir'), f('/cfg/new.env')], [], ['/cfg']),
  ]);
  assert.equal(o.isVisible(0, '/cfg/old.env'), false);
  assert.equal(o.isVisible(1, '/cfg/new.env'), true);
});

test('a later file at the same path supersedes the earlier one', () => {
  const o = new Overlay([layer([f('/var/lib/dpkg/status')]), layer([f('/var/lib/dpkg/status')])]);
  assert.equal(o.isVisible(0, '/var/lib/dpkg/status'), false);
  assert.equal(o.isVisible(1, '/var/lib/dpkg/status'), true);
});

test('a file replacing a directory removes the directory contents', () => {
  const o = new Overlay([layer([f('/x', 'dir'), f('/x/y')]), layer([f('/x')])]);
  assert.equal(o.get('/x/y'), undefined);
});

test('canonical resolves symlinked parents inside the root (merged /usr)', () => {
  const o = new Overlay([layer([f('/usr', 'dir'), f('/usr/lib', 'dir'), f('/lib', 'symlink', 'usr/lib'), f('/up', 'symlink', '../../../usr')])]);
  assert.equal(o.canonical('/lib/x86_64-linux-gnu/libc.so.6'), '/usr/lib/x86_64-linux-gnu/libc.so.6');
  // `..` cannot climb above the root.
  assert.equal(o.canonical('/up/lib/a'), '/usr/lib/a');
  assert.equal(o.canonical('/etc/passwd'), '/etc/passwd');
});

test('a symlink loop is a clear error, not a hang', () => {
  const o = new Overlay([layer([f('/a', 'symlink', '/b'), f('/b', 'symlink', '/a')])]);
  assert.throws(() => o.canonical('/a/file'), /symlink loop/);
});

test('resolve follows the last component too; a loop between two files is an error naming the path', () => {
  const o = new Overlay([layer([f('/usr', 'dir'), f('/usr/lib/os-release'), f('/etc/os-release', 'symlink', '../usr/lib/os-release'), f('/a', 'symlink', '/b'), f('/b', 'symlink', 'a')])]);
  assert.equal(o.resolve('/etc/os-release'), '/usr/lib/os-release');
  assert.throws(() => o.resolve('/a'), /symlink loop while resolving \/a/);
});
