import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../common/errors.ts';
import { VersionError } from './types.ts';
import { compareVersions, ecosystemSchemes, schemeForEcosystem, schemeIdForEcosystem } from './ecosystems.ts';
import { schemes } from './index.ts';

void test('release suffixes are ignored', () => {
  assert.equal(schemeIdForEcosystem('Debian:12'), 'dpkg');
  assert.equal(schemeIdForEcosystem('Debian'), 'dpkg');
  assert.equal(schemeIdForEcosystem('Ubuntu:Pro:22.04:LTS'), 'dpkg');
  assert.equal(schemeIdForEcosystem('Alpine:v3.19'), 'apk');
  assert.equal(schemeIdForEcosystem('Red Hat:enterprise_linux:9'), 'rpm');
  assert.equal(schemeIdForEcosystem('Azure Linux:3'), 'rpm');
  assert.equal(schemeForEcosystem('PyPI'), schemes.pep440);
});

void test('every table row names a registered scheme', () => {
  for (const id of Object.values(ecosystemSchemes)) assert.ok(Object.hasOwn(schemes, id), id);
});

void test('unknown ecosystems throw InputError E_INPUT naming the known ones', () => {
  assert.throws(
    () => schemeForEcosystem('Nope:1'),
    (err: unknown) => err instanceof InputError && err.code === 'E_INPUT' && /unknown ecosystem "Nope:1" \(known: .*Debian/.test(err.message),
  );
  assert.throws(() => compareVersions('Nope', '1', '2'), InputError);
});

void test('compareVersions dispatches to the ecosystem scheme', () => {
  // Real values from shared/vulndata/osv: a Debian security fix, a Go pseudo-version, a PyPI pre-release.
  assert.equal(compareVersions('Debian:12', '1.0.11-1+deb12u2', '1.0.11-1+deb12u3'), -1);
  assert.equal(compareVersions('Go', '0.0.0-20190125002852-4b62a64f59f7', '0.0.1'), -1);
  assert.equal(compareVersions('PyPI', '3.13rc1', '3.13b1'), 1);
  assert.equal(compareVersions('npm', 'v1.2.3', '1.2.3'), 0);
  assert.equal(compareVersions('Alpine:v3.19', '1.2.13-r1', '1.2.3'), 1);
  assert.equal(compareVersions('Red Hat:enterprise_linux:8', '2.32.1-42.el8_8', '2.32.1-42.el8'), 1);
  assert.equal(compareVersions('Maven', '2.0-beta9', '2.0'), -1);
  assert.equal(compareVersions('RubyGems', '7.0.0.rc1', '7.0.0'), -1);
  assert.equal(compareVersions('NuGet', '13.0.1', '13.0.1.0'), 0);
  assert.equal(compareVersions('Packagist', 'v5.4.20', '5.4.20'), 0);
  assert.equal(compareVersions('crates.io', '1.0.0-alpha', '1.0.0'), -1);
  assert.throws(() => compareVersions('Debian', 'not-a-version', '1.0'), VersionError);
});
