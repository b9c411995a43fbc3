import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pep440Scheme } from './index.ts';
import { VersionError } from '../types.ts';

const REAL = readFileSync(new URL('./fixtures/real-versions.txt', import.meta.url), 'utf8').split('\n').filter(Boolean);

// Transcribed from PEP 440, "Summary of permitted suffixes and relative ordering"
// (https://peps.python.org/pep-0440/#summary-of-permitted-suffixes-and-relative-ordering).
const ASCENDING = [
  '1.dev0',
  '1.0.dev456',
  '1.0a1',
  '1.0a2.dev456',
  '1.0a12.dev456',
  '1.0a12',
  '1.0b1.dev456',
  '1.0b2',
  '1.0b2.post345.dev456',
  '1.0b2.post345',
  '1.0rc1.dev456',
  '1.0rc1',
  '1.0',
  '1.0+abc.5',
  '1.0+abc.7',
  '1.0+5',
  '1.0.post456.dev34',
  '1.0.post456',
  '1.0.15',
  '1.1.dev1',
];

void test('PEP 440 ordering example', () => {
  for (let i = 0; i < ASCENDING.length; i++) {
    for (let j = 0; j < ASCENDING.length; j++) {
      assert.equal(pep440Scheme.compare(ASCENDING[i]!, ASCENDING[j]!), Math.sign(i - j), `${ASCENDING[i]} vs ${ASCENDING[j]}`);
    }
  }
});

void test('normalisation (PEP 440 "Normalization"): spellings that mean the same version', () => {
  const same: Array<[string, string]> = [
    ['1.0', '1.0.0'],
    ['1.0-alpha1', '1.0a1'],
    ['1.0.c1', '1.0rc1'],
    ['1.0-1', '1.0.post1'],
    ['v1.0', '1.0'],
    ['1!1.0', '1!1.0.0'],
    ['1.0RC1', '1.0rc1'],
  ];
  for (const [a, b] of same) assert.equal(pep440Scheme.compare(a, b), 0, `${a} == ${b}`);
  assert.equal(pep440Scheme.compare('1!0.1', '2.0'), 1);
});

void test('rejects non-PEP 440 strings', () => {
  for (const bad of ['', 'abc', '1.0-beta-2-x', '01220354d389cd05474713f8c982d05c9b17aafb', '1'.repeat(300)]) {
    assert.equal(pep440Scheme.isValid(bad), false, bad);
  }
  assert.throws(() => pep440Scheme.compare('abc', '1.0'), VersionError);
});

void test('every real PyPI OSV version parses', () => {
  for (const v of REAL) assert.ok(pep440Scheme.isValid(v), v);
});
