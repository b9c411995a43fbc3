import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { CatalogOutput } from '../types.ts';
import { compileDispatcher } from '../dispatch.ts';
import type { FileAnalyzer } from '../dispatch.ts';
import { apkCataloger } from './index.ts';

/** Whether the scan's real dispatcher (catalog/dispatch.ts) hands this regular file to the cataloger. */
function accepts(cataloger: FileAnalyzer, path: string): boolean {
  const match = compileDispatcher([cataloger]).match({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, size: 1 });
  return match !== undefined;
}

const FIXTURES = new URL('../../../../shared/fixtures/apk/', import.meta.url);

function parseFixture(name: string): CatalogOutput {
  const content = readFileSync(new URL(name, FIXTURES));
  return apkCataloger.parse({
    meta: { path: '/lib/apk/db/installed', type: 'file', mode: 0o644, uid: 0, gid: 0, size: content.length },
    content,
  });
}

void describe('apkCataloger.wants', () => {
  void it('accepts the installed database', () => {
    assert.equal(accepts(apkCataloger, '/lib/apk/db/installed'), true);
    assert.equal(accepts(apkCataloger, '/usr/lib/apk/db/installed'), true);
  });
  void it('rejects near-misses', () => {
    for (const p of ['/lib/apk/db/installed.new', '/lib/apk/db/scripts.tar', '/lib/apk/db/triggers',
      '/srv/lib/apk/db/installed', '/lib/apk/db/installed/x', '/etc/apk/world']) {
      assert.equal(accepts(apkCataloger, p), false, p);
    }
  });
});

/** From fixtures/apk/installed, read by hand: P, V, A, L, o of each stanza. */
const INSTALLED: readonly (readonly [string, string, string, string, string])[] = [
  ['alpine-baselayout', '3.4.3-r1', 'x86_64', 'GPL-2.0-only', 'alpine-baselayout'],
  ['alpine-baselayout-data', '3.4.3-r1', 'x86_64', 'GPL-2.0-only', 'alpine-baselayout'],
  ['alpine-keys', '2.4-r1', 'x86_64', 'MIT', 'alpine-keys'],
  ['apk-tools', '2.14.0-r0', 'x86_64', 'GPL-2.0-only', 'apk-tools'],
  ['busybox', '1.36.0-r9', 'x86_64', 'GPL-2.0-only', 'busybox'],
  ['busybox-binsh', '1.36.0-r9', 'x86_64', 'GPL-2.0-only', 'busybox'],
  ['ca-certificates-bundle', '20230506-r0', 'x86_64', 'MPL-2.0 AND MIT', 'ca-certificates'],
  ['libc-utils', '0.7.2-r5', 'x86_64', 'BSD-2-Clause AND BSD-3-Clause', 'libc-dev'],
  ['libcrypto3', '3.1.0-r4', 'x86_64', 'Apache-2.0', 'openssl'],
  ['libssl3', '3.1.0-r4', 'x86_64', 'Apache-2.0', 'openssl'],
  ['musl', '1.2.4-r0', 'x86_64', 'MIT', 'musl'],
  ['musl-utils', '1.2.4-r0', 'x86_64', 'MIT AND BSD-2-Clause AND GPL-2.0-or-later', 'musl'],
  ['scanelf', '1.3.7-r1', 'x86_64', 'GPL-2.0-only', 'pax-utils'],
  ['ssl_client', '1.36.0-r9', 'x86_64', 'GPL-2.0-only', 'busybox'],
  ['zlib', '1.2.13-r1', 'x86_64', 'Zlib', 'zlib'],
];

/** fixtures/apk/single: the 15 R: lines, all under F:etc. */
const BASELAYOUT_DATA_FILES = ['fstab', 'group', 'hostname', 'hosts', 'inittab', 'modules', 'mtab', 'nsswitch.conf',
  'passwd', 'profile', 'protocols', 'services', 'shadow', 'shells', 'sysctl.conf'].map((f) => `/etc/${f}`);

void describe('apkCataloger.parse (osv-scalibr fixtures)', () => {
  void it('installed: 15 packages with name, version, arch, license, origin', () => {
    const out = parseFixture('installed');
    assert.equal(out.diagnostics, undefined);
    assert.deepEqual(out.packages!.map((p) => [p.name, p.version, p.arch, p.licenses?.[0], p.source?.name]), INSTALLED);
    assert.ok(out.packages!.every((p) => p.type === 'apk' && p.licenses?.length === 1));
  });
  void it('installed: F/R lines give files per package and ownedFiles', () => {
    const out = parseFixture('installed');
    const busybox = out.packages!.find((p) => p.name === 'busybox')!;
    assert.deepEqual(busybox.files?.slice(0, 5), ['/bin/busybox', '/etc/securetty', '/etc/udhcpd.conf',
      '/etc/busybox-paths.d/busybox', '/etc/logrotate.d/acpid']);
    const musl = out.packages!.find((p) => p.name === 'musl')!;
    assert.deepEqual(musl.files, ['/lib/ld-musl-x86_64.so.1', '/lib/libc.musl-x86_64.so.1']);
    assert.equal(out.ownedFiles?.length, 109);
  });
  void it('single', () => {
    const out = parseFixture('single');
    assert.deepEqual(out.packages, [{ type: 'apk', name: 'alpine-baselayout-data', version: '3.4.3-r1', arch: 'x86_64',
      licenses: ['GPL-2.0-only'], source: { name: 'alpine-baselayout' }, files: BASELAYOUT_DATA_FILES }]);
    assert.deepEqual(out.ownedFiles, BASELAYOUT_DATA_FILES);
  });
  void it('different-arch: noarch kept as written', () => {
    assert.deepEqual(parseFixture('different-arch').packages!.map((p) => [p.name, p.arch]), [['alpine-baselayout-data', 'noarch']]);
  });
  void it('no-origin: no source', () => {
    assert.deepEqual(parseFixture('no-origin'), { packages: [{ type: 'apk', name: 'pkgname', version: '1.2.3', arch: 'x86_64',
      licenses: ['GPL-2.0-only'] }] });
  });
  void it('empty: no packages, no diagnostics', () => {
    assert.deepEqual(parseFixture('empty'), { packages: [] });
  });
  void it('invalid: a diagnostic, not a crash', () => {
    const out = parseFixture('invalid');
    assert.deepEqual(out.packages, []);
    assert.equal(out.diagnostics?.[0]?.code, 'apk-installed-malformed');
    assert.equal(out.diagnostics[0].level, 'error');
    assert.equal(out.diagnostics[0].path, '/lib/apk/db/installed');
  });
  void it('truncated installed: complete stanzas kept, the cut one reported', () => {
    const text = readFileSync(new URL('installed', FIXTURES), 'utf8');
    const cut = text.slice(0, text.indexOf('V:2.4-r1'));
    const content = Buffer.from(cut);
    const out = apkCataloger.parse({ meta: { path: '/lib/apk/db/installed', type: 'file', mode: 0o644, uid: 0, gid: 0, size: content.length }, content });
    assert.deepEqual(out.packages!.map((p) => p.name), ['alpine-baselayout', 'alpine-baselayout-data']);
    assert.equal(out.diagnostics?.[0]?.code, 'apk-installed-incomplete-stanza');
  });
});
