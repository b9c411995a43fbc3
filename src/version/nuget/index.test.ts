import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nugetScheme } from './index.ts';
import { VersionError } from '../types.ts';

// Transcribed from NuGet.Client's VersionComparerTests (test/NuGet.Core.Tests/NuGet.Versioning.Test):
// VersionComparisonDefaultEqual and VersionComparisonDefaultLess.
const DEFAULT_EQUAL: ReadonlyArray<readonly [string, string]> = [
  ['1.0.0', '1.0.0'],
  ['1.0.0-BETA', '1.0.0-beta'],
  ['1.0.0-BETA+AA', '1.0.0-beta+aa'],
  ['1.0.0-BETA.X.y.5.77.0+AA', '1.0.0-beta.x.y.5.77.0+aa'],
];
const DEFAULT_LESS: ReadonlyArray<readonly [string, string]> = [
  ['0.0.0', '1.0.0'],
  ['1.0.0', '1.1.0'],
  ['1.0.0', '1.0.1'],
  ['1.999.9999', '2.1.1'],
  ['1.0.0-BETA', '1.0.0-beta2'],
  ['1.0.0-beta+AA', '1.0.0+aa'],
  ['1.0.0-BETA', '1.0.0-beta.1+AA'],
  ['1.0.0-BETA.X.y.5.77.0+AA', '1.0.0-beta.x.y.5.79.0+aa'],
  ['1.0.0-BETA.X.y.5.79.0+AA', '1.0.0-beta.x.y.5.790.0+abc'],
];

void test('agrees with NuGet VersionComparer.Default tests', () => {
  for (const [a, b] of DEFAULT_EQUAL) {
    assert.equal(nugetScheme.compare(a, b), 0, `${a} == ${b}`);
    assert.equal(nugetScheme.compare(b, a), 0, `${b} == ${a}`);
  }
  for (const [a, b] of DEFAULT_LESS) {
    assert.equal(nugetScheme.compare(a, b), -1, `${a} < ${b}`);
    assert.equal(nugetScheme.compare(b, a), 1, `${b} > ${a}`);
  }
});

// From the NuGet docs, "Normalized version numbers" and "Semantic Versioning 2.0.0" sections of
// https://learn.microsoft.com/en-us/nuget/concepts/package-versioning.
void test('normalisation: leading zeros, fourth part, metadata', () => {
  assert.equal(nugetScheme.compare('1.00', '1.0.0'), 0);
  assert.equal(nugetScheme.compare('1.01.1', '1.1.1'), 0);
  assert.equal(nugetScheme.compare('1.00.0.1', '1.0.0.1'), 0);
  assert.equal(nugetScheme.compare('1.0.0.0', '1.0.0'), 0);
  assert.equal(nugetScheme.compare('1.0.7+r3456', '1.0.7'), 0);
  assert.equal(nugetScheme.compare('1.0.0.1', '1.0.0'), 1);
  const ladder = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0'];
  for (let i = 0; i + 1 < ladder.length; i++) assert.equal(nugetScheme.compare(ladder[i]!, ladder[i + 1]!), -1, ladder[i]);
});

void test('rejects what NuGet cannot parse', () => {
  for (const bad of ['', 'a', '1.0.0.0.0', '1.0-', '1.0+', '1..0', 'v1.0', '1.0.0-beta..1', ' 1.0']) {
    assert.equal(nugetScheme.isValid(bad), false, bad);
  }
  assert.throws(() => nugetScheme.compare('a', '1.0'), VersionError);
});
