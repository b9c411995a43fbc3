import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Package } from '../catalog/types.ts';
import { importOsv } from '../vuln/db/import.ts';
import { snapshotAgeDays } from '../vuln/db/status.ts';
import { matchImagePackages } from './vulns.ts';

// The scan's own path to the database (not the vuln/ barrel): open, match, and --vex files, whose
// parsers load only when files are given.
const LAYER = { index: 0, digest: 'sha256:aa', diffId: 'sha256:bb', origin: 'app' } as const;
const DEBIAN12 = { id: 'debian', versionId: '12' };
const LIBSSL: Package = {
  id: 'deb:libssl3@3.0.9-1',
  type: 'deb',
  name: 'libssl3',
  version: '3.0.9-1',
  purl: 'pkg:deb/debian/libssl3@3.0.9-1?distro=debian-12',
  licenses: [],
  source: { name: 'openssl' },
  foundBy: 'test',
  locations: [{ path: '/var/lib/dpkg/status', layer: LAYER, deleted: false }],
  layer: LAYER,
  origin: 'app',
};
// Written after the OSV schema: the fixed version is above the installed one.
const RECORD = {
  id: 'DEBIAN-CVE-2026-0001',
  modified: '2026-01-02T00:00:00Z',
  aliases: ['CVE-2026-0001'],
  affected: [{ package: { ecosystem: 'Debian:12', name: 'openssl' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.11-1~deb12u2' }] }] }],
};
// Shaped after the OpenVEX v0.2.0 spec's examples.
const VEX = {
  '@context': 'https://openvex.dev/ns/v0.2.0',
  '@id': 'https://example.com/vex/1',
  author: 'security team',
  timestamp: '2026-11-01T00:00:00Z',
  version: 1,
  statements: [{ vulnerability: { name: 'CVE-2026-0001' }, products: [{ '@id': 'pkg:deb/debian/libssl3' }], status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' }],
};

void describe('matchImagePackages', () => {
  let dir: string;
  let dbPath: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reins-scan-vulns-'));
    mkdirSync(join(dir, 'osv'));
    writeFileSync(join(dir, 'osv', 'rec.json'), JSON.stringify(RECORD));
    dbPath = join(dir, 'reins.db');
    await importOsv(join(dir, 'osv'), { dbPath });
    writeFileSync(join(dir, 'vex.json'), JSON.stringify(VEX));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  void test('without --vex the finding stands; with an OpenVEX not_affected statement it is kept but suppressed', async () => {
    const plain = await matchImagePackages([LIBSSL], DEBIAN12, { dbPath, offline: true });
    assert.deepEqual(plain.findings.map((f) => [f.id, f.suppressed]), [['CVE-2026-0001', undefined]]);
    const vexed = await matchImagePackages([LIBSSL], DEBIAN12, { dbPath, offline: true, vex: [join(dir, 'vex.json')] });
    assert.deepEqual(vexed.findings.map((f) => [f.id, f.suppressed?.by, f.suppressed?.justification]), [['CVE-2026-0001', 'vex', 'vulnerable_code_not_in_execute_path']]);
  });

  void test('a VEX file that is not VEX is an error naming it', async () => {
    writeFileSync(join(dir, 'not-vex.json'), '{"hello": 1}');
    await assert.rejects(matchImagePackages([LIBSSL], DEBIAN12, { dbPath, offline: true, vex: [join(dir, 'not-vex.json')] }), (e: Error) => e.message.includes('not-vex.json'));
  });

  void test('a database older than maxDbAgeDays gives one warning (with the update hint unless offline); a fresh one none', async () => {
    const warnings: string[] = [];
    const warn = (m: string): void => void warnings.push(m);
    await matchImagePackages([LIBSSL], DEBIAN12, { dbPath, offline: true, maxDbAgeDays: 7, warn });
    assert.deepEqual(warnings, [], 'imported a moment ago');
    // Age is compared with >, so a negative limit makes any database stale: the warning path itself.
    await matchImagePackages([LIBSSL], DEBIAN12, { dbPath, offline: true, maxDbAgeDays: -1, warn });
    await matchImagePackages([LIBSSL], DEBIAN12, { dbPath, maxDbAgeDays: -1, warn });
    assert.deepEqual(warnings, ['the vulnerability database is older than -1 days', "the vulnerability database is older than -1 days: run 'reins db update'"]);
  });
});

void test('snapshotAgeDays: the oldest OSV source decides; KEV/EPSS do not count; no OSV source is Infinity', () => {
  const now = Date.parse('2026-11-23T00:00:00Z');
  const src = (kind: 'osv' | 'kev' | 'epss', updatedAt: string) => ({ name: `${kind}-${updatedAt}`, kind, records: 1, updatedAt });
  assert.equal(snapshotAgeDays({ sources: [src('osv', '2026-11-20T00:00:00Z'), src('osv', '2026-11-13T00:00:00Z'), src('kev', '2026-01-01T00:00:00Z')] }, now), 10);
  assert.equal(snapshotAgeDays({ sources: [src('epss', '2026-11-22T00:00:00Z')] }, now), Infinity);
  assert.equal(snapshotAgeDays({ sources: [] }, now), Infinity);
});
