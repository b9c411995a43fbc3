import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CatalogFile, CatalogOutput } from '../types.ts';
import { compileDispatcher } from '../dispatch.ts';
import type { FileAnalyzer } from '../dispatch.ts';
import { dpkgCataloger } from './index.ts';

/** Whether the scan's real dispatcher (catalog/dispatch.ts) hands this regular file to the cataloger. */
function accepts(cataloger: FileAnalyzer, path: string): boolean {
  const match = compileDispatcher([cataloger]).match({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, size: 1 });
  return match !== undefined;
}

function parse(path: string, content: string | Buffer): CatalogOutput {
  const buf = typeof content === 'string' ? Buffer.from(content) : content;
  const file: CatalogFile = { meta: { path, type: 'file', mode: 0o644, uid: 0, gid: 0, size: buf.length }, content: buf };
  return dpkgCataloger.parse(file);
}

void describe('dpkgCataloger.wants', () => {
  void it('accepts status, status.d entries, info lists and md5sums', () => {
    for (const p of ['/var/lib/dpkg/status', '/var/lib/dpkg/status.d/libc6', '/var/lib/dpkg/status.d/libc6.md5sums',
      '/var/lib/dpkg/info/libc6:amd64.list', '/var/lib/dpkg/info/bash.md5sums']) {
      assert.equal(accepts(dpkgCataloger, p), true, p);
    }
  });
  void it('rejects near-misses', () => {
    for (const p of ['/var/lib/dpkg/status-old', '/var/lib/dpkg/available', '/var/lib/dpkg/info/foo.list.bak',
      '/var/lib/dpkg/info/foo.postinst', '/var/lib/dpkg/info/sub/foo.list', '/var/lib/dpkg/info/.list',
      '/var/lib/dpkg/status.d/sub/x', '/var/lib/dpkg/status.d/.hidden', '/srv/var/lib/dpkg/status',
      '/var/lib/dpkg/status.d', '/var/lib/dpkg/info/foo.md5sums~']) {
      assert.equal(accepts(dpkgCataloger, p), false, p);
    }
  });
});

const STATUS = `Package: bsdutils
Essential: yes
Status: install ok installed
Priority: required
Architecture: amd64
Source: util-linux (2.38.1-5+deb12u3)
Version: 1:2.38.1-5+deb12u3
Description: basic utilities from 4.4BSD-Lite
 This package contains the bare minimum of BSD utilities.
 .
 Continuation with: a colon.

Package: less
Status: deinstall ok config-files
Architecture: amd64
Version: 590-2.1~deb12u2

Package: mawk
Status: install ok unpacked
Architecture: amd64
Version: 1.3.4.20200120-3.1

Package: zlib1g
Status: hold ok installed
Architecture: amd64
Source: zlib
Version: 1:1.2.13.dfsg-1

Package: broken
Status: install ok installed
`;

void describe('dpkgCataloger.parse status', () => {
  void it('keeps files-present states, parses epoch, source and arch', () => {
    const out = parse('/var/lib/dpkg/status', STATUS);
    assert.deepEqual(out.packages, [
      { type: 'deb', name: 'bsdutils', version: '1:2.38.1-5+deb12u3', epoch: 1, arch: 'amd64',
        source: { name: 'util-linux', version: '2.38.1-5+deb12u3' } },
      { type: 'deb', name: 'mawk', version: '1.3.4.20200120-3.1', arch: 'amd64' },
      { type: 'deb', name: 'zlib1g', version: '1:1.2.13.dfsg-1', epoch: 1, arch: 'amd64', source: { name: 'zlib' } },
    ]);
    assert.equal(out.diagnostics?.length, 1);
    assert.equal(out.diagnostics[0]!.code, 'dpkg-status-incomplete-stanza');
  });
  void it('treats a status.d stanza without Status as installed', () => {
    const out = parse('/var/lib/dpkg/status.d/tzdata', 'Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\n');
    assert.deepEqual(out.packages, [{ type: 'deb', name: 'tzdata', version: '2024a-0+deb12u1', arch: 'all' }]);
  });
  void it('turns garbage into a diagnostic, not a crash', () => {
    const out = parse('/var/lib/dpkg/status', Buffer.from([0, 1, 2, 0xff, 0xfe, 10, 0x41, 10]));
    assert.deepEqual(out.packages, []);
    assert.equal(out.diagnostics?.[0]?.code, 'dpkg-status-malformed');
    assert.equal(out.diagnostics[0].level, 'error');
    assert.deepEqual(parse('/var/lib/dpkg/status', ''), { packages: [] });
  });
});

