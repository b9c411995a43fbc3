/**
 * Accuracy of vulnerability matching, end to end through the CLI: `reins db import` of the shared
 * OSV corpus, then `reins scan IMAGE --scanners vuln --format json` on every testbed image,
 * compared with the independent oracle's matches (../shared/testbed/reference/<image>/vulns.tsv),
 * except for the differences listed with their reason in fixtures/vuln-differences.tsv.
 *
 * Mapping. An oracle row is (OSV record id, ecosystem, the record's package — for Debian the
 * SOURCE package —, installed version, where). A reins finding is per installed (binary) package
 * with `id` (the CVE when there is one), `aliases`, `installedVersion` and `evidence[]` naming the
 * OSV record (`recordId`, `recordPackage`) that matched. A finding's evidence E matches a row when
 *   - the row's id is the finding's id, one of its aliases, or E.recordId, and
 *   - the row's package is E.recordPackage, and
 *   - the versions agree: the row's version is the finding's installedVersion, or (Debian) the
 *     version of the binary package's source (dpkg's `Source: name (version)`, reins'
 *     `package.source.version`): the oracle reports the source version, e.g. libssh2 1.10.0-3 for
 *     the binNMU libssh2-1 1.10.0-3+b1 (its `where` column says `libssh2-1=1.10.0-3+b1`).
 * "missing" = an oracle row no evidence matches; "extra" = an evidence no oracle row matches,
 * written as (recordId, recordPackage, installedVersion).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { reins } from '../helpers/cli.ts';
import { IMAGES, REFERENCE, SHARED, dockerArchive, ociLayout, readTsv, skipWithoutTestbed } from '../helpers/testbed.ts';

const OSV = join(SHARED, 'vulndata', 'osv');
const skip = skipWithoutTestbed() || (existsSync(OSV) ? false : `OSV corpus not found at ${OSV}`);

const tmp = mkdtempSync(join(tmpdir(), 'reins-vulns-'));
const dbCache = join(tmp, 'db-cache');
const dbPath = join(dbCache, 'db', 'reins.db');
let n = 0;
/** Every scan gets its own cache dir; the database is shared read-only through --db. */
const scanEnv = (): NodeJS.ProcessEnv => ({ REINS_CACHE_DIR: join(tmp, `cache-${String(n++)}`) });

before(async () => {
  if (skip) return;
  const r = await reins(['db', 'import', OSV], { REINS_CACHE_DIR: dbCache });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(existsSync(dbPath), `db import wrote ${dbPath}`);
});
after(() => rmSync(tmp, { recursive: true, force: true }));

interface Evidence { recordId: string; recordPackage: string; ecosystem: string }
interface Finding { id: string; aliases?: string[]; packageId: string; packageName: string; installedVersion: string; severity: string; evidence: Evidence[] }
interface ScanReport { packages: { id: string; source?: { name: string; version?: string } }[]; vulnerabilities: Finding[] }

const input = (image: string): string => (existsSync(dockerArchive(image)) ? dockerArchive(image) : `oci:${ociLayout(image)}`);

async function scanJson(args: string[]): Promise<ScanReport> {
  const r = await reins(['scan', ...args, '--scanners', 'vuln', '--format', 'json', '--db', dbPath], scanEnv());
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as ScanReport;
}

const key = (id: string, pkg: string, version: string): string => `${id}\t${pkg}\t${version}`;

const differences = readTsv(join(import.meta.dirname, 'fixtures', 'vuln-differences.tsv'));

