import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cvssBaseScore, ratingForScore } from './index.ts';
import { cvss4BaseScore, cvss4HasThreatOrEnvironmental } from './v4.ts';

// Expected scores come from FIRST's calculator, never from the library reins uses:
// - RH: RedHatProductSecurity/cvss, tests/vectors_simple4 (line format `VECTOR - (score,)`), which
//   Red Hat generated with a pyppeteer script that opens FIRST's calculator page
//   (https://www.first.org/cvss/calculator/cvsscalc40) and reads the score it shows for each vector.
// - Published or reference-checked pairs from other projects, named where used.
const RH: [string, number][] = [
  // None (0.0): no impact on either system.
  ['AV:P/AC:H/AT:N/PR:H/UI:A/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N', 0],
  // Low
  ['AV:P/AC:H/AT:N/PR:H/UI:A/VC:L/VI:L/VA:L/SC:L/SI:L/SA:L', 1],
  ['AV:A/AC:H/AT:P/PR:L/UI:A/VC:L/VI:L/VA:N/SC:L/SI:N/SA:L', 1],
  ['AV:L/AC:L/AT:P/PR:L/UI:A/VC:L/VI:N/VA:N/SC:N/SI:L/SA:L', 1],
  ['AV:L/AC:H/AT:N/PR:N/UI:A/VC:L/VI:N/VA:N/SC:L/SI:N/SA:N', 1.8],
  ['AV:N/AC:L/AT:P/PR:N/UI:A/VC:N/VI:N/VA:N/SC:L/SI:N/SA:N', 2.1],
  ['AV:N/AC:L/AT:P/PR:L/UI:N/VC:N/VI:N/VA:N/SC:N/SI:L/SA:N', 2.3],
  ['AV:P/AC:H/AT:N/PR:H/UI:P/VC:L/VI:N/VA:N/SC:H/SI:H/SA:H', 2.4],
  // Medium, from the 4.0 boundary up to 6.9
  ['AV:N/AC:H/AT:N/PR:H/UI:A/VC:N/VI:N/VA:N/SC:N/SI:H/SA:N', 4],
  ['AV:A/AC:H/AT:P/PR:N/UI:A/VC:N/VI:N/VA:N/SC:L/SI:L/SA:H', 4.8],
  ['AV:N/AC:L/AT:N/PR:N/UI:P/VC:L/VI:N/VA:N/SC:L/SI:N/SA:L', 5.3],
  ['AV:P/AC:H/AT:N/PR:N/UI:A/VC:L/VI:H/VA:L/SC:L/SI:H/SA:H', 6],
  ['AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:N/SC:N/SI:L/SA:N', 6.9],
  // High, from the 7.0 boundary
  ['AV:N/AC:L/AT:P/PR:L/UI:P/VC:H/VI:N/VA:L/SC:N/SI:H/SA:L', 7],
  ['AV:A/AC:H/AT:P/PR:H/UI:N/VC:H/VI:H/VA:N/SC:N/SI:L/SA:L', 7.2],
  ['AV:P/AC:H/AT:P/PR:N/UI:N/VC:H/VI:H/VA:N/SC:H/SI:H/SA:H', 7.2],
  ['AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:H/SI:L/SA:H', 7.9],
  ['AV:L/AC:H/AT:N/PR:L/UI:N/VC:H/VI:H/VA:L/SC:N/SI:H/SA:L', 8.5],
  ['AV:N/AC:L/AT:N/PR:N/UI:A/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 8.6],
  // Critical, from the 9.0 boundary
  ['AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:N/VA:N/SC:L/SI:L/SA:H', 9],
  ['AV:L/AC:L/AT:N/PR:N/UI:A/VC:H/VI:H/VA:L/SC:H/SI:N/SA:N', 9.2],
  ['AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:H/VA:L/SC:N/SI:H/SA:L', 9.2],
  ['AV:N/AC:L/AT:N/PR:L/UI:A/VC:H/VI:H/VA:H/SC:H/SI:N/SA:H', 9.3],
  ['AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:N/SA:H', 9.5],
  // Interpolation edge: the unrounded score is 5.65 minus floating-point noise; FIRST's calculator
  // adds an epsilon before rounding and shows 5.7 (a plain Math.round/toFixed gives 5.6).
  ['AV:N/AC:L/AT:P/PR:H/UI:A/VC:N/VI:H/VA:L/SC:N/SI:N/SA:L', 5.7],
];

const PUBLISHED: [string, string, number][] = [
  // The highest MacroVector (000000) at its highest vector: the lookup table's 10.0, asserted by
  // gumslone/vulns's CVSS v4 rounding test and the anchors of other implementations' tests.
  ['all High, no requirements', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H', 10],
  // gumslone/vulns's tests: 9.3 both as computed and as GitHub's advisory `cvssV4.score` fixture.
  ['vulnerable system all High (9.3)', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 9.3],
  // RedHatProductSecurity/cvss tests/test_cvss4.py test_json_schema_high_va.
  ['availability High only (Red Hat cvss test)', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N', 8.7],
  // polycvss (pablotron) v4 module documentation example.
  ['vulnerable system all Low (polycvss docs)', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N', 6.9],
  // NVD's base score for CVE-2024-7657, as asserted in cvss-rs's regression test.
  ['CVE-2024-7657 (NVD 5.3)', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N', 5.3],
  // NVD's base score for CVE-2025-6829 (E:X is "Not Defined"), cvss-rs regression test.
  ['CVE-2025-6829 with E:X (NVD 5.3)', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N/E:X', 5.3],
  // Interpolation edge 8.55 -> 8.6 "like the reference calculator" (gumslone/vulns rounding test).
  ['x.x5 rounds up (8.6)', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:H/VI:L/VA:N/SC:H/SI:H/SA:H', 8.6],
];

void describe('cvss4BaseScore', () => {
  void test(`${RH.length} vectors scored by FIRST's calculator (Red Hat's vectors_simple4)`, () => {
    for (const [metrics, score] of RH) {
      const vector = `CVSS:4.0/${metrics}`;
      assert.deepEqual(cvss4BaseScore(vector), { version: '4.0', baseScore: score }, vector);
    }
  });

  for (const [name, vector, score] of PUBLISHED) {
    void test(name, () => assert.equal(cvss4BaseScore(vector)?.baseScore, score));
  }

  void test('the samples cover every rating, including each boundary', () => {
    const ratings = new Set(RH.map(([, s]) => (s === 0 ? 'NONE' : ratingForScore(s))));
    assert.deepEqual([...ratings].sort(), ['CRITICAL', 'HIGH', 'LOW', 'MEDIUM', 'NONE']);
    for (const edge of [4, 6.9, 7, 9]) assert.ok(RH.some(([, s]) => s === edge), `no sample at ${edge}`);
  });

  void test('cvssBaseScore dispatches v4.0 vectors here', () => {
    assert.deepEqual(cvssBaseScore('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'), { version: '4.0', baseScore: 9.3 });
  });

  void test('the score is CVSS-B: Threat, Environmental and Supplemental metrics are validated, not applied', () => {
    const base = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H';
    // FIRST's calculator shows 9.1 (CVSS-BT) for `${base}/E:U`; the base score stays 10.0.
    assert.equal(cvss4BaseScore(`${base}/E:U`)?.baseScore, 10);
    // Red Hat's test_cvss4.py: VA:H with AR:L scores 7.9 as CVSS-BE; the base score stays 8.7.
    assert.equal(cvss4BaseScore('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N/AR:L')?.baseScore, 8.7);
    const all =
      `${base}/E:A/CR:H/IR:M/AR:L/MAV:A/MAC:H/MAT:P/MPR:L/MUI:A/MVC:L/MVI:N/MVA:H/MSC:N/MSI:S/MSA:S` +
      '/S:P/AU:Y/R:I/V:C/RE:H/U:Amber';
    assert.equal(cvss4BaseScore(all)?.baseScore, 10);
    assert.equal(cvss4BaseScore(`${base}/U:Clear/S:N`)?.baseScore, 10);
  });

  void test('metric order is not enforced (GHSA-28g4-38q8-3cwc lists VC/SC/VI/SI/VA/SA)', () => {
    const ghsa = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/SC:N/VI:H/SI:N/VA:H/SA:N';
    const canonical = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';
    assert.equal(cvss4BaseScore(ghsa)?.baseScore, cvss4BaseScore(canonical)?.baseScore);
  });

  void test('rejects malformed vectors', () => {
    const ok = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';
    assert.ok(cvss4BaseScore(ok));
    for (const v of [
      'AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', // no prefix
      'CVSS:4.1/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', // unknown version
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', // a v3 vector
      'CVSS:4.0/AV:N/AC:L/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', // AT missing
      'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N', // SA missing
      'CVSS:4.0/AV:X/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', // base metrics have no X
      'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:R/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', // UI:R is v3's value
      'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:S/SI:N/SA:N', // S only for MSI/MSA
      `${ok}/AV:P`, // duplicate base metric
      `${ok}/E:U/E:A`, // duplicate threat metric
      `${ok}/E:Z`, // bad threat value
      `${ok}/E:F`, // v3's E:F is not a v4 value
      `${ok}/MSC:S`, // S only for MSI/MSA
      `${ok}/U:red`, // values are case-sensitive
      `${ok}/RL:O`, // a v3 temporal metric
      `${ok}/JJ:H`, // unknown metric
      `${ok}/`, // empty component
      `${ok}/AV`, // no value
      `${ok}/E:U:X`, // two colons
      'CVSS:4.0/av:n/ac:l/at:n/pr:n/ui:n/vc:h/vi:h/va:h/sc:n/si:n/sa:n', // lower case
      'CVSS:4.0/',
      '',
    ]) {
      assert.equal(cvss4BaseScore(v), undefined, v);
      assert.equal(cvssBaseScore(v)?.version === '4.0', false, v);
    }
  });

  void test('cvss4HasThreatOrEnvironmental: defined (non-X) Threat or Environmental metrics only', () => {
    const base = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';
    assert.equal(cvss4HasThreatOrEnvironmental(base), false);
    assert.equal(cvss4HasThreatOrEnvironmental(`${base}/E:X/CR:X`), false);
    assert.equal(cvss4HasThreatOrEnvironmental(`${base}/S:P/AU:Y/U:Red`), false);
    assert.equal(cvss4HasThreatOrEnvironmental(`${base}/E:P`), true);
    assert.equal(cvss4HasThreatOrEnvironmental(`${base}/MSI:S`), true);
    assert.equal(cvss4HasThreatOrEnvironmental(`${base}/E:Q`), false); // invalid vector
  });
});
