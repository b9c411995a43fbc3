import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SCHEMA_VERSION } from './db/schema.ts';
import type { Package, PackageType } from '../catalog/types.ts';
import { importOsv } from './db/import.ts';
import { openDb } from './db/store.ts';
import type { VulnDb } from './db/store.ts';
import { importKev } from './enrich/kev.ts';
import { matchPackages } from './match.ts';

const OSV = join(import.meta.dirname, '../../../shared/vulndata/osv');
const LAYER = { index: 1, digest: 'sha256:aa', diffId: 'sha256:bb', origin: 'app' } as const;
const DEBIAN12 = { id: 'debian', versionId: '12' };

function pkg(type: PackageType, name: string, version: string, source?: { name: string; version?: string }): Package {
  return {
    id: `${type}:${name}@${version}`,
    type,
    name,
    version,
    purl: `pkg:${type}/${type === 'deb' ? 'debian/' : ''}${name}@${version}`,
    licenses: [],
    ...(source ? { source } : {}),
    foundBy: 'test',
    locations: [{ path: '/var/lib/dpkg/status', layer: LAYER, deleted: false }],
    layer: LAYER,
    origin: 'app',
  };
}

// Records written by hand after the OSV schema: one vulnerability published twice (a DSA and a
// DEBIAN-CVE, both aliasing the CVE), with different fixed versions.
const DSA = {
  id: 'DSA-5999-1',
  modified: '2026-01-01T00:00:00Z',
  aliases: ['CVE-2026-0001'],
  affected: [{ package: { ecosystem: 'Debian:12', name: 'openssl' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.11-1~deb12u1' }] }] }],
};
const DEBIAN_CVE = {
  id: 'DEBIAN-CVE-2026-0001',
  modified: '2026-01-02T00:00:00Z',
  aliases: ['CVE-2026-0001'],
  summary: 'openssl: something bad',
  severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' }],
  affected: [{ package: { ecosystem: 'Debian:12', name: 'openssl' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.11-1~deb12u2' }] }] }],
};

// Indexed under the last of the three ecosystems an Ubuntu 22.04 package is looked up in.
const UBUNTU_PRO = {
  id: 'UBUNTU-CVE-2026-0002',
  modified: '2026-01-03T00:00:00Z',
  aliases: ['CVE-2026-0002'],
  affected: [{ package: { ecosystem: 'Ubuntu:Pro:22.04:LTS', name: 'zlib' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1:1.2.11.dfsg-2ubuntu9.2' }] }] }],
};

/** npm records that affect every version of `name`. */
function everyVersion(id: string, name: string, aliases: string[]): object {
  return { id, modified: '2026-01-01T00:00:00Z', aliases, affected: [{ package: { ecosystem: 'npm', name }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] }] };
}

// Every way two records of one package can share an id, one way per package (few records: compared
// pairwise; many: a Set), each with a record that stands alone.
const SHARING = [
  everyVersion('GHSA-0001', 'alias-common', ['CVE-2026-1000']), // a common alias
  everyVersion('GHSA-0002', 'alias-common', ['CVE-2026-1000']),
  everyVersion('GHSA-0003', 'alias-back', []), // an id among a later record's aliases
  everyVersion('GHSA-0004', 'alias-back', ['GHSA-0003']),
  everyVersion('GHSA-0005', 'alias-forward', ['GHSA-0006']), // a later record's id among the aliases
  everyVersion('GHSA-0006', 'alias-forward', []),
  ...['alias-common', 'alias-back', 'alias-forward'].map((name, i) => everyVersion(`GHSA-000${7 + i}`, name, [`CVE-2026-100${7 + i}`])),
  ...Array.from({ length: 10 }, (_, i) => everyVersion(`GHSA-01${i}0`, 'alias-many', i === 9 ? ['GHSA-0100'] : [`CVE-2026-11${i}0`])),
  // One record naming the package in two `affected` entries (two matches of one id), with few records and with many.
  ...['twice-few', 'twice-many'].map((name, i) => {
    const r = everyVersion(`GHSA-020${i}`, name, []) as { affected: object[] };
    return { ...r, affected: [...r.affected, ...r.affected] };
  }),
  everyVersion('GHSA-0210', 'twice-few', []),
  ...Array.from({ length: 9 }, (_, i) => everyVersion(`GHSA-03${i}0`, 'twice-many', [])),
];

void describe('matchPackages', () => {
  let dir: string;
  let db: VulnDb;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reins-match-'));
    const src = join(dir, 'osv');
    mkdirSync(src);
    writeFileSync(join(src, 'dsa.json'), JSON.stringify(DSA));
    writeFileSync(join(src, 'debian-cve.json'), JSON.stringify(DEBIAN_CVE));
    writeFileSync(join(src, 'ubuntu-pro.json'), JSON.stringify(UBUNTU_PRO));
    for (const r of SHARING) writeFileSync(join(src, `${(r as { id: string }).id}.json`), JSON.stringify(r));
    for (const f of ['Debian:12/DEBIAN-CVE-2005-2541.json', 'npm/GHSA-27h2-hvpr-p74q.json', 'npm/GHSA-8cf7-32gw-wr33.json']) {
      copyFileSync(join(OSV, f), join(src, f.replace('/', '_')));
    }
    const dbPath = join(dir, 'reins.db');
    await importOsv(src, { dbPath });
    writeFileSync(join(dir, 'kev.json'), JSON.stringify({ vulnerabilities: [{ cveID: 'CVE-2026-0001', dateAdded: '2026-02-01', knownRansomwareCampaignUse: 'Unknown' }] }));
    await importKev(join(dir, 'kev.json'), { dbPath });
    db = openDb(dbPath);
  });
  after(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  void test('one vulnerability published as DSA and DEBIAN-CVE is ONE finding keyed by the CVE', () => {
    const { findings } = matchPackages(db, [pkg('deb', 'libssl3', '3.0.9-1', { name: 'openssl' })], DEBIAN12);
    assert.equal(findings.length, 1);
    const f = findings[0]!;
    assert.equal(f.id, 'CVE-2026-0001');
    assert.deepEqual(f.aliases, ['DEBIAN-CVE-2026-0001', 'DSA-5999-1']);
    assert.deepEqual(f.fixedVersions, ['3.0.11-1~deb12u1', '3.0.11-1~deb12u2']);
    assert.equal(f.remediation, 'upgrade libssl3 (source openssl) from 3.0.9-1 to 3.0.11-1~deb12u2');
    assert.deepEqual(f.evidence.map((e) => e.recordId).sort(), ['DEBIAN-CVE-2026-0001', 'DSA-5999-1']);
    assert.equal(f.severity, 'HIGH'); // 7.5 (Heartbleed's vector, FIRST v3.1 examples)
    assert.match(f.severitySource, /^cvss-v3\.1 7\.5 from CVSS:3\.1\/.* in DEBIAN-CVE-2026-0001/);
    assert.deepEqual(f.kev, { dateAdded: '2026-02-01', knownRansomware: false });
    assert.equal(f.layer, LAYER);
    assert.equal(f.origin, 'app');
    assert.equal(f.summary, 'openssl: something bad');
  });

  void test('records of one package sharing an id or alias in any direction become one finding, with few records and with many', () => {
    const groups = (name: string): [string, string[]][] => matchPackages(db, [pkg('npm', name, '1.0.0')], undefined).findings.map((f) => [f.id, f.aliases]);
    // Records are matched in id order; a group made by merging is placed where its last member was.
    assert.deepEqual(groups('alias-common'), [['CVE-2026-1000', ['GHSA-0001', 'GHSA-0002']], ['CVE-2026-1007', ['GHSA-0007']]]);
    assert.deepEqual(groups('alias-back'), [['GHSA-0003', ['GHSA-0004']], ['CVE-2026-1008', ['GHSA-0008']]]);
    assert.deepEqual(groups('alias-forward'), [['GHSA-0005', ['GHSA-0006']], ['CVE-2026-1009', ['GHSA-0009']]]);
    const many = matchPackages(db, [pkg('npm', 'alias-many', '1.0.0')], undefined).findings;
    assert.equal(many.length, 9);
    assert.deepEqual(groups('twice-few'), [['GHSA-0200', []], ['GHSA-0210', []]]);
    const twice = matchPackages(db, [pkg('npm', 'twice-many', '1.0.0')], undefined).findings;
    assert.equal(twice.length, 10);
    assert.equal(twice.filter((f) => f.id === 'GHSA-0201').length, 1);
    assert.deepEqual(many.find((f) => f.id === 'CVE-2026-1100')?.aliases, ['GHSA-0100', 'GHSA-0190']);
  });

  void test('the fixed version is not affected; a dpkg source version is what gets compared', () => {
    assert.equal(matchPackages(db, [pkg('deb', 'libssl3', '3.0.11-1~deb12u2', { name: 'openssl' })], DEBIAN12).findings.length, 0);
    // A binNMU binary (+b1) of an affected source version is affected (its source version is compared).
    const binnmu = pkg('deb', 'libssl3', '3.0.11-1~deb12u1+b1', { name: 'openssl', version: '3.0.11-1~deb12u1' });
    const { findings } = matchPackages(db, [binnmu], DEBIAN12);
    assert.deepEqual(findings.map((f) => [f.id, f.fixedVersions]), [['CVE-2026-0001', ['3.0.11-1~deb12u2']]]);
  });

  void test('an unfixed record gives a "no fix yet" finding with the Debian urgency as severity', () => {
    const { findings } = matchPackages(db, [pkg('deb', 'tar', '1.34+dfsg-1.2+deb12u1')], DEBIAN12);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.id, 'CVE-2005-2541');
    assert.deepEqual(findings[0]!.fixedVersions, []);
    assert.match(findings[0]!.remediation, /^no fix yet: tar 1\.34\+dfsg-1\.2\+deb12u1 is affected by CVE-2005-2541/);
    assert.equal(findings[0]!.severity, 'LOW');
    assert.match(findings[0]!.severitySource, /Debian urgency "unimportant"/);
  });

  void test('other Debian releases and unknown distros do not match Debian:12 records', () => {
    assert.equal(matchPackages(db, [pkg('deb', 'tar', '1.34+dfsg-1.2+deb12u1')], { id: 'debian', versionId: '11' }).findings.length, 0);
    assert.equal(matchPackages(db, [pkg('deb', 'tar', '1.34+dfsg-1.2+deb12u1')], undefined).findings.length, 0);
  });

  void test('withdrawn records are ignored (GHSA-27h2-hvpr-p74q, withdrawn 2023-01-27)', () => {
    const { findings } = matchPackages(db, [pkg('npm', 'jsonwebtoken', '8.5.1')], undefined);
    assert.ok(findings.every((f) => !f.aliases.includes('GHSA-27h2-hvpr-p74q') && f.id !== 'GHSA-27h2-hvpr-p74q'));
    assert.equal(findings.length, 1); // GHSA-8cf7-32gw-wr33 (introduced 0, last_affected 8.5.1) still applies
    assert.equal(findings[0]!.id, 'CVE-2022-23539');
    assert.deepEqual(findings[0]!.fixedVersions, []);
    assert.match(findings[0]!.remediation, /to a version after 8\.5\.1 \(the last affected one/);
  });

  void test('an unparsable installed version is reported as unknown with a diagnostic, never as not affected', () => {
    const { findings, diagnostics } = matchPackages(db, [pkg('deb', 'tar', 'not:a:version!')], DEBIAN12);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.status, 'unknown');
    assert.equal(findings[0]!.evidence[0]!.rangeType, 'unknown');
    assert.equal(diagnostics[0]?.code, 'vuln-version-unparsable');
  });

  void test('VEX not_affected suppresses the finding but keeps it', () => {
    const { findings } = matchPackages(db, [pkg('deb', 'tar', '1.34+dfsg-1.2+deb12u1')], DEBIAN12, {
      vex: [
        {
          vulnerability: 'CVE-2005-2541',
          aliases: [],
          products: ['pkg:deb/debian/tar'],
          status: 'not_affected',
          justification: 'vulnerable_code_not_in_execute_path',
          document: 'test',
        },
      ],
    });
    assert.deepEqual(findings[0]!.suppressed, { by: 'vex', id: 'CVE-2005-2541', justification: 'vulnerable_code_not_in_execute_path' });
  });

  void test('packages are matched as their keys are read, across batches, and reported in input order', () => {
    // 127 Debian packages with no record come first, so libssl3's two keys (its own name and its
    // source openssl) fall in different statement batches (128 names per batch in db/store.ts).
    const filler = (n: number, type: PackageType): Package[] => Array.from({ length: n }, (_, i) => pkg(type, `no-such-${type}-${i}`, '1.0.0'));
    const pkgs = [
      ...filler(127, 'deb'),
      pkg('deb', 'libssl3', '3.0.9-1', { name: 'openssl' }),
      pkg('npm', 'jsonwebtoken', '8.5.1'),
      ...filler(200, 'npm'),
      pkg('deb', 'tar', '1.34+dfsg-1.2+deb12u1'),
      pkg('deb', 'tar', 'not:a:version!'),
    ];
    const streamed = matchPackages(db, pkgs, DEBIAN12);
    assert.deepEqual(
      streamed.findings.map((f) => [f.packageName, f.installedVersion, f.id]),
      [
        ['libssl3', '3.0.9-1', 'CVE-2026-0001'],
        ['jsonwebtoken', '8.5.1', 'CVE-2022-23539'],
        ['tar', '1.34+dfsg-1.2+deb12u1', 'CVE-2005-2541'],
        ['tar', 'not:a:version!', 'CVE-2005-2541'],
      ],
    );
    // A store that never says a key is done: every package is matched after the scan, same result.
    const noDone = new Proxy(db, {
      get(target, key): unknown {
        if (key === 'scanCandidates') return (keys: Parameters<VulnDb['scanCandidates']>[0], visit: Parameters<VulnDb['scanCandidates']>[1]) => target.scanCandidates(keys, visit);
        const v: unknown = Reflect.get(target, key, target);
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    assert.deepEqual(matchPackages(noDone, pkgs, DEBIAN12), streamed);
    // An Ubuntu package is looked up under three ecosystems, read one after the other: it is matched
    // only after the last (where its record is), not when its first key is done.
    const ubuntu = [pkg('deb', 'zlib1g', '1:1.2.11.dfsg-2ubuntu9', { name: 'zlib' }), ...filler(130, 'deb')];
    assert.deepEqual(matchPackages(db, ubuntu, { id: 'ubuntu', versionId: '22.04' }).findings.map((f) => [f.packageName, f.id]), [['zlib1g', 'CVE-2026-0002']]);
  });

  void test('the snapshot names the sources and content hash', () => {
    const { snapshot } = matchPackages(db, [], undefined);
    assert.equal(snapshot.schemaVersion, SCHEMA_VERSION);
    assert.deepEqual(snapshot.sources.map((s) => [s.name, s.kind]), [['kev', 'kev'], ['local:osv', 'osv']]);
  });
});

void describe('an id imported twice', () => {
  void test('an id stored twice by one import is matched through its newer copy, as by id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reins-match-dup-'));
    try {
      const src = join(dir, 'osv');
      mkdirSync(src);
      const rec = (name: string): object => ({
        id: 'GHSA-dupe-dupe-dupe',
        modified: '2026-01-01T00:00:00Z',
        affected: [{ package: { ecosystem: 'npm', name }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '2.0.0' }] }] }],
      });
      // Files are read in name order: the copy naming `left` is replaced by the one naming `right`.
      writeFileSync(join(src, 'a.json'), JSON.stringify(rec('left')));
      writeFileSync(join(src, 'b.json'), JSON.stringify(rec('right')));
      const dbPath = join(dir, 'reins.db');
      await importOsv(src, { dbPath });
      const db = openDb(dbPath);
      try {
        const right = matchPackages(db, [pkg('npm', 'right', '1.0.0')], undefined).findings;
        assert.deepEqual(right.map((f) => f.id), ['GHSA-dupe-dupe-dupe']);
        // `left` is still indexed (under the replaced copy's rn) but the stored record no longer names it.
        assert.deepEqual(matchPackages(db, [pkg('npm', 'left', '1.0.0')], undefined).findings, []);
      } finally {
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
