import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mavenScheme } from './index.ts';
import { VersionError } from '../types.ts';

// Transcribed from Maven's own ComparableVersionTest (apache/maven master,
// maven-artifact/src/test/java/org/apache/maven/artifact/versioning/ComparableVersionTest.java, the
// Maven 3.9 rules): VERSIONS_QUALIFIER and VERSIONS_NUMBER are strictly ascending; every pair is checked.
const VERSIONS_QUALIFIER = [
  '1-alpha2snapshot', '1-alpha2', '1-alpha-123', '1-beta-2', '1-beta123', '1-m2', '1-m11', '1-rc', '1-cr2',
  '1-rc123', '1-SNAPSHOT', '1', '1-sp', '1-sp2', '1-sp123', '1-abc', '1-def', '1-pom-1', '1-1-snapshot',
  '1-1', '1-2', '1-123',
];
const VERSIONS_NUMBER = [
  '2.0', '2.0.a', '2-1', '2.0.2', '2.0.123', '2.1.0', '2.1-a', '2.1b', '2.1-c', '2.1-1', '2.1.0.1', '2.2',
  '2.123', '11.a2', '11.a11', '11.b2', '11.b11', '11.m2', '11.m11', '11', '11.a', '11b', '11c', '11m',
];
const EQUAL: ReadonlyArray<readonly [string, string]> = [
  ['1', '1'], ['1', '1.0'], ['1', '1.0.0'], ['1.0', '1.0.0'], ['1', '1-0'], ['1', '1.0-0'], ['1.0', '1.0-0'],
  ['1a', '1-a'], ['1a', '1.0-a'], ['1a', '1.0.0-a'], ['1.0a', '1-a'], ['1.0.0a', '1-a'],
  ['1x', '1-x'], ['1x', '1.0-x'], ['1x', '1.0.0-x'], ['1.0x', '1-x'], ['1.0.0x', '1-x'],
  ['1ga', '1'], ['1release', '1'], ['1final', '1'], ['1cr', '1rc'], ['1preview', '1rc'], ['1ea', '1rc'],
  ['1a1', '1-alpha-1'], ['1b2', '1-beta-2'], ['1m3', '1-milestone-3'],
  ['1X', '1x'], ['1A', '1a'], ['1B', '1b'], ['1M', '1m'], ['1Ga', '1'], ['1GA', '1'], ['1RELEASE', '1'],
  ['1RELeaSE', '1'], ['1Final', '1'], ['1FinaL', '1'], ['1FINAL', '1'], ['1Cr', '1Rc'], ['1cR', '1rC'],
  ['1m3', '1Milestone3'], ['1m3', '1MileStone3'], ['1m3', '1MILESTONE3'],
  ['1-abcdefghijklmnopqrstuvwxyz', '1-ABCDEFGHIJKLMNOPQRSTUVWXYZ'],
  ['0000000000000000001', '1'], ['001', '01'], ['0000000000000000000', '0'],
];
const ORDERED: ReadonlyArray<readonly [string, string]> = [
  ['1', '2'], ['1.5', '2'], ['1', '2.5'], ['1.0', '1.1'], ['1.1', '1.2'], ['1.0.0', '1.1'], ['1.0.1', '1.1'],
  ['1.1', '1.2.0'], ['1.0-alpha-1', '1.0'], ['1.0-alpha-1', '1.0-alpha-2'], ['1.0-alpha-1', '1.0-beta-1'],
  ['1.0-beta-1', '1.0-SNAPSHOT'], ['1.0-SNAPSHOT', '1.0'], ['1.0-alpha-1-SNAPSHOT', '1.0-alpha-1'], ['1.0', '1.0-1'],
  ['1.0-1', '1.0-2'], ['1.0.0', '1.0-1'], ['2.0-1', '2.0.1'], ['2.0.1-klm', '2.0.1-lmn'], ['2.0.1', '2.0.1-xyz'],
  ['2.0.1', '2.0.1-123'], ['2.0.1-xyz', '2.0.1-123'],
  // leading zeroes, MNG-5568, MNG-6572, MNG-6964
  ['0.7', '2'], ['0.2', '1.0.7'], ['6.1.0rc3', '6.1.0'], ['6.1.0rc3', '6.1H.5-beta'], ['6.1.0', '6.1H.5-beta'],
  ['20190126.230843', '1234567890.12345'], ['1234567890.12345', '123456789012345.1H.5-beta'],
  ['123456789012345.1H.5-beta', '12345678901234567890.1H.5-beta'], ['1-0.alpha', '1'], ['1-0.beta', '1'],
  ['1-0.alpha', '1-0.beta'],
];

// MNG-7644: 1.0.0.X1 < 1.0.0-X2, and 2-X == 2.0.X == 2.0.0.X, for these X.
const MNG_7644 = ['abc', 'alpha', 'a', 'beta', 'b', 'def', 'milestone', 'm', 'RC'];

void test('MNG-7644: a dotted qualifier reads like a hyphenated one', () => {
  for (const x of MNG_7644) {
    assert.equal(mavenScheme.compare(`1.0.0.${x}1`, `1.0.0-${x}2`), -1, x);
    assert.equal(mavenScheme.compare(`2-${x}`, `2.0.${x}`), 0, x);
    assert.equal(mavenScheme.compare(`2-${x}`, `2.0.0.${x}`), 0, x);
    assert.equal(mavenScheme.compare(`2.0.${x}`, `2.0.0.${x}`), 0, x);
  }
});

void test('ComparableVersionTest ascending lists (all pairs)', () => {
  for (const list of [VERSIONS_QUALIFIER, VERSIONS_NUMBER]) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        assert.equal(mavenScheme.compare(list[i]!, list[j]!), -1, `${list[i]} < ${list[j]}`);
        assert.equal(mavenScheme.compare(list[j]!, list[i]!), 1, `${list[j]} > ${list[i]}`);
      }
    }
  }
});

void test('ComparableVersionTest equalities and orderings', () => {
  for (const [a, b] of EQUAL) {
    assert.equal(mavenScheme.compare(a, b), 0, `${a} == ${b}`);
    assert.equal(mavenScheme.compare(b, a), 0, `${b} == ${a}`);
  }
  for (const [a, b] of ORDERED) {
    assert.equal(mavenScheme.compare(a, b), -1, `${a} < ${b}`);
    assert.equal(mavenScheme.compare(b, a), 1, `${b} > ${a}`);
  }
});

// The version order specification on maven.apache.org lists "release" with ga/final (Maven 3.9+).
void test('release alias and the qualifier ladder of the POM reference', () => {
  assert.equal(mavenScheme.compare('5.3.18.RELEASE', '5.3.18'), 0);
  const ladder = ['1-alpha', '1-beta', '1-milestone', '1-rc', '1-snapshot', '1', '1-sp'];
  for (let i = 0; i + 1 < ladder.length; i++) assert.equal(mavenScheme.compare(ladder[i]!, ladder[i + 1]!), -1, ladder[i]);
});

void test('rejects strings that are not versions', () => {
  for (const bad of ['', 'latest', '1.0 ', '1.0/2', '\u00e91', '1'.repeat(600)]) assert.equal(mavenScheme.isValid(bad), false, bad);
  assert.throws(() => mavenScheme.compare('latest', '1.0'), VersionError);
});
