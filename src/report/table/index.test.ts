import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { groupRemediation, renderReportTable, tableFormat } from './index.ts';
import { fitWidths, renderGrid, truncate } from './grid.ts';
import { fixtureReport, fixtureSbomReport } from '../fixtures/report.ts';
import { fixtureVerdict } from '../fixtures/verdict.ts';

const ESC = '\x1b[';

void describe('table format', () => {
  void it('shows the packages of an SBOM with layer, origin, path and counts per type', () => {
    const out = renderReportTable(fixtureSbomReport(), { width: 160, color: false });
    assert.match(out, /^Image\s+registry\.example\/team\/node-app:1\.4\.2$/m);
    assert.match(out, /^Distro\s+Debian GNU\/Linux 12 \(bookworm\) \(12\.15\)$/m);
    assert.match(out, /^Base image\s+debian:bookworm-slim \(1 of 3 layers, from annotation\)$/m);
    assert.match(out, /Packages \(7: deb 3, golang 1, maven 1, npm 2\)/);
    assert.match(out, /^libcap2\s+1:2\.66-4\+deb12u3\+b1\s+deb\s+#0 base\s+\/var\/lib\/dpkg\/status$/m);
    assert.match(out, /^@babel\/traverse\s+7\.22\.5\s+npm\s+#1 app/m);
    assert.match(out, /log4j-core-2\.14\.1\.jar \(deleted\)$/m);
    assert.doesNotMatch(out, /Vulnerabilities/);
  });

  void it('groups vulnerabilities by package, keeps suppressed ones out of the table and sums up', () => {
    const out = renderReportTable(fixtureReport(), { width: 200, color: false });
    assert.match(out, /Vulnerabilities \(2\)/);
    assert.match(out, /^libcap2\s+1:2\.66-4\+deb12u3\+b1\s+\(no fix\)\s+HIGH\s+CVE-2025-0001 \(\+1\)\s+#0 base\n {2}↳ no fix available yet: watch DEBIAN-CVE-2025-0001 or remove libcap2$/m);
    assert.match(out, /^tar\s+1\.34\+dfsg-1\.2\+deb12u1\s+1\.34\+dfsg-1\.2\+deb12u2\s+MEDIUM\s+CVE-2023-39804 \(\+2\)\s+#0 base\n {2}↳ upgrade tar to 1\.34\+dfsg-1\.2\+deb12u2/m);
    assert.match(out, /1 suppressed: CVE-2023-45133 in @babel\/traverse \(vex vulnerable_code_not_in_execute_path\)/);
    assert.match(out, /^\/srv\/app\/\.env\.backup\s+3\s+CRITICAL\s+aws-access-key-id\s+AWS_ACCESS_KEY_ID=AKIA\*+\s+#1 app\s+yes$/m);
    assert.match(out, /Misconfigurations \(2 failed, 1 passed\)/);
    assert.match(out, /^REINS-IMG-001\s+4\.1\s+HIGH\s+Image runs as root\s+Add `USER node`/m);
    assert.doesNotMatch(out, /REINS-IMG-009/);
    assert.match(out, /^Total: 6 \(CRITICAL: 1, HIGH: 3, MEDIUM: 1, LOW: 1, UNKNOWN: 0\)$/m);
    assert.ok(!out.includes(ESC), 'no colour codes without color');
  });

  void it('colours severities only when asked', () => {
    const out = renderReportTable(fixtureReport(), { width: 200, color: true });
    assert.ok(out.includes(`${ESC}1;31mCRITICAL`));
  });

  void it('fits the width by cutting flexible columns', () => {
    for (const width of [80, 100]) {
      const out = renderReportTable(fixtureReport(), { width, color: false });
      for (const line of out.split('\n').filter((l) => !/^(1 suppressed|Total|Digest)/.test(l))) {
        assert.ok([...line].length <= width, `${[...line].length} > ${width}: ${line}`);
      }
    }
  });

  void it('renders through the Formatter with a trailing newline', () => {
    const out = tableFormat.render({ reports: [fixtureReport()], color: false, verdict: { passed: false } });
    assert.ok(out.endsWith('Verdict: {"passed":false}\n'));
    const checked = tableFormat.render({ reports: [fixtureReport()], color: false, verdict: [fixtureVerdict()] });
    assert.match(checked, /^FAIL {2}policy team-baseline .* at gate ci$/m);
    assert.match(checked, /Blocking violations \(1\):\n {2}\[CRITICAL\] no-secrets/);
  });
});

void describe('groupRemediation', () => {
  void it('names the fix reaching the highest fixed version and counts the unfixed', () => {
    const [tar, libcap] = fixtureReport().vulnerabilities!;
    const mk = (fixed: string[], remediation: string) => ({ ...tar!, fixedVersions: fixed, remediation });
    const g = [mk(['0.21.2'], 'upgrade to 0.21.2'), mk(['0.30.2'], 'upgrade to 0.30.2'), mk(['0.9.0'], 'upgrade to 0.9.0'), libcap!];
    assert.equal(groupRemediation(g), 'upgrade to 0.30.2; 1 with no fix yet');
    assert.equal(groupRemediation([libcap!]), libcap!.remediation);
  });
});

void describe('grid', () => {
  void it('truncates with an ellipsis', () => {
    assert.equal(truncate('abcdefgh', 5), 'abcd…');
    assert.equal(truncate('abc', 5), 'abc');
  });
  void it('shrinks the widest flexible column first and never below the minimum', () => {
    assert.deepEqual(fitWidths([10, 30, 20], { width: 50, flex: [1, 2] }), [10, 16, 20]);
    assert.deepEqual(fitWidths([10, 30], { width: 5, flex: [1], minFlex: 8 }), [10, 8]);
  });
  void it('pads cells and leaves no trailing spaces', () => {
    const lines = renderGrid(['A', 'B'], [['x', 'y'], ['long', '']], { width: 80 });
    assert.deepEqual(lines, ['A     B', '────  ─', 'x     y', 'long']);
  });
});
