/* eslint-disable @typescript-eslint/no-explicit-any -- the documents under test are untyped JSON, checked by the official schema */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { imagePathUri, imageUriOf, sarifFormat } from './index.ts';
import { md } from './rules.ts';
import { fixtureReport } from '../fixtures/report.ts';
import { fixtureVerdict } from '../fixtures/verdict.ts';
import { sarif210Validator } from '../testing/schema.ts';

const validate = sarif210Validator();

function render(reports = [fixtureReport()]): any {
  return JSON.parse(sarifFormat.render({ reports, color: false }));
}

void describe('sarif format', () => {
  void it('the validator rejects a broken log (so the checks below can fail)', () => {
    const log = render();
    log.runs[0].results[0].level = 'fatal';
    delete log.runs[0].tool.driver.name;
    assert.ok(validate(log).length >= 2);
  });

  void it('validates against the SARIF 2.1.0 schema, with one run named reins', () => {
    const log = render();
    assert.deepEqual(validate(log), []);
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    assert.equal(log.runs[0].tool.driver.name, 'reins');
    const arm = fixtureReport();
    arm.artifact.platform = { os: 'linux', architecture: 'arm64' };
    const multi = render([fixtureReport(), arm]);
    assert.deepEqual(validate(multi), []);
    assert.equal(multi.runs.length, 1);
    assert.equal(multi.runs[0].results.length, 2 * log.runs[0].results.length);
    assert.equal(multi.runs[0].tool.driver.rules.length, log.runs[0].tool.driver.rules.length);
  });

  void it('has one rule per vulnerability id, secret rule and failed check, with GitHub severity', () => {
    const { rules } = render().runs[0].tool.driver;
    assert.deepEqual(
      rules.map((r: any) => r.id),
      ['CVE-2023-39804', 'CVE-2025-0001', 'CVE-2023-45133', 'aws-access-key-id', 'generic-password', 'REINS-IMG-001', 'REINS-IMG-006'],
    );
    const tar = rules[0];
    assert.equal(tar.properties['security-severity'], '5.5');
    assert.ok(tar.properties.tags.includes('security'));
    assert.ok(tar.shortDescription.text && tar.fullDescription.text);
    assert.match(tar.help.markdown, /\*\*Remediation:\*\* upgrade tar to 1\.34\\\+dfsg-1\.2\\\+deb12u2/);
    const root = rules.find((r: any) => r.id === 'REINS-IMG-001');
    assert.equal(root.properties['security-severity'], '8.0');
    assert.match(root.help.markdown, /Add `USER node`/);
    for (const r of rules) assert.match(r.properties['security-severity'], /^\d+\.\d$/);
  });

  void it('locates results in the image, lines from 1, with fingerprints and levels', () => {
    const { results, tool } = render().runs[0];
    for (const r of results) {
      assert.equal(tool.driver.rules[r.ruleIndex].id, r.ruleId);
      assert.ok(r.locations[0].physicalLocation.region.startLine >= 1);
      assert.ok(Object.keys(r.partialFingerprints).length === 1);
    }
    const tar = results.find((r: any) => r.ruleId === 'CVE-2023-39804');
    assert.equal(tar.level, 'warning');
    assert.equal(tar.locations[0].physicalLocation.artifactLocation.uri, 'var/lib/dpkg/status');
    const key = results.find((r: any) => r.ruleId === 'aws-access-key-id');
    assert.equal(key.level, 'error');
    assert.deepEqual(key.locations[0].physicalLocation, { artifactLocation: { uri: 'srv/app/.env.backup' }, region: { startLine: 3 } });
    assert.match(key.message.text, /AKIA\*{16}/);
    assert.match(key.message.text, /deleted by a later layer/);
    const babel = results.find((r: any) => r.ruleId === 'CVE-2023-45133');
    assert.equal(babel.suppressions[0].status, 'accepted');
    const hc = results.find((r: any) => r.ruleId === 'REINS-IMG-006');
    assert.deepEqual(hc.locations[0].physicalLocation, { artifactLocation: { uri: 'Dockerfile' }, region: { startLine: 12 } });
    assert.equal(hc.level, 'note');
    assert.ok(!results.some((r: any) => r.ruleId === 'REINS-IMG-009'), 'passed checks are not results');
  });

  void it('turns image paths into relative URI references and escapes Markdown', () => {
    assert.equal(imagePathUri('/opt/tools/app.jar!/BOOT-INF/lib/x 1.jar'), 'opt/tools/app.jar/BOOT-INF/lib/x%201.jar');
    assert.equal(md('<script>'), '\\<script\\>');
    assert.equal(imageUriOf('node-app:latest'), 'node-app%3Alatest');
    assert.equal(imageUriOf('registry.example/team/app@sha256:ab'), 'registry.example/team/app%40sha256%3Aab');
  });

  void it('adds policy violations of reins check as results, excepted ones suppressed', () => {
    const log = JSON.parse(sarifFormat.render({ reports: [fixtureReport()], color: false, verdict: fixtureVerdict() }));
    assert.deepEqual(validate(log), []);
    const policy = log.runs[0].results.filter((r: any) => r.ruleId.startsWith('policy/'));
    assert.deepEqual(policy.map((r: any) => [r.ruleId, r.level, Boolean(r.suppressions)]), [
      ['policy/no-secrets', 'error', false],
      ['policy/no-root', 'warning', false],
      ['policy/no-high-vulns', 'error', true],
    ]);
    assert.equal(policy[0].locations[0].physicalLocation.artifactLocation.uri, 'srv/app/.env.backup');
  });
});
