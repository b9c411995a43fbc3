import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cell, markdownFormat, MAX_CHARS, MAX_ROWS } from './index.ts';
import { fixtureReport, fixtureSbomReport } from '../fixtures/report.ts';
import { fixtureVerdict } from '../fixtures/verdict.ts';
import type { ScanReport } from '../../scan/types.ts';

function render(reports: ScanReport[] = [fixtureReport()], verdict?: unknown): string {
  return markdownFormat.render({ reports, color: false, verdict });
}

/** Every table row of a GFM table has the same number of unescaped pipes as its header. */
function assertTablesAligned(md: string): void {
  const pipes = (l: string): number => (l.replace(/\\\|/g, '').match(/\|/g) ?? []).length;
  let width = -1;
  for (const line of md.split('\n')) {
    if (!line.startsWith('|')) {
      width = -1;
      continue;
    }
    if (width === -1) width = pipes(line);
    else assert.equal(pipes(line), width, line);
  }
}

void describe('markdown format', () => {
  void it('summarises counts by severity, top findings with fixes and collapsible details', () => {
    const md = render();
    assert.match(md, /^## reins: registry\.example\/team\/node-app:1\.4\.2$/m);
    assert.match(md, /^\| Vulnerabilities \| 0 \| 1 \| 1 \| 0 \| 0 \| \*\*2\*\* \|$/m);
    assert.match(md, /^\| Secrets \| 1 \| 1 \| 0 \| 0 \| 0 \| \*\*2\*\* \|$/m);
    assert.match(md, /^\| 🟨 MEDIUM \| CVE-2023-39804 \| tar \| 1\.34\+dfsg-1\.2\+deb12u1 \| 1\.34\+dfsg-1\.2\+deb12u2 \| \\#0 base \| upgrade tar/m);
    assert.match(md, /<summary>Secrets \(2\)<\/summary>/);
    assert.match(md, /`AWS_ACCESS_KEY_ID=AKIA\*{16}`/);
    assert.match(md, /<summary>Suppressed \(1\)<\/summary>/);
    assert.doesNotMatch(md, /Top vulnerabilities[\s\S]*CVE-2023-45133[\s\S]*<summary>Secrets/, 'suppressed finding not among the top');
    assert.equal(count(md, /<details>/g), count(md, /<\/details>/g));
    assertTablesAligned(md);
  });

  void it('shows the policy verdict first when given, violations with their fix', () => {
    const md = render([fixtureReport()], fixtureVerdict());
    assert.ok(md.startsWith('### Policy ❌ FAIL: team-baseline at gate ci\n\n1 blocking violation(s), 1 warning(s), 1 excepted.\n'));
    assert.match(md, /^\| 🟥 CRITICAL \| no-secrets: No secrets in the image \| AWS Access Key ID in \/srv\/app\/\.env\.backup:3 &lt;deleted&gt; \| Remove the file in the layer that adds it &amp; rotate the key \|$/m);
    assert.match(md, /<summary>Excepted \(1\)<\/summary>[\s\S]*EXC-12 \(platform-team, expires 2027-01-31\)/);
    assertTablesAligned(md);
    const pass = { ...fixtureVerdict(), result: 'pass' as const, violations: [] };
    const two = render([fixtureReport(), fixtureReport()], [pass, fixtureVerdict()]);
    assert.match(two, /^### Policy ✅ PASS: team-baseline at gate ci \(linux\/amd64\)$/m);
    assert.match(render([fixtureReport()], { other: 1 }), /<summary>Policy verdict<\/summary>/);
  });

  void it('lists packages per type for an SBOM', () => {
    const md = render([fixtureSbomReport()]);
    assert.match(md, /^\| deb \| 3 \|$/m);
    assert.match(md, /<summary>Packages \(7\)<\/summary>/);
    assert.match(md, /^\| @babel\/traverse \| 7\.22\.5 \| npm \| \\#1 app \| \/srv\/app\/node\\_modules\/@babel\/traverse\/package\.json \|$/m);
    assertTablesAligned(md);
  });

  void it('neutralises HTML, pipes and line breaks from advisories, and caps long tables', () => {
    assert.equal(cell('<img src=x onerror=alert(1)> a|b\nc'), '&lt;img src=x onerror=alert(1)&gt; a\\|b c');
    const r = fixtureReport();
    const v = r.vulnerabilities![1]!;
    r.vulnerabilities = Array.from({ length: MAX_ROWS + 5 }, (_, i) => ({ ...v, id: `CVE-2099-${1000 + i}`, remediation: 'x | <b>y</b>' }));
    const md = render([r]);
    assert.doesNotMatch(md, /<b>/);
    assert.match(md, /_…and 5 more \(see the JSON report\)\._/);
    assertTablesAligned(md);
    r.vulnerabilities = Array.from({ length: 2000 }, (_, i) => ({ ...v, id: `CVE-2099-${10000 + i}`, remediation: 'x'.repeat(200) }));
    const big = render([r]);
    assert.ok(big.length <= MAX_CHARS, `${big.length}`);
    assert.match(big, /_…and \d+ more \(see the JSON report\)\._/);
  });
});

function count(s: string, re: RegExp): number {
  return [...s.matchAll(re)].length;
}
