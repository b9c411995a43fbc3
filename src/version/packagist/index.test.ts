import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packagistScheme } from './index.ts';
import { normalizeComposer } from './normalize.ts';
import { phpVersionCompare } from './php-compare.ts';
import { VersionError } from '../types.ts';

// Transcribed from composer/semver tests/VersionParserTest.php: successfulNormalizedVersions and
// failingNormalizedVersions (entries about aliases, `@stability` flags, whitespace padding and
// dev-<branch> names are left out: reins rejects those inputs instead of normalising them).
const NORMALIZED: ReadonlyArray<readonly [string, string]> = [
  ['1.0.0', '1.0.0.0'],
  ['1.2.3.4', '1.2.3.4'],
  ['1.0.0RC1dev', '1.0.0.0-RC1-dev'],
  ['1.0.0-rC15-dev', '1.0.0.0-RC15-dev'],
  ['1.0.0.RC.15-dev', '1.0.0.0-RC15-dev'],
  ['1.0.0-rc1', '1.0.0.0-RC1'],
  ['1.0.0.pl3-dev', '1.0.0.0-patch3-dev'],
  ['1.0-dev', '1.0.0.0-dev'],
  ['0', '0.0.0.0'],
  ['99999', '99999.0.0.0'],
  ['10.4.13-beta', '10.4.13.0-beta'],
  ['10.4.13beta2', '10.4.13.0-beta2'],
  ['10.4.13beta.2', '10.4.13.0-beta2'],
  ['v1.13.11-beta.0', '1.13.11.0-beta0'],
  ['1.13.11.0-beta0', '1.13.11.0-beta0'],
  ['10.4.13-b', '10.4.13.0-beta'],
  ['10.4.13-b5', '10.4.13.0-beta5'],
  ['v1.0.0', '1.0.0.0'],
  ['2010.01', '2010.01.0.0'],
  ['2010.01.02', '2010.01.02.0'],
  ['2010.1.555', '2010.1.555.0'],
  ['2010.10.200', '2010.10.200.0'],
  ['20230131.0.0', '20230131.0.0'],
  ['202301310000.0.0', '202301310000.0.0'],
  ['v20100102', '20100102'],
  ['20100102', '20100102'],
  ['20100102.0', '20100102.0'],
  ['20100102.1.0', '20100102.1.0'],
  ['20100102.0.3', '20100102.0.3'],
  ['100000', '100000'],
  ['2010-01-02-10-20-30.0.3', '2010.01.02.10.20.30.0.3'],
  ['2010-01-02-10-20-30.5', '2010.01.02.10.20.30.5'],
  ['2010-01-02', '2010.01.02'],
  ['2012.06.07', '2012.06.07.0'],
  ['2010-01-02.5', '2010.01.02.5'],
  ['20100102-203040', '20100102.203040'],
  ['20100102.x-dev', '20100102.9999999.9999999.9999999-dev'],
  ['20100102.203040.x-dev', '20100102.203040.9999999.9999999-dev'],
  ['20100102203040-10', '20100102203040.10'],
  ['20100102-203040-p1', '20100102.203040-patch1'],
  ['201903.0', '201903.0'],
  ['201903.x-dev', '201903.9999999.9999999.9999999-dev'],
  ['201903.0-p2', '201903.0-patch2'],
  ['1.x-dev', '1.9999999.9999999.9999999-dev'],
  ['1.0.0-beta.5+foo', '1.0.0.0-beta5'],
  ['1.0.0+foo', '1.0.0.0'],
  ['1.0.0-alpha.3.1+foo', '1.0.0.0-alpha3.1'],
  ['1.0.0-alpha2.1+foo', '1.0.0.0-alpha2.1'],
  ['1.0.0-alpha-2.1-3+foo', '1.0.0.0-alpha2.1-3'],
  ['00.01.03.04', '00.01.03.04'],
  ['000.001.003.004', '000.001.003.004'],
  ['0.000.103.204', '0.000.103.204'],
  ['0700', '0700.0.0.0'],
  ['041.x-dev', '041.9999999.9999999.9999999-dev'],
];
const NOT_NORMALIZABLE = [
  '', 'a', '1.0.0-meh', '1.0.0.0.0', 'feature-foo', '1.0.0+foo bar', '1.0.1-SNAPSHOT', '1.0.0<1.0.5-dev',
  '1.0 .2', '^', '~', '~1', '^1', '1.*', '20100102.0.3.4', '100000.0.0.0', '2023013.0.0', '202301311.0.0',
  '20230131000.0.0', '2023013100000.0.0', 'dev-master',
];

void test('normalises like composer/semver VersionParserTest', () => {
  for (const [input, want] of NORMALIZED) assert.equal(normalizeComposer(input), want, input);
  for (const bad of NOT_NORMALIZABLE) assert.equal(normalizeComposer(bad), undefined, bad);
});

// PHP manual, version_compare(): "any string not found in this list < dev < alpha = a < beta = b <
// RC = rc < # < pl = p", a number counting as "#" (https://www.php.net/manual/en/function.version-compare.php).
void test('PHP version_compare special forms', () => {
  const ladder = ['1.0-foo', '1.0-dev', '1.0-alpha', '1.0-beta', '1.0-RC', '1.0', '1.0.1', '1.0-pl'];
  for (let i = 0; i + 1 < ladder.length; i++) assert.equal(phpVersionCompare(ladder[i]!, ladder[i + 1]!), -1, ladder[i]);
  assert.equal(phpVersionCompare('1.0a', '1.0alpha'), 0);
  assert.equal(phpVersionCompare('1.0b1', '1.0-beta.1'), 0);
  assert.equal(phpVersionCompare('1.0rc1', '1.0.RC.1'), 0);
  assert.equal(phpVersionCompare('5.2', '5.3'), -1);
  assert.equal(phpVersionCompare('1.0.0', '1.0'), 1);
});

// Composer's stability order (https://getcomposer.org/doc/04-schema.md#minimum-stability):
// dev < alpha < beta < RC < stable, and patch releases after the release.
void test('stability ladder over Composer spellings', () => {
  const ladder = ['1.0.0-dev', '1.0.0-alpha1', '1.0.0-a2', '1.0.0-beta1', '1.0.0-b2', '1.0.0-beta10', '1.0.0RC1', '1.0.0-rc2', 'v1.0.0', '1.0.0-p1', '1.0.0.pl2', '1.0.1-dev', '1.0.1'];
  for (let i = 0; i + 1 < ladder.length; i++) assert.equal(packagistScheme.compare(ladder[i]!, ladder[i + 1]!), -1, `${ladder[i]} < ${ladder[i + 1]}`);
  assert.equal(packagistScheme.compare('v1.2.3', '1.2.3.0'), 0);
  assert.equal(packagistScheme.compare('1.2.3+build.7', '1.2.3'), 0);
  assert.throws(() => packagistScheme.compare('dev-master', '1.0.0'), VersionError);
});
