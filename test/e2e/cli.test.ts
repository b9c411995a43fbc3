/**
 * The CLI as users run it: exit codes (0 ok, 1 policy failed / over threshold, 2 usage or input
 * error) and one-line errors naming the file or flag.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { reins } from '../helpers/cli.ts';
import { dockerArchive, ociLayout, skipWithoutTestbed } from '../helpers/testbed.ts';

const tmp = mkdtempSync(join(tmpdir(), 'reins-e2e-'));
const cacheEnv = { REINS_CACHE_DIR: join(tmp, 'cache') };

function oneLine(s: string): void {
  assert.equal(s.trim().split('\n').length, 1, `expected a one-line error, got:\n${s}`);
}

test('usage errors exit 2 with a one-line message', async () => {
  const none = await reins([]);
  assert.equal(none.code, 2);
  assert.match(none.stdout, /Usage: reins <command>/);
  const unknown = await reins(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command "frobnicate"/);
  const flag = await reins(['sbom', 'x.tar', '--bogus']);
  assert.equal(flag.code, 2);
  oneLine(flag.stderr);
  assert.match(flag.stderr, /bogus/);
  const fmt = await reins(['sbom', 'x.tar', '--format', 'xml']);
  assert.equal(fmt.code, 2);
  assert.match(fmt.stderr, /xml/);
  const sev = await reins(['scan', 'x.tar', '--fail-on', 'SEVERE']);
  assert.equal(sev.code, 2);
  assert.match(sev.stderr, /--fail-on "SEVERE"/);
});

test('help and version exit 0', async () => {
  assert.equal((await reins(['--help'])).code, 0);
  const v = await reins(['version']);
  assert.equal(v.code, 0);
  assert.match(v.stdout, /^reins \d+\.\d+\.\d+/);
});

test('a missing image path and a non-image file are input errors (exit 2)', async () => {
  const missing = await reins(['sbom', join(tmp, 'nope.tar')], cacheEnv);
  assert.equal(missing.code, 2);
  oneLine(missing.stderr);
  const junk = join(tmp, 'junk.tar');
  writeFileSync(junk, 'this is not a tar archive at all'.repeat(40));
  const r = await reins(['sbom', `docker-archive:${junk}`], cacheEnv);
  assert.equal(r.code, 2);
  oneLine(r.stderr);
  assert.match(r.stderr, /junk\.tar/);
});

test('a policy with a mistake fails with file and line before any scanning', async () => {
  const policy = join(tmp, 'bad-policy.yaml');
  writeFileSync(policy, 'apiVersion: reins.dev/v1\nkind: Policy\nmetadata:\n  name: t\nrules:\n  - id: a\n    description: d\n    severity: HIGH\n    for: vulnerability\n    condition: vuln.severity ==\n');
  // The image does not exist: a policy error must come first.
  const r = await reins(['check', join(tmp, 'no-such-image.tar'), '--policy', policy], cacheEnv);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /bad-policy\.yaml:10: rule "a": CEL syntax error/);
});

test('reins sbom on a real image: JSON with every package, written atomically with --output', { skip: skipWithoutTestbed() }, async () => {
  const out = join(tmp, 'sbom.json');
  const r = await reins(['sbom', dockerArchive('debian-base'), '--format', 'json', '--output', out], cacheEnv);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  const report = JSON.parse(readFileSync(out, 'utf8'));
  // Trivy's reference lists 88 Debian packages for debian-base (../shared/testbed/REFERENCE.md).
  assert.equal(report.packages.length, 88);
  assert.equal(report.distro.id, 'debian');
  assert.ok(existsSync(out));
});

test('reins check with preset:cis fails a root image (exit 1) and passes nothing silently', { skip: skipWithoutTestbed() }, async () => {
  const r = await reins(['check', `oci:${ociLayout('node-app')}`, '--policy', 'preset:cis', '--format', 'json'], cacheEnv);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  const verdict = out.verdict;
  assert.equal(verdict.result, 'fail');
  assert.ok(verdict.violations.some((v: { ruleId: string }) => v.ruleId === 'cis-4.1-non-root'));
});

test('check dockerfile: findings with their lines, exit 1 when a check fails, 0 when none does; a missing file is exit 2', async () => {
  const bad = join(tmp, 'Dockerfile.bad');
  writeFileSync(bad, 'FROM debian:12\nRUN apt-get update\nUSER root\n');
  const r = await reins(['check', 'dockerfile', bad, '--format', 'json']);
  assert.equal(r.code, 1, r.stderr);
  const failed = (JSON.parse(r.stdout) as { findings: { id: string; status: string; line?: number }[] }).findings.filter((f) => f.status === 'fail');
  // CIS 4.1: the final USER is root (line 3); CIS 4.7: apt-get update alone (line 2).
  assert.ok(failed.some((f) => f.id === 'REINS-IMG-001' && f.line === 3), r.stdout);
  assert.ok(failed.some((f) => f.id === 'REINS-IMG-007' && f.line === 2), r.stdout);
  const good = join(tmp, 'Dockerfile.good');
  writeFileSync(good, 'FROM debian:12@sha256:' + 'a'.repeat(64) + '\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nHEALTHCHECK CMD curl -f http://127.0.0.1/ || exit 1\nUSER 10001\n');
  const ok = await reins(['check', 'dockerfile', good, '--format', 'json']);
  assert.equal(ok.code, 0, ok.stdout);
  const missing = await reins(['check', 'dockerfile', join(tmp, 'Dockerfile.none')]);
  assert.equal(missing.code, 2);
  oneLine(missing.stderr);
});
