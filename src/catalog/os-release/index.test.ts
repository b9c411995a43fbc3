import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CatalogFile, Distro } from '../types.ts';
import { compileDispatcher } from '../dispatch.ts';
import type { FileAnalyzer } from '../dispatch.ts';
import { combineDistro, distroPathPriority, osReleaseCataloger } from './index.ts';

/** Whether the scan's real dispatcher (catalog/dispatch.ts) hands this regular file to the cataloger. */
function accepts(cataloger: FileAnalyzer, path: string): boolean {
  const match = compileDispatcher([cataloger]).match({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, size: 1 });
  return match !== undefined;
}

function file(path: string, text: string): CatalogFile {
  return { meta: { path, type: 'file', mode: 0o644, uid: 0, gid: 0, size: text.length }, content: Buffer.from(text) };
}

function parse(path: string, text: string): Distro | undefined {
  const out = osReleaseCataloger.parse(file(path, text));
  return out.distro;
}

void describe('osReleaseCataloger.wants', () => {
  void it('accepts the os-release files and fallbacks', () => {
    for (const p of ['/etc/os-release', '/usr/lib/os-release', '/etc/debian_version', '/etc/alpine-release',
      '/etc/redhat-release', '/etc/system-release', '/etc/lsb-release']) {
      assert.equal(accepts(osReleaseCataloger, p), true, p);
    }
  });
  void it('rejects near-misses', () => {
    for (const p of ['/etc/os-release.bak', '/usr/lib/os-release.d/x', '/srv/etc/os-release', '/etc/debian_version~',
      '/etc/lsb-release.d/core', 'etc/os-release']) {
      assert.equal(accepts(osReleaseCataloger, p), false, p);
    }
  });
});

void describe('osReleaseCataloger.parse', () => {
  void it('unquotes double, single and escaped values per os-release(5)', () => {
    const d = parse('/etc/os-release', [
      '# comment',
      'ID=ubuntu',
      "ID_LIKE='debian  gnu'",
      'PRETTY_NAME="Ubuntu \\"Noble\\" \\$x \\\\ 24.04"',
      'VERSION_ID="24.04"',
      'UBUNTU_CODENAME=noble',
      'BROKEN="unterminated',
      'not an assignment',
    ].join('\n'));
    assert.deepEqual(d, { id: 'ubuntu', versionId: '24.04', codename: 'noble',
      prettyName: 'Ubuntu "Noble" $x \\ 24.04', idLike: ['debian', 'gnu'] });
  });
  void it('gives nothing for an empty file or one without ID', () => {
    assert.equal(parse('/etc/os-release', ''), undefined);
    assert.equal(parse('/etc/os-release', 'NAME=foo\n'), undefined);
  });
  void it('reads the fallbacks', () => {
    assert.deepEqual(parse('/etc/debian_version', '12.15\n'), { id: 'debian', version: '12.15' });
    assert.equal(parse('/etc/debian_version', 'trixie/sid\n'), undefined);
    assert.deepEqual(parse('/etc/alpine-release', '3.19.1\n'), { id: 'alpine', versionId: '3.19.1', version: '3.19.1' });
    assert.deepEqual(parse('/etc/redhat-release', 'Red Hat Enterprise Linux release 8.9 (Ootpa)\n'),
      { id: 'rhel', version: '8.9', codename: 'Ootpa', prettyName: 'Red Hat Enterprise Linux release 8.9 (Ootpa)' });
    assert.deepEqual(parse('/etc/system-release', 'Amazon Linux release 2 (Karoo)\n'),
      { id: 'amzn', version: '2', codename: 'Karoo', prettyName: 'Amazon Linux release 2 (Karoo)' });
    assert.equal(parse('/etc/redhat-release', 'Some Vendor release 1\n'), undefined);
    assert.deepEqual(parse('/etc/lsb-release',
      'DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=22.04\nDISTRIB_CODENAME=jammy\nDISTRIB_DESCRIPTION="Ubuntu 22.04.4 LTS"\n'),
      { id: 'ubuntu', versionId: '22.04', codename: 'jammy', prettyName: 'Ubuntu 22.04.4 LTS' });
  });
});

void describe('combineDistro', () => {
  void it('fills missing fields from same-id parts only, in priority order', () => {
    const parts = [
      { path: '/etc/debian_version', d: { id: 'debian', version: 'x' } },
      { path: '/usr/lib/os-release', d: { id: 'ubuntu', versionId: '24.04' } },
    ].sort((a, b) => distroPathPriority(a.path) - distroPathPriority(b.path)).map((p) => p.d);
    assert.deepEqual(combineDistro(parts), { id: 'ubuntu', versionId: '24.04', version: '24.04' });
    assert.deepEqual(combineDistro([]), { id: 'unknown' });
  });
});

const ROOTFS = join(process.env.TESTBED_OUT ?? join(homedir(), '.cache/reins-testbed'), 'rootfs');
const REFERENCE = new URL('../../../../shared/testbed/reference/', import.meta.url);

void describe('testbed images (Trivy reference)', () => {
  for (const image of ['debian-base', 'distroless-like', 'py-tools']) {
    const root = join(ROOTFS, image);
    void it(`${image}: distro equals Trivy's purl distro qualifier`, { skip: !existsSync(root) && 'testbed not built' }, () => {
      const parts: Distro[] = [];
      for (const path of ['/usr/lib/os-release', '/etc/debian_version', '/etc/os-release']
        .sort((a, b) => distroPathPriority(a) - distroPathPriority(b))) {
        const onDisk = join(root, path);
        if (!existsSync(onDisk)) continue;
        const d = parse(path, readFileSync(onDisk, 'utf8'));
        if (d) parts.push(d);
      }
      const distro = combineDistro(parts);
      const tsv = readFileSync(new URL(`${image}/packages.tsv`, REFERENCE), 'utf8');
      const qualifier = /distro=([a-z]+)-([0-9.]+)/.exec(tsv);
      assert.ok(qualifier, 'reference has a distro qualifier');
      assert.equal(`${distro.id}-${distro.version}`, `${qualifier[1]}-${qualifier[2]}`);
      assert.equal(distro.codename, 'bookworm');
    });
  }
});
