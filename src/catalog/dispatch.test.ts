import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FileMeta } from '../image/types.ts';
import { compileDispatcher, type FileAnalyzer } from './dispatch.ts';

const meta = (path: string, size = 10): FileMeta => ({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, size });
const a = (id: string, wants: FileAnalyzer['wants']): FileAnalyzer => ({ id, version: 1, wants });

const status = a('dpkg', { paths: ['/var/lib/dpkg/status'], prefixes: ['/var/lib/dpkg/info/'], predicate: (m) => m.path === '/var/lib/dpkg/status' || m.path.endsWith('.list'), maxBytes: 100 });
const pkgjson = a('npm', { basenames: ['package.json'], maxBytes: 50 });
const jar = a('java', { suffixes: ['.jar'], maxBytes: 1000 });
const elf = a('go', { predicate: (m) => (m.mode & 0o111) !== 0, maxBytes: 5000, accept: (h) => h.subarray(0, 4).toString('latin1') === '\x7fELF' });
const d = compileDispatcher([status, pkgjson, jar, elf]);

test('cheap fields select the right analyzers and reject near misses', () => {
  assert.deepEqual(d.match(meta('/var/lib/dpkg/status'))?.analyzers.map((x) => x.id), ['dpkg']);
  assert.deepEqual(d.match(meta('/var/lib/dpkg/info/bash.list'))?.analyzers.map((x) => x.id), ['dpkg']);
  assert.equal(d.match(meta('/var/lib/dpkg/info/bash.md5sums.bak')), undefined);
  assert.equal(d.match(meta('/var/lib/dpkg/status-old')), undefined);
  assert.deepEqual(d.match(meta('/srv/app/node_modules/qs/package.json'))?.analyzers.map((x) => x.id), ['npm']);
  assert.deepEqual(d.match(meta('/opt/app/app.jar'))?.analyzers.map((x) => x.id), ['java']);
  assert.equal(d.match(meta('/opt/app/app.jar.sha1')), undefined);
});

test('directories and symlinks are never dispatched', () => {
  assert.equal(d.match({ ...meta('/var/lib/dpkg/status'), type: 'symlink' }), undefined);
});

test('predicate-only analyzers see every file; sniffing decides on content', () => {
  const m = d.match({ ...meta('/usr/bin/tool'), mode: 0o755 })!;
  assert.deepEqual(m.analyzers.map((x) => x.id), ['go']);
  assert.ok(m.accept);
  assert.equal(m.accept(Buffer.from('#!/bin/sh\n')), false);
  assert.deepEqual(d.takers(m, Buffer.from('\x7fELF....', 'latin1')).map((x) => x.id), ['go']);
});

test('maxBytes is the largest of the matching analyzers; takers filter by their own limit', () => {
  const both = compileDispatcher([pkgjson, a('secret', { predicate: () => true, maxBytes: 10 })]);
  const m = both.match(meta('/x/package.json'))!;
  assert.equal(m.maxBytes, 50);
  assert.equal(m.accept, undefined);
  assert.deepEqual(both.takers(m, Buffer.alloc(20)).map((x) => x.id), ['npm']);
  assert.deepEqual(both.takers(m, Buffer.alloc(5)).map((x) => x.id).sort(), ['npm', 'secret']);
});

test('files judged by the same analyzers share one accept function; other sets get their own', () => {
  const exe = (path: string): FileMeta => ({ ...meta(path), mode: 0o755 });
  const perl = d.match(exe('/usr/bin/perl'))!;
  const link = d.match({ ...exe('/usr/bin/perl5.36.0'), type: 'hardlink' })!;
  assert.ok(perl.accept);
  assert.equal(link.accept, perl.accept);
  // An executable jar is judged by java and go together: not go's rule alone.
  const both = d.match(exe('/opt/app/run.jar'))!;
  assert.deepEqual(both.analyzers.map((x) => x.id), ['java', 'go']);
  assert.notEqual(both.accept, perl.accept);
});

test('two analyzers with one id are refused (matches are shared by id)', () => {
  assert.throws(() => compileDispatcher([pkgjson, a('npm', { basenames: ['yarn.lock'], maxBytes: 1 })]), /share the id 'npm'/);
});

test('declinesAfter: a match declines what a match of more analyzers declined, not the reverse', () => {
  const secret = a('secret', { predicate: (m) => m.type === 'file' && m.path.startsWith('/usr/bin/'), maxBytes: 100, accept: (h) => !h.includes(0) });
  const withSecret = compileDispatcher([jar, elf, secret]);
  const exe = (path: string, type: FileMeta['type'] = 'file'): FileMeta => ({ ...meta(path), mode: 0o755, type });
  const target = withSecret.match(exe('/usr/bin/perl'))!;
  const link = withSecret.match(exe('/usr/bin/perl5.36.0', 'hardlink'))!;
  assert.deepEqual(target.analyzers.map((x) => x.id), ['go', 'secret']);
  assert.deepEqual(link.analyzers.map((x) => x.id), ['go']);
  assert.equal(link.declinesAfter!(target.accept!), true, "go's verdict is part of go+secret's");
  assert.equal(target.declinesAfter!(link.accept!), false, 'secret never judged the link');
  assert.equal(link.declinesAfter!(() => false), false, 'an unknown function proves nothing');
});