void describe('dpkgCataloger.parse file lists', () => {
  void it('returns absolute paths of .list without the /. entry', () => {
    assert.deepEqual(parse('/var/lib/dpkg/info/less.list', '/.\n/bin\n/bin/less\n/usr/share/doc/less\n').ownedFiles,
      ['/bin', '/bin/less', '/usr/share/doc/less']);
  });
  void it('makes md5sums paths absolute and reports bad lines', () => {
    const text = 'c7c774d91213e966a04b2e51c787be23  lib/x86_64-linux-gnu/libz.so.1.2.13\nnot a line\n';
    for (const p of ['/var/lib/dpkg/info/zlib1g:amd64.md5sums', '/var/lib/dpkg/status.d/zlib1g.md5sums']) {
      const out = parse(p, text);
      assert.deepEqual(out.ownedFiles, ['/lib/x86_64-linux-gnu/libz.so.1.2.13']);
      assert.equal(out.diagnostics?.[0]?.code, 'dpkg-md5sums-malformed');
    }
  });
});

const ROOTFS = join(process.env.TESTBED_OUT ?? join(homedir(), '.cache/reins-testbed'), 'rootfs');
const REFERENCE = new URL('../../../../shared/testbed/reference/', import.meta.url);

/** Trivy's debian rows as `name\tversion\tepoch` (version without epoch, epoch from the purl). */
function trivyDebian(image: string): string[] {
  const tsv = readFileSync(new URL(`${image}/packages.tsv`, REFERENCE), 'utf8');
  return tsv.split('\n').filter((l) => l.startsWith('debian\t')).map((l) => {
    const [, name, version, , purl] = l.split('\t');
    const epoch = /[?&]epoch=([0-9]+)/.exec(purl ?? '')?.[1] ?? '';
    return `${name}\t${version}\t${epoch}`;
  }).sort();
}

function ours(out: CatalogOutput[]): string[] {
  return out.flatMap((o) => o.packages ?? []).map((p) =>
    `${p.name}\t${p.version.replace(/^[0-9]+:/, '')}\t${p.epoch ?? ''}`).sort();
}

const hasDpkgQuery = (() => {
  try {
    execFileSync('dpkg-query', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

void describe('testbed images (Trivy reference, dpkg-query)', () => {
  for (const image of ['debian-base', 'node-app', 'py-tools', 'java-libs', 'layered-tricks', 'big-mixed']) {
    const admindir = join(ROOTFS, image, 'var/lib/dpkg');
    const skip = !existsSync(join(admindir, 'status')) && 'testbed not built';
    void it(`${image}: status equals Trivy's debian packages`, { skip }, () => {
      const out = parse('/var/lib/dpkg/status', readFileSync(join(admindir, 'status')));
      assert.equal(out.diagnostics, undefined);
      assert.deepEqual(ours([out]), trivyDebian(image));
    });
    void it(`${image}: versions and arches equal dpkg-query's installed packages`, { skip: skip || (!hasDpkgQuery && 'no dpkg-query') }, () => {
      const query = execFileSync('dpkg-query', [`--admindir=${admindir}`, '-W', '-f=${Package}\t${Version}\t${Architecture}\t${db:Status-Status}\n'], { encoding: 'utf8', maxBuffer: 64 << 20 });
      const expected = query.split('\n').filter((l) => l.endsWith('\tinstalled')).map((l) => l.replace(/\tinstalled$/, '')).sort();
      const out = parse('/var/lib/dpkg/status', readFileSync(join(admindir, 'status')));
      assert.deepEqual(out.packages!.map((p) => `${p.name}\t${p.version}\t${p.arch}`).sort(), expected);
    });
  }
  void it('debian-base: info/*.list equal dpkg-query -L', { skip: (!existsSync(ROOTFS) || !hasDpkgQuery) && 'no testbed or dpkg-query' }, () => {
    const admindir = join(ROOTFS, 'debian-base', 'var/lib/dpkg');
    for (const pkg of ['libc6', 'bash', 'coreutils']) {
      const name = readdirSync(join(admindir, 'info')).find((f) => f === `${pkg}.list` || f.startsWith(`${pkg}:`) && f.endsWith('.list'))!;
      const out = parse(`/var/lib/dpkg/info/${name}`, readFileSync(join(admindir, 'info', name)));
      const expected = execFileSync('dpkg-query', [`--admindir=${admindir}`, '-L', pkg], { encoding: 'utf8' })
        .split('\n').filter((l) => l.startsWith('/') && l !== '/.');
      assert.deepEqual(out.ownedFiles, expected);
    }
  });
  const statusD = join(ROOTFS, 'distroless-like', 'var/lib/dpkg/status.d');
  void it('distroless-like: status.d stanzas equal Trivy; md5sums give owned files', { skip: !existsSync(statusD) && 'testbed not built' }, () => {
    const outs = readdirSync(statusD).map((f) => parse(`/var/lib/dpkg/status.d/${f}`, readFileSync(join(statusD, f))));
    assert.deepEqual(ours(outs), trivyDebian('distroless-like'));
    const owned = new Set(outs.flatMap((o) => o.ownedFiles ?? []));
    assert.ok(owned.has('/lib/x86_64-linux-gnu/libz.so.1.2.13') || owned.has('/usr/lib/x86_64-linux-gnu/libz.so.1.2.13'));
    assert.ok(outs.every((o) => o.diagnostics === undefined));
  });
});
