/**
 * Policy evaluation over the report fixture of src/report/fixtures (read it to follow the
 * expectations): 3 vulnerabilities — CVE-2023-39804 MEDIUM fixed (tar), CVE-2025-0001 HIGH no fix
 * (libcap2), CVE-2023-45133 CRITICAL fixed, KEV, suppressed by VEX; 2 secrets; checks REINS-IMG-001
 * (4.1, fail), REINS-IMG-006 (4.6, fail), REINS-IMG-009 (pass); no USER in the config.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixtureReport } from '../report/fixtures/report.ts';
import { evaluatePolicy } from './evaluate.ts';
import { loadPolicy } from './load.ts';
import { toOpenVex } from './openvex.ts';

const dir = mkdtempSync(join(tmpdir(), 'reins-policy-eval-'));
let n = 0;
async function policy(body: string) {
  const f = join(dir, `p${n++}.yaml`);
  writeFileSync(f, `apiVersion: reins.dev/v1\nkind: Policy\nmetadata:\n  name: t\n${body}`);
  return loadPolicy(f);
}
const now = new Date('2026-11-22T12:00:00Z');

test('maxSeverity counts findings above the threshold; VEX-suppressed ones never count', async () => {
  const p = await policy('rules:\n  - { id: max-medium, description: d, severity: HIGH, maxSeverity: MEDIUM }\n');
  const v = evaluatePolicy(p, fixtureReport(), { gate: 'ci', now });
  assert.equal(v.result, 'fail');
  assert.deepEqual(v.violations.map((x) => x.subjectId), ['CVE-2025-0001']);
  assert.match(v.violations[0]!.evidence, /libcap2/);
});

test('fixAvailable narrows maxSeverity to findings that have a fix', async () => {
  const p = await policy('rules:\n  - { id: r, description: d, severity: HIGH, maxSeverity: LOW, fixAvailable: true }\n');
  const v = evaluatePolicy(p, fixtureReport(), { gate: 'ci', now });
  assert.deepEqual(v.violations.map((x) => x.subjectId), ['CVE-2023-39804']);
  assert.match(v.violations[0]!.remediation, /1\.34\+dfsg-1\.2\+deb12u2/);
});

test('requireNonRoot, denySecrets and failedChecks find the fixture problems', async () => {
  const p = await policy(`rules:
  - { id: root, description: d, severity: HIGH, requireNonRoot: true }
  - { id: sec, description: d, severity: HIGH, denySecrets: true }
  - { id: cis, description: d, severity: LOW, action: warn, failedChecks: ["4.*"] }
`);
  const v = evaluatePolicy(p, fixtureReport(), { gate: 'ci', now });
  assert.deepEqual(v.violations.map((x) => x.ruleId), ['root', 'sec', 'sec']);
  assert.match(v.violations[0]!.remediation, /USER/);
  assert.deepEqual(v.warnings.map((x) => x.subjectId), ['REINS-IMG-001', 'REINS-IMG-006']);
});

test('warn-only violations pass; scope by gate and image glob', async () => {
  const p = await policy(`rules:
  - { id: w, description: d, severity: LOW, action: warn, requireNonRoot: true }
  - { id: admission-only, description: d, severity: HIGH, requireNonRoot: true, scope: { gates: [admission] } }
  - { id: other-team, description: d, severity: HIGH, requireNonRoot: true, scope: { images: ["registry.example/other/*"] } }
  - { id: this-team, description: d, severity: HIGH, action: warn, requireNonRoot: true, scope: { images: ["registry.example/team/*"], registries: ["registry.example"] } }
`);
  const ci = evaluatePolicy(p, fixtureReport(), { gate: 'ci', now });
  assert.equal(ci.result, 'pass');
  assert.deepEqual(ci.warnings.map((x) => x.ruleId), ['w', 'this-team']);
  const adm = evaluatePolicy(p, fixtureReport(), { gate: 'admission', now });
  assert.equal(adm.result, 'fail');
  assert.deepEqual(adm.violations.map((x) => x.ruleId), ['admission-only']);
});

test('CEL rules per subject', async () => {
  const p = await policy(`rules:
  - { id: nofix-high, description: d, severity: HIGH, for: vulnerability, condition: 'vuln.severity == "HIGH" && !vuln.fixAvailable' }
  - { id: base-layer, description: d, severity: LOW, for: package, condition: 'pkg.name == "tar" && pkg.origin == "base"' }
  - { id: img, description: d, severity: LOW, for: image, condition: 'image.registry == "registry.example" && !image.hasHealthcheck' }
`);
  const v = evaluatePolicy(p, fixtureReport(), { gate: 'ci', now });
  assert.deepEqual(v.violations.map((x) => `${x.ruleId}:${x.subject}`), ['nofix-high:vulnerability', 'base-layer:package', 'img:image']);
  assert.equal(v.violations[0]!.subjectId, 'CVE-2025-0001');
});

test('exceptions apply until they expire, then are reported as expired', async () => {
  const body = `rules:
  - { id: max-medium, description: d, severity: HIGH, maxSeverity: MEDIUM }
exceptions:
  - id: EXC-1
    match: { vulnerability: CVE-2025-0001, image: "registry.example/team/*" }
    reason: libcap2 is not reachable from the app
    justification: vulnerable_code_not_in_execute_path
    owner: app-team@example.com
    approvedBy: security@example.com
    ticket: SEC-42
    expires: 2026-11-30
`;
  const p = await policy(body);
  const before = evaluatePolicy(p, fixtureReport(), { gate: 'ci', now });
  assert.equal(before.result, 'pass');
  assert.deepEqual(before.exceptionsApplied.map((e) => [e.id, e.matched, e.expires]), [['EXC-1', 1, '2026-11-30']]);
  assert.equal(before.excepted[0]!.exception!.id, 'EXC-1');
  // Valid through its expiry day (UTC), gone the day after.
  assert.equal(evaluatePolicy(p, fixtureReport(), { gate: 'ci', now: new Date('2026-11-30T23:59:00Z') }).result, 'pass');
  const after = evaluatePolicy(p, fixtureReport(), { gate: 'ci', now: new Date('2026-12-01T00:00:00Z') });
  assert.equal(after.result, 'fail');
  assert.deepEqual(after.exceptionsExpired, [{ id: 'EXC-1', owner: 'app-team@example.com', expired: '2026-11-30' }]);

  const vex = toOpenVex(before, fixtureReport(), p) as { '@context': string; statements: { vulnerability: { name: string }; status: string; justification?: string }[] };
  assert.equal(vex['@context'], 'https://openvex.dev/ns/v0.2.0');
  assert.deepEqual(vex.statements.map((s) => [s.vulnerability.name, s.status, s.justification]), [['CVE-2025-0001', 'not_affected', 'vulnerable_code_not_in_execute_path']]);
});

test('an exception matching an alias or a different image does what it says', async () => {
  const mk = (match: string) => policy(`rules:
  - { id: r, description: d, severity: HIGH, maxSeverity: LOW, fixAvailable: true }
exceptions:
  - { id: E, match: ${match}, reason: r, owner: o, approvedBy: a, permanent: true }
`);
  assert.equal(evaluatePolicy(await mk('{ vulnerability: dla-3755-1 }'), fixtureReport(), { gate: 'ci', now }).result, 'pass');
  assert.equal(evaluatePolicy(await mk('{ vulnerability: DLA-3755-1, image: "other/*" }'), fixtureReport(), { gate: 'ci', now }).result, 'fail');
});
