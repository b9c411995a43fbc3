import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CatalogOutput } from '../types.ts';
import { compileDispatcher } from '../dispatch.ts';
import type { FileAnalyzer } from '../dispatch.ts';
import { rpmCataloger } from './index.ts';
import { detectRpmdbFormat } from './detect-format.ts';
import { readBdbBlobs } from './backend-bdb.ts';
import { readNdbBlobs } from './backend-ndb.ts';
import { readSqliteBlobs } from './backend-sqlite.ts';
import { readRpmRecord } from './rpm-package.ts';

/** Whether the scan's real dispatcher (catalog/dispatch.ts) hands this regular file to the cataloger. */
function accepts(cataloger: FileAnalyzer, path: string): boolean {
  const match = compileDispatcher([cataloger]).match({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, size: 1 });
  return match !== undefined;
}

const FIXTURES = new URL('../../../../shared/fixtures/rpmdb/', import.meta.url);
const CASES = [
  { dir: 'cbl-mariner-2.0', file: 'rpmdb.sqlite', format: 'sqlite', read: readSqliteBlobs },
  { dir: 'libuuid', file: 'Packages', format: 'bdb', read: readBdbBlobs },
  { dir: 'epoch', file: 'Packages', format: 'bdb', read: readBdbBlobs },
  { dir: 'sle15-bci', file: 'Packages.db', format: 'ndb', read: readNdbBlobs },
] as const;

function parse(content: Buffer, path = '/var/lib/rpm/Packages'): CatalogOutput {
  return rpmCataloger.parse({ meta: { path, type: 'file', mode: 0o644, uid: 0, gid: 0, size: content.length }, content });
}

function expectedRows(dir: string): string[] {
  return readFileSync(new URL(`${dir}/expected.tsv`, FIXTURES), 'utf8').split('\n').filter((l) => l !== '').sort();
}

const hasRpm = (() => {
  try {
    execFileSync('rpm', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Runs Debian's rpm on a private copy of a fixture (rpm wants to create lock and index files). */
function rpmQuery(dir: string, file: string, qf: string): string[] {
  const tmp = mkdtempSync(join(tmpdir(), 'reins-rpm-'));
  try {
    copyFileSync(fileURLToPath(new URL(`${dir}/${file}`, FIXTURES)), join(tmp, file));
    return execFileSync('rpm', ['--dbpath', tmp, '-qa', '--qf', qf], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 })
      .split('\n').filter((l) => l !== '').sort();
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

void describe('rpmCataloger.wants', () => {
  void it('accepts the three backends in both database directories', () => {
    for (const d of ['/var/lib/rpm/', '/usr/lib/sysimage/rpm/']) {
      for (const f of ['rpmdb.sqlite', 'Packages', 'Packages.db']) assert.equal(accepts(rpmCataloger, d + f), true, d + f);
    }
  });
  void it('rejects near-misses', () => {
    for (const p of ['/var/lib/rpm/rpmdb.sqlite-wal', '/var/lib/rpm/rpmdb.sqlite-shm', '/var/lib/rpm/Packages.bak',
      '/var/lib/rpm/Name', '/var/lib/rpm/__db.001', '/srv/var/lib/rpm/Packages', '/var/lib/rpm/sub/Packages',
      '/usr/lib/sysimage/rpm/Basenames', '/var/lib/rpm/.rpm.lock']) {
      assert.equal(accepts(rpmCataloger, p), false, p);
    }
  });
});

void describe('rpmCataloger.parse on real databases (expected.tsv from rpm -qa / go-rpmdb)', () => {
  for (const c of CASES) {
    const content = readFileSync(new URL(`${c.dir}/${c.file}`, FIXTURES));
    void it(`${c.dir}: format ${c.format} detected from magic`, () => {
      assert.equal(detectRpmdbFormat(content), c.format);
    });
    void it(`${c.dir}: name, epoch, version, release, arch, source rpm equal expected.tsv`, () => {
      const { blobs, errors } = c.read(content);
      assert.deepEqual(errors, []);
      const rows = blobs.map(readRpmRecord).filter((r) => r.name !== 'gpg-pubkey')
        .map((r) => [r.name, r.epoch ?? '', r.version, r.release, r.arch ?? '', r.sourceRpm ?? ''].join('\t')).sort();
      assert.deepEqual(rows, expectedRows(c.dir));
    });
    void it(`${c.dir}: drafts carry [epoch:]version-release and the source package`, () => {
      const out = parse(content);
      assert.equal(out.diagnostics, undefined);
      const expected = expectedRows(c.dir).map((l) => {
        const [name, epoch, version, release, arch, srpm] = l.split('\t') as [string, string, string, string, string, string];
        const srcNvr = srpm.replace(/\.src\.rpm$/, '');
        const srcVr = srcNvr.split('-').slice(-2).join('-');
        const e = epoch === '' ? '' : `${epoch}:`;
        return [name, `${e}${version}-${release}`, epoch, arch, srcNvr.slice(0, -srcVr.length - 1), `${e}${srcVr}`].join('\t');
      }).sort();
      const got = out.packages!.map((p) => [p.name, p.version, p.epoch ?? '', p.arch, p.source?.name, p.source?.version].join('\t')).sort();
      assert.deepEqual(got, expected);
    });
    void it(`${c.dir}: files and licenses equal Debian rpm's`, { skip: (!hasRpm || c.format === 'ndb') && 'rpm cannot read NDB / not installed' }, () => {
      const out = parse(content);
      const files = out.packages!.flatMap((p) => (p.files ?? []).map((f) => `${p.name}\t${f}`)).sort();
      assert.deepEqual(files, rpmQuery(c.dir, c.file, '[%{=NAME}\t%{FILENAMES}\n]'));
      assert.equal(out.ownedFiles?.length, files.length);
      const licenses = out.packages!.map((p) => `${p.name}\t${p.licenses?.[0] ?? '(none)'}`).sort();
      assert.deepEqual(licenses, rpmQuery(c.dir, c.file, '%{NAME}\t%{LICENSE}\n'));
    });
    void it(`${c.dir}: a truncated copy gives diagnostics, not a crash`, () => {
      const out = parse(content.subarray(0, Math.floor(content.length / 2)));
      assert.ok((out.diagnostics?.length ?? 0) > 0, 'has diagnostics');
      assert.ok(out.diagnostics!.every((d) => d.level === 'error' && d.path === '/var/lib/rpm/Packages'));
    });
    void it(`${c.dir}: overwritten regions never crash the parser nor lose packages silently`, () => {
      const all = expectedRows(c.dir).length;
      for (let step = 0; step < 24; step++) {
        const copy = Buffer.from(content);
        const at = Math.floor((copy.length * step) / 24);
        copy.fill(step % 2 === 0 ? 0xff : 0x41, at, Math.min(copy.length, at + 4096));
        const out = parse(copy);
        const found = out.packages?.length ?? 0;
        if (found < all) assert.ok((out.diagnostics?.length ?? 0) > 0, `step ${step}: ${found} of ${all} packages without a diagnostic`);
      }
    });
  }
  void it('an unknown or empty file is a diagnostic or nothing', () => {
    assert.equal(parse(Buffer.from('not a database at all, just text'.repeat(20))).diagnostics?.[0]?.code, 'rpmdb-unknown-format');
    assert.deepEqual(parse(Buffer.alloc(0)), {});
  });
});
