import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ratingForScore } from './index.ts';
import { cvss3BaseScore } from './v3.ts';

const OSV = join(import.meta.dirname, '../../../../shared/vulndata/osv');

void describe('cvss3BaseScore', () => {
  // FIRST "CVSS v3.1: Examples" (https://www.first.org/cvss/v3.1/examples), base scores as published.
  const examples: [string, string, number][] = [
    ['CVE-2013-1937 phpMyAdmin XSS', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1],
    ['CVE-2013-0375 MySQL', 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N', 6.4],
    ['CVE-2014-3566 POODLE', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N', 3.1],
    ['CVE-2012-1516 VMware', 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H', 9.9],
    ['CVE-2014-0160 Heartbleed', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', 7.5],
    ['CVE-2015-1098 iWork', 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 7.8],
    ['CVE-2014-2005 Sophos', 'CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 6.8],
    ['CVE-2010-0467 Joomla', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N', 5.8],
  ];
  for (const [name, vector, score] of examples) {
    void test(name, () => assert.equal(cvss3BaseScore(vector)?.baseScore, score));
  }

  void test('agrees with GitHub\'s cvss_score on every real npm/PyPI record of the shared corpus', () => {
    let checked = 0;
    for (const eco of ['npm', 'PyPI']) {
      for (const f of readdirSync(join(OSV, eco))) {
        const r = JSON.parse(readFileSync(join(OSV, eco, f), 'utf8'));
        const want = r.database_specific?.cvss_score;
        if (typeof want !== 'number') continue;
        for (const s of r.severity ?? []) {
          if (s.type !== 'CVSS_V3') continue;
          assert.equal(cvss3BaseScore(s.score)?.baseScore, want, `${f} ${s.score}`);
          checked++;
        }
      }
    }
    assert.ok(checked > 50, `only ${checked} vectors checked`);
  });

  void test('impact 0 gives 0.0, and v3.0 vectors are scored as v3.0', () => {
    assert.equal(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N')?.baseScore, 0);
    assert.deepEqual(cvss3BaseScore('CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), { version: '3.0', baseScore: 9.8 });
  });

  void test('rejects malformed vectors', () => {
    for (const v of [
      'AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H',
      'CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      'CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      'CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P',
    ]) {
      assert.equal(cvss3BaseScore(v), undefined, v);
    }
  });

  void test('qualitative ratings (v3.1 spec §5)', () => {
    assert.deepEqual([0, 0.1, 3.9, 4, 6.9, 7, 8.9, 9, 10].map(ratingForScore), ['LOW', 'LOW', 'LOW', 'MEDIUM', 'MEDIUM', 'HIGH', 'HIGH', 'CRITICAL', 'CRITICAL']);
  });
});
