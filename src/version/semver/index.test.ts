import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { semverScheme } from './index.ts';
import { VersionError } from '../types.ts';

const REAL = readFileSync(new URL('./fixtures/real-versions.txt', import.meta.url), 'utf8').split('\n').filter(Boolean);

// Transcribed from SemVer 2.0.0 §11 (https://semver.org/spec/v2.0.0.html#spec-item-11).
const ASCENDING = [
  '1.0.0-alpha',
  '1.0.0-alpha.1',
  '1.0.0-alpha.beta',
  '1.0.0-beta',
  '1.0.0-beta.2',
  '1.0.0-beta.11',
  '1.0.0-rc.1',
  '1.0.0',
  '2.0.0',
  '2.1.0',
  '2.1.1',
];

void test('SemVer §11 precedence example', () => {
  for (let i = 0; i + 1 < ASCENDING.length; i++) {
    assert.equal(semverScheme.compare(ASCENDING[i]!, ASCENDING[i + 1]!), -1, `${ASCENDING[i]} < ${ASCENDING[i + 1]}`);
    assert.equal(semverScheme.compare(ASCENDING[i + 1]!, ASCENDING[i]!), 1);
  }
});

void test('build metadata is ignored (§10)', () => {
  assert.equal(semverScheme.compare('1.0.0+20130313144700', '1.0.0'), 0);
  assert.equal(semverScheme.compare('1.0.0-beta+exp.sha.5114f85', '1.0.0-beta'), 0);
});

void test('rejects non-SemVer spellings', () => {
  for (const bad of ['v1.2.3', '=1.2.3', ' 1.2.3', '1.2', '01.2.3', '1.2.3-01', '1.2.3-', '1.2.3+', '']) {
    assert.equal(semverScheme.isValid(bad), false, bad);
  }
  assert.throws(() => semverScheme.compare('1.2', '1.2.0'), VersionError);
});

void test('agrees with the semver package on real npm versions (all pairs)', () => {
  const parsed = REAL.map((v) => new semver.SemVer(v));
  const mismatches: string[] = [];
  REAL.forEach((a, i) =>
    REAL.forEach((b, j) => {
      if (semverScheme.compare(a, b) !== parsed[i]!.compare(parsed[j]!)) mismatches.push(`${a} vs ${b}`);
    }),
  );
  assert.deepEqual(mismatches.slice(0, 10), []);
});
