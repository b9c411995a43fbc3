import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ReinsError } from '../common/errors.ts';
import { loadPolicy, PRESETS } from './load.ts';

const dir = mkdtempSync(join(tmpdir(), 'reins-policy-'));
let n = 0;
function write(text: string): string {
  const f = join(dir, `p${n++}.yaml`);
  writeFileSync(f, text);
  return f;
}
const head = 'apiVersion: reins.dev/v1\nkind: Policy\nmetadata:\n  name: t\n';

async function rejects(text: string, pattern: RegExp): Promise<void> {
  const f = write(text);
  await assert.rejects(loadPolicy(f), (err: unknown) => {
    assert.ok(err instanceof ReinsError);
    assert.equal(err.code, 'E_POLICY');
    assert.match(err.message, pattern);
    assert.ok(err.message.startsWith(f), `message names the file: ${err.message}`);
    return true;
  });
}

test('every preset is a valid policy file', async () => {
  for (const p of PRESETS) {
    const policy = await loadPolicy(`preset:${p}`);
    assert.equal(policy.name, p);
    assert.ok(policy.rules.length > 0);
  }
});

test('an unknown field is rejected with its line', async () => {
  // line 7 is `    maxSeverty: HIGH`
  await rejects(`${head}rules:\n  - id: a\n    maxSeverty: HIGH\n    description: d\n    severity: HIGH\n`, /:7: unknown field\(s\) "maxSeverty"/);
});

test('a wrong type names the field and line', async () => {
  await rejects(`${head}rules:\n  - id: a\n    description: d\n    severity: HIGH\n    maxSeverity: 5\n`, /:9: .*rules\.0\.maxSeverity/);
});

test('CEL that does not parse fails with the line of the condition', async () => {
  await rejects(`${head}rules:\n  - id: a\n    description: d\n    severity: HIGH\n    for: vulnerability\n    condition: vuln.severity ==\n`, /:10: rule "a": CEL syntax error/);
});

test('CEL with an unknown variable or field fails before scanning', async () => {
  await rejects(`${head}rules:\n  - id: a\n    description: d\n    severity: HIGH\n    for: package\n    condition: vuln.kev\n`, /unknown variable "vuln"/);
  await rejects(`${head}rules:\n  - id: a\n    description: d\n    severity: HIGH\n    for: vulnerability\n    condition: vuln.kevv\n`, /fails on the documented input/);
  await rejects(`${head}rules:\n  - id: a\n    description: d\n    severity: HIGH\n    for: vulnerability\n    condition: vuln.cvss + 1.0\n`, /must be a bool/);
  // A type error (double + int has no overload in CEL) is caught by the trial evaluation.
  await rejects(`${head}rules:\n  - id: a\n    description: d\n    severity: HIGH\n    for: vulnerability\n    condition: vuln.cvss + 1 > 2.0\n`, /no matching overload/);
});

test('CEL macros bind their own variables', async () => {
  const f = write(`${head}rules:\n  - id: a\n    description: d\n    severity: HIGH\n    for: package\n    condition: pkg.licenses.exists(l, l == "GPL-3.0-only")\n`);
  const p = await loadPolicy(f);
  assert.equal(p.rules[0]!.kind, 'condition');
});

test('a rule needs exactly one condition', async () => {
  await rejects(`${head}rules:\n  - id: a\n    description: d\n    severity: HIGH\n`, /has no condition/);
  await rejects(`${head}rules:\n  - id: a\n    description: d\n    severity: HIGH\n    requireNonRoot: true\n    denySecrets: true\n`, /mixes conditions/);
});

test('an exception without expiry is an error unless marked permanent', async () => {
  const ex = `exceptions:\n  - id: e1\n    match: { vulnerability: CVE-2023-1 }\n    reason: r\n    owner: o\n    approvedBy: a\n`;
  await rejects(`${head}rules: []\n${ex}`, /needs `expires: YYYY-MM-DD`/);
  const ok = await loadPolicy(write(`${head}rules: []\n${ex}    permanent: true\n`));
  assert.equal(ok.exceptions.length, 1);
});

test('duplicate rule ids and YAML syntax errors are reported', async () => {
  await rejects(`${head}rules:\n  - { id: a, description: d, severity: LOW, denySecrets: true }\n  - { id: a, description: d, severity: LOW, denySecrets: true }\n`, /duplicate rule id "a"/);
  await rejects(`${head}rules: [\n`, /YAML error/);
});

test('a missing policy file is an input error naming it', async () => {
  await assert.rejects(loadPolicy(join(dir, 'nope.yaml')), /nope\.yaml: cannot read policy file \(ENOENT\)/);
});
