import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { OsvAffected, OsvRecord } from './osv/schema.ts';
import { pickSeverity } from './severity.ts';

const V31 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N'; // 7.5 (FIRST v3.1 examples, Heartbleed)
const V30 = 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'; // 9.8
const V4 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N'; // 5.3 (NVD, CVE-2024-7657)

function match(severity: { type: string; score: string }[], dbSeverity?: string): { record: OsvRecord; affected: OsvAffected } {
  const record: OsvRecord = { id: 'GHSA-test', modified: '2026-01-01T00:00:00Z', severity, ...(dbSeverity ? { database_specific: { severity: dbSeverity } } : {}) };
  return { record, affected: { package: { ecosystem: 'npm', name: 'x' } } };
}

void describe('pickSeverity', () => {
  void test('a record with only a v4.0 vector gets its v4.0 base score, and says so', () => {
    const v = pickSeverity([match([{ type: 'CVSS_V4', score: V4 }], 'LOW')]);
    assert.equal(v.severity, 'MEDIUM');
    assert.equal(v.severitySource, `cvss-v4.0 5.3 from ${V4} in GHSA-test`);
    assert.deepEqual(v.cvss, [{ version: '4.0', vector: V4, baseScore: 5.3, source: 'GHSA-test' }]);
  });

  void test('v3.1 is still preferred over v4.0, and v4.0 over v3.0', () => {
    const both = pickSeverity([match([{ type: 'CVSS_V4', score: V4 }, { type: 'CVSS_V3', score: V31 }])]);
    assert.equal(both.severity, 'HIGH');
    assert.equal(both.severitySource, `cvss-v3.1 7.5 from ${V31} in GHSA-test; preferred over 1 other vector(s) by version order 3.1 > 4.0 > 3.0`);
    const v30 = pickSeverity([match([{ type: 'CVSS_V3', score: V30 }, { type: 'CVSS_V4', score: V4 }])]);
    assert.equal(v30.severity, 'MEDIUM');
    assert.match(v30.severitySource, /^cvss-v4\.0 5\.3 from /);
  });

  void test('a v4.0 vector with Threat metrics is scored as CVSS-B, and the verdict says the threat metrics were left out', () => {
    const vector = `${V4}/E:U`;
    const v = pickSeverity([match([{ type: 'CVSS_V4', score: vector }])]);
    assert.equal(v.severity, 'MEDIUM');
    assert.equal(v.severitySource, `cvss-v4.0 5.3 from ${vector} in GHSA-test (CVSS-B base score: the vector's threat/environmental metrics are not applied)`);
  });

  void test('an invalid v4.0 vector is skipped: the database rating decides', () => {
    const v = pickSeverity([match([{ type: 'CVSS_V4', score: `${V4}/AV:P` }], 'HIGH')]);
    assert.equal(v.severity, 'HIGH');
    assert.equal(v.severitySource, 'database_specific.severity "HIGH" in GHSA-test (no scorable CVSS vector)');
    assert.deepEqual(v.cvss, []);
  });
});
