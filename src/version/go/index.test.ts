import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { goScheme } from './index.ts';
import { VersionError } from '../types.ts';

const REAL = readFileSync(new URL('./fixtures/real-versions.txt', import.meta.url), 'utf8').split('\n').filter(Boolean);

// Transcribed from the Go modules reference, "Pseudo-versions" (https://go.dev/ref/mod#pseudo-versions):
// a pseudo-version sorts above its base version and below the next tagged version; later commits
// sort higher; +incompatible is build metadata (https://go.dev/ref/mod#incompatible-versions).
const ASCENDING: readonly (readonly string[])[] = [
  ['v0.0.0-20191109021931-daa7c04131f5', 'v0.0.0-20200109021931-aaa7c04131f5', 'v0.0.0', 'v0.1.0'],
  ['v1.2.3', 'v1.2.4-0.20191109021931-daa7c04131f5', 'v1.2.4-0.20201109021931-0a07c04131f5', 'v1.2.4'],
  ['v1.2.3-pre', 'v1.2.3-pre.0.20191109021931-daa7c04131f5', 'v1.2.3-pre.1', 'v1.2.3'],
  ['v2.0.0+incompatible', 'v2.0.1+incompatible', 'v3.0.0-rc1+incompatible', 'v3.0.0+incompatible'],
];

void test('pseudo-version and +incompatible ordering', () => {
  for (const chain of ASCENDING) {
    for (let i = 0; i + 1 < chain.length; i++) {
      assert.equal(goScheme.compare(chain[i]!, chain[i + 1]!), -1, `${chain[i]} < ${chain[i + 1]}`);
      assert.equal(goScheme.compare(chain[i + 1]!, chain[i]!), 1);
    }
  }
});

void test('v prefix optional, shorthands, build ignored', () => {
  assert.equal(goScheme.compare('1.2.3', 'v1.2.3'), 0);
  assert.equal(goScheme.compare('v2.0.0+incompatible', 'v2.0.0'), 0);
  assert.equal(goScheme.compare('v1', 'v1.0.0'), 0);
  assert.equal(goScheme.compare('v1.2', 'v1.2.0'), 0);
});

void test('rejects what golang.org/x/mod/semver rejects', () => {
  for (const bad of ['', 'v', 'v01.2.3', 'v1.2.3-01', 'v1.2-pre', 'v1.2.3.4', 'v1.2.3-', 'v1.2.3+', 'go1.21rc2', 'vv1.0.0']) {
    assert.equal(goScheme.isValid(bad), false, bad);
  }
  assert.throws(() => goScheme.compare('v1.2.3', 'x'), VersionError);
});

void test('agrees with the semver package on real OSV Go versions, v stripped (all pairs)', () => {
  const full = REAL.filter((v) => semver.valid(v) !== null);
  assert.ok(full.length > 600);
  const parsed = full.map((v) => new semver.SemVer(v));
  const mismatches: string[] = [];
  full.forEach((a, i) =>
    full.forEach((b, j) => {
      if (goScheme.compare(a, b) !== parsed[i]!.compare(parsed[j]!)) mismatches.push(`${a} vs ${b}`);
    }),
  );
  assert.deepEqual(mismatches.slice(0, 10), []);
});
