import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { npmScheme } from './index.ts';
import { VersionError } from '../types.ts';

const REAL = readFileSync(new URL('./fixtures/real-versions.txt', import.meta.url), 'utf8').split('\n').filter(Boolean);

void test('loose spellings npm accepts compare equal to the clean form (node-semver README "Versions")', () => {
  for (const v of ['v1.2.3', '=1.2.3', ' 1.2.3 ', 'v=1.2.3', '1.2.3+build.5']) assert.equal(npmScheme.compare(v, '1.2.3'), 0, v);
  assert.equal(npmScheme.compare('1.2.3beta', '1.2.3'), -1);
});

void test('rejects what npm rejects', () => {
  for (const bad of ['', '1.2', 'latest', '^1.2.3', '1.2.3.4']) assert.equal(npmScheme.isValid(bad), false, bad);
  assert.throws(() => npmScheme.compare('latest', '1.0.0'), VersionError);
});

void test('agrees with semver.compare on real OSV npm versions (all pairs)', () => {
  assert.ok(REAL.length > 300);
  const parsed = REAL.map((v) => new semver.SemVer(v, { loose: true }));
  const mismatches: string[] = [];
  REAL.forEach((a, i) =>
    REAL.forEach((b, j) => {
      if (npmScheme.compare(a, b) !== parsed[i]!.compare(parsed[j]!)) mismatches.push(`${a} vs ${b}`);
    }),
  );
  assert.deepEqual(mismatches.slice(0, 10), []);
});
