/**
 * Accuracy against the test bed's independent OSV oracle: for each reference image, the package
 * list comes from the reference `packages.tsv` (Trivy's), Debian source packages from the image's
 * own dpkg status file, and Go binaries' build info is read from the rootfs (Trivy's list has no
 * `stdlib`); the (record id, package, version) set reins matches must equal `vulns.tsv`, except
 * for the justified differences listed in fixtures/accuracy/differences.tsv.
 * Skipped when the test bed (TESTBED_OUT, default ~/.cache/reins-testbed) has not been built.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Package, PackageType } from '../catalog/types.ts';
import { importOsv } from './db/import.ts';
import { openDb } from './db/store.ts';
import type { VulnDb } from './db/store.ts';
import { matchPackages } from './match.ts';

const SHARED = join(import.meta.dirname, '../../../shared');
const REFERENCE = join(SHARED, 'testbed/reference');
const OSV = join(SHARED, 'vulndata/osv');
const TESTBED = process.env.TESTBED_OUT ?? join(homedir(), '.cache/reins-testbed');

function tsv(path: string): string[][] {
  return readFileSync(path, 'utf8').split('\n').slice(1).filter(Boolean).map((l) => l.split('\t'));
}

/** Package → Source (name, version) from a dpkg status file; only the fields needed. */
function dpkgSources(path: string): Map<string, { name: string; version?: string }> {
  const out = new Map<string, { name: string; version?: string }>();
  if (!existsSync(path)) return out;
  for (const para of readFileSync(path, 'utf8').split(/\n\n+/)) {
    const pkg = /^Package: (\S+)$/m.exec(para)?.[1];
    const src = /^Source: (\S+)(?: \(([^)]+)\))?$/m.exec(para);
    if (pkg && src?.[1]) out.set(pkg, { name: src[1], ...(src[2] ? { version: src[2] } : {}) });
  }
  return out;
}

/** Go build info (Go >= 1.18 inline format): toolchain version and module dependencies. */
function goBuildInfo(file: string): { go: string; deps: [string, string][] } | undefined {
  const buf = readFileSync(file);
  const at = buf.indexOf(Buffer.from('\xff Go buildinf:', 'latin1'));
  if (at < 0 || ((buf[at + 15] ?? 0) & 2) === 0) return undefined;
  let p = at + 32;
  const str = (): string => {
    let len = 0;
    let shift = 0;
    for (;;) {
      const b = buf[p++] ?? 0;
      len |= (b & 0x7f) << shift;
      shift += 7;
      if (b < 0x80) break;
    }
    const s = buf.toString('utf8', p, p + len);
    p += len;
    return s;
  };
  const go = str();
  const deps = str()
    .split('\n')
    .filter((l) => l.startsWith('dep\t'))
    .map((l) => l.split('\t'))
    .map((f): [string, string] => [f[1] ?? '', f[2] ?? '']);
  return { go, deps };
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && statSync(p).size > 1024) out.push(p);
  }
  return out;
}

const LAYER = { index: 0, digest: 'sha256:0', diffId: 'sha256:0', origin: 'base' } as const;

function pkg(type: PackageType, name: string, version: string, path: string, source?: { name: string; version?: string }): Package {
  return {
    id: `${type}:${name}@${version}:${path}`,
    type,
    name,
    version,
    purl: `pkg:${type}/${name}@${version}`,
    licenses: [],
    ...(source ? { source } : {}),
    foundBy: 'accuracy-test',
    locations: [{ path, layer: LAYER, deleted: false }],
    layer: LAYER,
    origin: 'base',
  };
}

const TYPES: Record<string, PackageType> = { 'node-pkg': 'npm', 'python-pkg': 'pypi', gobinary: 'golang', jar: 'maven' };

function packagesFor(image: string, rootfs: string): Package[] {
  const sources = dpkgSources(join(rootfs, 'var/lib/dpkg/status'));
  const out: Package[] = [];
  for (const [type, name = '', version = '', path = ''] of tsv(join(REFERENCE, image, 'packages.tsv'))) {
    if (type === 'debian') out.push(pkg('deb', name, version, 'var/lib/dpkg/status', sources.get(name)));
    else if (type === 'gobinary' || type === 'application') continue; // read from the binaries below
    else if (type !== undefined && TYPES[type]) out.push(pkg(TYPES[type], name, version, path));
  }
  const hasDpkg = existsSync(join(rootfs, 'var/lib/dpkg/status'));
  for (const file of hasDpkg ? [] : walk(rootfs)) {
    const info = goBuildInfo(file);
    if (!info) continue;
    out.push(pkg('golang', 'stdlib', info.go, file));
    for (const [mod, v] of info.deps) out.push(pkg('golang', mod, v, file));
  }
  return out;
}

function rootfsFor(image: string): string | undefined {
  for (const name of [image, image.replace(/-(multiarch|zstd)$/, '')]) {
    const p = join(TESTBED, 'rootfs', name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

const differences = tsv(join(import.meta.dirname, 'fixtures/accuracy/differences.tsv'));

const images = existsSync(REFERENCE) ? readdirSync(REFERENCE).filter((d) => existsSync(join(REFERENCE, d, 'vulns.tsv'))) : [];

void describe('accuracy against the reference oracle (vulns.tsv)', () => {
  let dir: string;
  let db: VulnDb;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reins-accuracy-'));
    await importOsv(OSV, { dbPath: join(dir, 'reins.db') });
    db = openDb(join(dir, 'reins.db'));
  });
  after(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const image of images) {
    const rootfs = rootfsFor(image);
    void test(image, { skip: rootfs ? false : `no rootfs for ${image} under ${TESTBED} (build the test bed)` }, () => {
      const packages = packagesFor(image, rootfs!);
      const { findings } = matchPackages(db, packages, { id: 'debian', versionId: '12' });
      const got = new Set<string>();
      for (const f of findings) {
        const p = packages.find((x) => x.id === f.packageId)!;
        for (const e of f.evidence) {
          const name = p.type === 'deb' ? (p.source?.name ?? p.name) : e.recordPackage;
          const version = p.type === 'deb' ? (p.source?.version ?? p.version) : p.version.replace(/^go(?=\d)/, '');
          got.add(`${e.recordId}\t${name}\t${version}`);
        }
      }
      const want = new Set(tsv(join(REFERENCE, image, 'vulns.tsv')).map(([id, , name, version]) => `${id}\t${name}\t${version}`));
      for (const [img, kind, id, name, version] of differences) {
        if (img !== image) continue;
        const key = `${id}\t${name}\t${version}`;
        if (kind === 'extra') got.delete(key);
        else want.delete(key);
      }
      const missing = [...want].filter((k) => !got.has(k)).sort();
      const extra = [...got].filter((k) => !want.has(k)).sort();
      assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `${image}: ${want.size} expected, ${got.size} matched`);
    });
  }
});
