import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Package } from '../catalog/types.ts';
import { compareVersions } from '../version/ecosystems.ts';
import { seededRandom } from '../version/prng.ts';
import { buildFinding } from './finding.ts';
import type { RecordMatch } from './finding.ts';
import type { OsvAffected, OsvRecord } from './osv/schema.ts';
import { pickSeverity, severityFromWord } from './severity.ts';

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

  void test('pickSeverity without a scorable vector: the first rating in record order (Ubuntu priority, database severity, Debian urgency), as collected in full', () => {
    // The reference collects every rating, as pickSeverity did before it kept only the first.
    const reference = (ms: { record: OsvRecord; affected: OsvAffected }[]): string | undefined => {
      const words: string[] = [];
      for (const { record, affected } of ms) {
        for (const list of [record.severity, affected.severity]) for (const s of list ?? []) if (s.type === 'Ubuntu' && severityFromWord(s.score)) words.push(`Ubuntu priority "${s.score}" in ${record.id}`);
        const g = record.database_specific?.severity;
        if (typeof g === 'string' && severityFromWord(g)) words.push(`database_specific.severity "${g}" in ${record.id}`);
        const u = affected.database_specific?.urgency ?? affected.ecosystem_specific?.urgency;
        if (typeof u === 'string' && severityFromWord(u)) words.push(`Debian urgency "${u}" in ${record.id}`);
      }
      return words[0] === undefined ? undefined : `${words[0]} (no scorable CVSS vector)`;
    };
    const rand = seededRandom(9);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const words = ['low', 'HIGH', 'medium', 'unimportant', 'bogus', 'Critical', 'low**'];
    for (let k = 0; k < 500; k++) {
      const ms = Array.from({ length: 1 + Math.floor(rand() * 3) }, (_, i) => {
        const sev = (): { type: string; score: string }[] => (rand() < 0.5 ? [{ type: pick(['Ubuntu', 'CVSS_V3']), score: pick(words) }] : []);
        const record: OsvRecord = { id: `R-${i}`, modified: 'm', severity: sev(), ...(rand() < 0.5 ? { database_specific: { severity: pick(words) } } : {}) };
        const affected: OsvAffected = { severity: sev(), ...(rand() < 0.5 ? { database_specific: { urgency: pick(words) } } : rand() < 0.3 ? { ecosystem_specific: { urgency: pick(words) } } : {}) };
        return { record, affected };
      });
      const v = pickSeverity(ms);
      const want = reference(ms);
      if (v.cvss.length === 0) assert.equal(v.severitySource, want ?? 'no CVSS vector or database rating in the matched records', JSON.stringify(ms));
    }
  });
});
