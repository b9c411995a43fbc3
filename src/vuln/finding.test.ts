import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Package } from '../catalog/types.ts';
import { compareVersions } from '../version/ecosystems.ts';
import { seededRandom } from '../version/prng.ts';
import { buildFinding } from './finding.ts';
import type { RecordMatch } from './finding.ts';
import type { OsvRecord } from './osv/schema.ts';

const LAYER = { index: 0, digest: 'sha256:aa', diffId: 'sha256:bb', origin: 'base' } as const;
const PKG: Package = {
  id: 'npm:a@1.0.0',
  type: 'npm',
  name: 'a',
  version: '1.0.0',
  purl: 'pkg:npm/a@1.0.0',
  licenses: [],
  foundBy: 'test',
  locations: [{ path: '/app/node_modules/a/package.json', layer: LAYER, deleted: false }],
  layer: LAYER,
  origin: 'base',
};
const Q = { ecosystems: ['npm'], names: ['a'], version: '1.0.0', scheme: 'npm' };
const npm = (a: string, b: string): -1 | 0 | 1 => compareVersions('npm', a, b);

function match(id: string, aliases: string[], urls: string[], extra: Partial<OsvRecord> = {}): RecordMatch {
  const affected = { package: { ecosystem: 'npm', name: 'a' } };
  return {
    record: { id, modified: '2024-01-01T00:00:00Z', aliases, references: urls.map((url) => ({ type: 'WEB', url })), ...extra },
    affected,
    hits: [{ rangeType: 'SEMVER', introduced: '0', fixed: '1.2.0', comparison: 'introduced 0 and 1.0.0 < 1.2.0 (fixed) [npm]' }],
    unknown: false,
  };
}

void describe('buildFinding', () => {
  void test('reference URLs of all records, each once, in first-seen order (short and long lists)', () => {
    const rand = seededRandom(5);
    for (let k = 0; k < 300; k++) {
      const pool = Array.from({ length: 1 + Math.floor(rand() * 80) }, (_, i) => `https://example.org/${i}`);
      const urls = (): string[] => Array.from({ length: Math.floor(rand() * 60) }, () => pool[Math.floor(rand() * pool.length)]!);
      const group = [match('GHSA-1', ['CVE-2024-1'], urls()), match('DSA-1', ['CVE-2024-1'], urls())];
      const want = [...new Set(group.flatMap((m) => (m.record.references ?? []).map((r) => r.url)))];
      assert.deepEqual(buildFinding(PKG, Q, group, npm).references, want);
      assert.deepEqual(buildFinding(PKG, Q, [group[0]!], npm).references, [...new Set(group[0]!.record.references!.map((r) => r.url))]);
    }
  });

  void test('keys in the order of VulnFinding whether or not summary and dates are present', () => {
    const full = buildFinding(PKG, Q, [match('GHSA-1', ['CVE-2024-1'], ['u'], { summary: 's', published: '2024-01-01T00:00:00Z' })], npm);
    const bare = buildFinding(PKG, Q, [match('GHSA-1', ['CVE-2024-1'], ['u'])], npm);
    const order = ['id', 'aliases', 'summary', 'packageId', 'packageName', 'packageType', 'purl', 'installedVersion', 'fixedVersions', 'status', 'severity', 'severitySource', 'cvss', 'locations', 'layer', 'origin', 'evidence', 'remediation', 'references', 'published', 'modified'];
    assert.deepEqual(Object.keys(full), order);
    assert.deepEqual(Object.keys(bare), order.filter((k) => k !== 'summary' && k !== 'published'));
    const { summary, published, ...rest } = full;
    assert.equal(summary, 's');
    assert.equal(published, '2024-01-01T00:00:00Z');
    assert.deepEqual(rest, bare);
    assert.deepEqual(Object.keys(full.evidence[0]!), ['recordId', 'ecosystem', 'recordPackage', 'rangeType', 'introduced', 'fixed', 'comparison']);
  });
});
