import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dpkgScheme } from './index.ts';
import { VersionError } from '../types.ts';
import { samplePairs } from '../prng.ts';
import { askPeer, hasCommand, shQuote } from '../peer-check.ts';

const REAL = readFileSync(new URL('./fixtures/real-versions.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.length > 0);

// Ascending chains transcribed from Debian Policy 5.6.12 ("~~, ~~a, ~, the empty part, a"; letters
// sort before non-letters; epoch wins over upstream; revision "~" sorts first) and deb-version(7).
const ASCENDING: readonly (readonly string[])[] = [
  ['1.0~~', '1.0~~a', '1.0~', '1.0', '1.0a'],
  ['1.0a', '1.0+', '1.0.', '1.0.1'],
  ['2.0', '1:0.1', '2:0.0.1'],
  ['1.0-1~bpo1', '1.0-1', '1.0-1+deb12u1', '1.0-1.1', '1.0-2'],
  ['1.2.9', '1.2.10', '1.10'],
];

void test('policy orderings hold', () => {
  for (const chain of ASCENDING) {
    for (let i = 0; i + 1 < chain.length; i++) {
      assert.equal(dpkgScheme.compare(chain[i]!, chain[i + 1]!), -1, `${chain[i]} < ${chain[i + 1]}`);
      assert.equal(dpkgScheme.compare(chain[i + 1]!, chain[i]!), 1, `${chain[i + 1]} > ${chain[i]}`);
    }
  }
});

void test('equal forms: missing epoch is 0, leading zeros, missing revision equals -0', () => {
  assert.equal(dpkgScheme.compare('0:1.0', '1.0'), 0);
  assert.equal(dpkgScheme.compare('1.001', '1.1'), 0);
  assert.equal(dpkgScheme.compare('1.0', '1.0-0'), 0);
});

void test('rejects what policy forbids', () => {
  for (const bad of ['', 'a1.0', '1.0-', ':1.0', 'x:1.0', '1:', '1.0 ', '1_0', '1.0-a_b', '1:2:3-a:b']) {
    assert.equal(dpkgScheme.isValid(bad), false, bad);
  }
  assert.throws(() => dpkgScheme.compare('1.0', 'abc'), VersionError);
  assert.equal(dpkgScheme.isValid('1:2:3-1'), true);
});

void test('all committed real versions parse', () => {
  assert.ok(REAL.length > 500);
  for (const v of REAL) assert.ok(dpkgScheme.isValid(v), v);
});

void test('agrees with dpkg --compare-versions on 5000 real pairs', { skip: !hasCommand('dpkg') && 'dpkg not installed' }, async () => {
  const pairs = samplePairs(REAL, 5000, 0x5eed);
  for (const chain of ASCENDING) for (const a of chain) for (const b of chain) pairs.push([a, b]);
  const answers = await askPeer(pairs, ([a, b]) => {
    const qa = shQuote(a);
    const qb = shQuote(b);
    return `if dpkg --compare-versions ${qa} lt ${qb}; then echo -1; elif dpkg --compare-versions ${qa} eq ${qb}; then echo 0; else echo 1; fi`;
  }, Math.max(4, availableParallelism()));
  assert.equal(answers.length, pairs.length);
  const mismatches: string[] = [];
  pairs.forEach(([a, b], i) => {
    const got = dpkgScheme.compare(a, b);
    if (String(got) !== answers[i]) mismatches.push(`${a} vs ${b}: dpkg ${answers[i]}, reins ${got}`);
  });
  assert.deepEqual(mismatches.slice(0, 10), []);
});