for (const image of IMAGES) {
  test(`vulnerabilities of ${image} equal the OSV oracle's matches`, { skip }, async (t) => {
    const report = await scanJson([input(image)]);
    const sourceVersion = new Map(report.packages.map((p) => [p.id, p.source?.version]));
    const rows = readTsv(join(REFERENCE, image, 'vulns.tsv'));
    const items = report.vulnerabilities.flatMap((f) => f.evidence.map((e) => ({ f, e })));
    const matchedItems = new Set<number>();
    const missing: string[] = [];
    for (const row of rows) {
      let hit = false;
      items.forEach(({ f, e }, i) => {
        const ids = new Set([f.id, ...(f.aliases ?? []), e.recordId]);
        const versions = new Set([f.installedVersion, ...(e.ecosystem.startsWith('Debian') ? [sourceVersion.get(f.packageId)] : [])]);
        if (ids.has(row.id!) && row.package === e.recordPackage && versions.has(row.version)) {
          matchedItems.add(i);
          hit = true;
        }
      });
      if (!hit) missing.push(key(row.id!, row.package!, row.version!));
    }
    const extra = [...new Set(items.filter((_, i) => !matchedItems.has(i)).map(({ f, e }) => key(e.recordId, e.recordPackage, f.installedVersion)))];
    const known = differences.filter((d) => d.image === image || d.image === image.replace(/-(zstd|multiarch)$/, ''));
    const listed = (dir: string): Set<string> => new Set(known.filter((d) => d.direction === dir).map((d) => key(d.id!, d.package!, d.version!)));
    const expectedExtra = listed('extra');
    const expectedMissing = listed('missing');
    t.diagnostic(`${image}: expected ${String(rows.length)}, matched ${String(rows.length - missing.length)}, extra ${String(extra.length)}, missing ${String(missing.length)} (findings ${String(report.vulnerabilities.length)})`);
    assert.deepEqual(
      { extra: extra.filter((k) => !expectedExtra.has(k)).sort(), missing: missing.filter((k) => !expectedMissing.has(k)).sort() },
      { extra: [], missing: [] },
      `${image}: reins vs the OSV oracle`,
    );
    // a listed difference that no longer occurs must be removed from the fixture
    assert.deepEqual([...expectedExtra].filter((k) => !extra.includes(k)), [], `${image}: stale "extra" rows in vuln-differences.tsv`);
    assert.deepEqual([...expectedMissing].filter((k) => !missing.includes(k)), [], `${image}: stale "missing" rows in vuln-differences.tsv`);
  });
}

// node-app: GHSA-765h-qjxv-5f44 and GHSA-f2jv-r9rf-7988 (handlebars 4.7.6) and GHSA-xvch-5gv4-984h
// (minimist 1.2.0) have database_specific.severity CRITICAL and CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H (9.8).
test('--fail-on CRITICAL exits 1 on node-app (critical npm advisories), naming them', { skip }, async () => {
  const r = await reins(['scan', input('node-app'), '--scanners', 'vuln', '--fail-on', 'CRITICAL', '--format', 'json', '--db', dbPath], scanEnv());
  assert.equal(r.code, 1, r.stderr);
  const critical = (JSON.parse(r.stdout) as ScanReport).vulnerabilities.filter((f) => f.severity === 'CRITICAL');
  const recordIds = new Set(critical.flatMap((f) => f.evidence.map((e) => e.recordId)));
  for (const id of ['GHSA-765h-qjxv-5f44', 'GHSA-f2jv-r9rf-7988', 'GHSA-xvch-5gv4-984h']) assert.ok(recordIds.has(id), `${id} is CRITICAL`);
  assert.match(r.stderr, /CRITICAL/);
});

// debian-base: its 19 oracle records (Debian:12) carry no `severity` and no CVSS; four have the
// Debian tracker urgency "unimportant", the others no urgency. Nothing can be CRITICAL.
test('--fail-on CRITICAL exits 0 on debian-base (no record is CRITICAL)', { skip }, async () => {
  const r = await reins(['scan', input('debian-base'), '--scanners', 'vuln', '--fail-on', 'CRITICAL', '--format', 'json', '--db', dbPath], scanEnv());
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as ScanReport;
  assert.ok(report.vulnerabilities.length > 0, 'findings exist, just none CRITICAL');
  assert.deepEqual(report.vulnerabilities.filter((f) => f.severity === 'CRITICAL'), []);
});

test("scan sbom:<node-app's reins CycloneDX> finds the same vulnerabilities as scanning the image", { skip }, async () => {
  const sbom = join(tmp, 'node-app.cdx.json');
  const s = await reins(['sbom', input('node-app'), '--format', 'cyclonedx', '--output', sbom], scanEnv());
  assert.equal(s.code, 0, s.stderr);
  const ids = (r: ScanReport): string[] => [...new Set(r.vulnerabilities.map((f) => `${f.id}\t${f.packageName}\t${f.installedVersion}`))].sort();
  const fromImage = ids(await scanJson([input('node-app')]));
  const fromSbom = ids(await scanJson([`sbom:${sbom}`]));
  // the oracle's 82 node-app matches are 81 distinct vulnerabilities (reference/node-app/README.md)
  assert.ok(new Set(fromImage.map((k) => k.split('\t')[0])).size >= 81, `${String(fromImage.length)} findings`);
  assert.deepEqual(fromSbom, fromImage);
  assert.deepEqual(JSON.parse(readFileSync(sbom, 'utf8')).bomFormat, 'CycloneDX');
});
