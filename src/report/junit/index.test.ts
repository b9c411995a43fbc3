import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { junitFormat } from './index.ts';
import { xmlAttr, xmlText } from './xml.ts';
import { fixtureReport, fixtureSbomReport } from '../fixtures/report.ts';
import { fixtureVerdict } from '../fixtures/verdict.ts';
import { xmlProblems } from '../testing/xml-check.ts';

function render(reports = [fixtureReport()]): string {
  return junitFormat.render({ reports, color: false });
}

function count(xml: string, re: RegExp): number {
  return [...xml.matchAll(re)].length;
}

void describe('junit format', () => {
  void it('the well-formedness check catches broken XML (so the checks below can fail)', () => {
    assert.deepEqual(xmlProblems('<?xml version="1.0" encoding="UTF-8"?>\n<a><b></a>').length > 0, true);
    assert.ok(xmlProblems('<?xml version="1.0"?><a x="1" x="2"/>').some((p) => p.includes('duplicate')));
    assert.ok(xmlProblems('<?xml version="1.0"?><a>AT&T</a>').some((p) => p.includes('reference')));
    assert.ok(xmlProblems('<?xml version="1.0"?><a/><b/>').some((p) => p.includes('2 root')));
    assert.deepEqual(xmlProblems('<?xml version="1.0" encoding="UTF-8"?>\n<a q="&quot;&#10;">x &amp; y<b/></a>\n'), []);
  });

  void it('is well-formed and has one suite per scanner with failures for findings', () => {
    const xml = render();
    assert.deepEqual(xmlProblems(xml), []);
    assert.match(xml, /^<testsuites name="reins" tests="12" failures="6" errors="0" skipped="1" time="0">$/m);
    assert.equal(count(xml, /<testsuite /g), 3);
    assert.match(xml, /<testsuite name="vulnerabilities: [^"]+" tests="7" failures="2" errors="0" skipped="1"/);
    assert.match(xml, /<testcase classname="vulnerabilities\.deb" name="tar@1\.34\+dfsg-1\.2\+deb12u1" time="0">\s*<failure type="MEDIUM" message="1 vulnerability: CVE-2023-39804 \(MEDIUM\)">/);
    assert.match(xml, /<testcase classname="vulnerabilities\.npm" name="@babel\/traverse@7\.22\.5" time="0">\s*<skipped message="CVE-2023-45133 suppressed by vex/);
    assert.match(xml, /<testcase classname="misconfigurations" name="REINS-IMG-009 \(CIS 4\.9\) ADD used instead of COPY" time="0"\/>/);
    assert.match(xml, /AWS_ACCESS_KEY_ID=AKIA\*{16}/);
  });

  void it('escapes hostile text and drops characters XML cannot carry', () => {
    const r = fixtureReport();
    r.packages[0]!.name = 'a"b<c>&d\u0001e';
    r.misconfigurations![0]!.message = "it's <b>bold</b> & \"quoted\"\nsecond line";
    const xml = render([r]);
    assert.deepEqual(xmlProblems(xml), []);
    assert.ok(xml.includes('name="a&quot;b&lt;c&gt;&amp;d\uFFFDe@'));
    assert.ok(xml.includes('message="it&apos;s &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;&#10;second line"'));
    assert.equal(xmlText('\uD800x'), '\uFFFDx');
    assert.equal(xmlAttr('a\tb'), 'a&#9;b');
  });

  void it('writes only the suites of scanners that ran, per platform', () => {
    assert.match(render([fixtureSbomReport()]), /<testsuites name="reins" tests="0" failures="0" errors="0" skipped="0" time="0"\/>/);
    const r = fixtureReport();
    r.secrets = [];
    const xml = render([r, fixtureReport()]);
    assert.deepEqual(xmlProblems(xml), []);
    assert.equal(count(xml, /<testsuite /g), 6);
    assert.match(xml, /<testcase classname="secrets" name="no secrets found" time="0"\/>/);
  });

  void it('adds a policy suite for reins check: violations fail, warnings pass, excepted are skipped', () => {
    const xml = junitFormat.render({ reports: [fixtureReport()], color: false, verdict: fixtureVerdict() });
    assert.deepEqual(xmlProblems(xml), []);
    assert.match(xml, /<testsuite name="policy team-baseline \(gate ci\): [^"]+" tests="3" failures="1" errors="0" skipped="1"/);
    assert.match(xml, /<failure type="CRITICAL" message="no-secrets: No secrets in the image">AWS Access Key ID in \/srv\/app\/\.env\.backup:3 &lt;deleted&gt;\nFix: Remove the file in the layer that adds it &amp; rotate the key<\/failure>/);
    assert.match(xml, /<system-out>warning \(does not fail the gate\)/);
    assert.match(xml, /<skipped message="excepted by EXC-12 \(owner platform-team, expires 2027-01-31\)"\/>/);
  });
});
