import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rubygemsScheme } from './index.ts';
import { VersionError } from '../types.ts';

// Transcribed from RubyGems' own test/rubygems/test_gem_version.rb (rubygems/rubygems):
// test_spaceship, test_semver and test_equals2. [a, b, expected a <=> b].
const SPACESHIP: ReadonlyArray<readonly [string, string, number]> = [
  ['1.0', '1.0.0', 0],
  ['1.0', '1.0.a', 1],
  ['1.8.2', '0.0.0', 1],
  ['1.8.2', '1.8.2.a', 1],
  ['1.8.2.b', '1.8.2.a', 1],
  ['1.8.2.a', '1.8.2', -1],
  ['1.8.2.a10', '1.8.2.a9', 1],
  ['0.beta.1', '0.0.beta.1', 0],
  ['0.0.beta', '0.0.beta.1', -1],
  ['0.0.beta', '0.beta.1', -1],
  ['5.a', '5.0.0.rc2', -1],
  ['5.x', '5.0.0.rc2', 1],
  ['1.9.3', '1.9.3', 0],
  ['1.9.3', '1.9.2.99', 1],
  ['1.9.3', '1.9.3.1', -1],
  ['1.0.0-alpha', '1.0.0-alpha.1', -1],
  ['1.0.0-alpha.1', '1.0.0-beta.2', -1],
  ['1.0.0-beta.2', '1.0.0-beta.11', -1],
  ['1.0.0-beta.11', '1.0.0-rc.1', -1],
  ['1.0.0-rc1', '1.0.0', -1],
  ['1.2.b1', '1.2.b.1', 0],
  ['1.2', '1.3', -1],
];

void test('agrees with RubyGems test_gem_version.rb', () => {
  for (const [a, b, want] of SPACESHIP) {
    assert.equal(rubygemsScheme.compare(a, b), want, `${a} <=> ${b}`);
    assert.equal(rubygemsScheme.compare(b, a), want === 0 ? 0 : -want, `${b} <=> ${a}`);
  }
});

void test('rejects malformed version strings (test_initialize_bad and the pattern)', () => {
  for (const bad of ['junk', '1.0\n2.0', '1..2', '1.2\\ 3.4', '', ' 1.0', '1.0+build', '-1']) {
    assert.equal(rubygemsScheme.isValid(bad), false, JSON.stringify(bad));
  }
  assert.throws(() => rubygemsScheme.compare('junk', '1.0'), VersionError);
});
