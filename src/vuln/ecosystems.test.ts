import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Package, PackageType } from '../catalog/types.ts';
import { schemeForEcosystem } from '../version/ecosystems.ts';
import { ecosystemQuery, normalizeName } from './ecosystems.ts';

const LAYER = { index: 0, digest: 'sha256:0', diffId: 'sha256:0', origin: 'base' } as const;

function pkg(type: PackageType, name: string, version: string, extra: Partial<Package> = {}): Package {
  return { id: name, type, name, version, purl: '', licenses: [], foundBy: 't', locations: [], layer: LAYER, origin: 'base', ...extra };
}

// Ecosystem names from the OSV schema's list of defined ecosystems (https://ossf.github.io/osv-schema/#defined-ecosystems).
void describe('ecosystemQuery', () => {
  void test('Debian: source package and source version, Debian:<major> from VERSION_ID', () => {
    const q = ecosystemQuery(pkg('deb', 'libssh2-1', '1.10.0-3+b1', { source: { name: 'libssh2', version: '1.10.0-3' } }), { id: 'debian', versionId: '12' });
    assert.deepEqual(q, { ecosystems: ['Debian:12'], names: ['libssh2'], version: '1.10.0-3', scheme: 'Debian' });
    assert.equal(ecosystemQuery(pkg('deb', 'tar', '1.34'), { id: 'debian', version: '12.15' })?.ecosystems[0], 'Debian:12');
  });

  void test('Ubuntu queries the release and its LTS forms', () => {
    assert.deepEqual(ecosystemQuery(pkg('deb', 'bash', '5.1-6ubuntu1'), { id: 'ubuntu', versionId: '22.04' })?.ecosystems, ['Ubuntu:22.04', 'Ubuntu:22.04:LTS', 'Ubuntu:Pro:22.04:LTS']);
  });

  void test('Alpine by origin, Alpine:v<major.minor>', () => {
    const q = ecosystemQuery(pkg('apk', 'libcrypto3', '3.1.4-r5', { source: { name: 'openssl' } }), { id: 'alpine', versionId: '3.19.1' });
    assert.deepEqual([q?.ecosystems, q?.names], [['Alpine:v3.19'], ['openssl']]);
  });

  void test('rpm: epoch prefixed, source and binary names', () => {
    const q = ecosystemQuery(pkg('rpm', 'libuuid', '2.32.1-42.el8', { epoch: 1, source: { name: 'util-linux' } }), { id: 'rocky', versionId: '8.9' });
    assert.deepEqual(q, { ecosystems: ['Rocky Linux:8'], names: ['util-linux', 'libuuid'], version: '1:2.32.1-42.el8', scheme: 'Rocky Linux' });
  });

  // Formats: the OSV schema's ecosystems.json ("Wolfi", "Chainguard": no release; "Photon OS:3.0";
  // "Mageia:9"; openSUSE and SUSE: the marketing name of os-release's PRETTY_NAME) and records as
  // osv.dev serves them ("Azure Linux:3" with the major version only; SLE 15 base packages under
  // "SUSE:Linux Enterprise Module for Basesystem 15 SP5"). Not checked against a real Wolfi, SUSE,
  // Photon or Azure Linux image here: the testbed has none.
  void test('other distributions: Wolfi, Chainguard, MinimOS, Azure Linux, openSUSE, SLES, Photon OS, Mageia', () => {
    const apk = (id: string): string[] | undefined => ecosystemQuery(pkg('apk', 'libcrypto3', '3.3.0-r0', { source: { name: 'openssl' } }), { id })?.ecosystems;
    // Each is ordered by a version scheme reins has (apk or rpm): no "cannot match" diagnostic.
    for (const id of ['wolfi', 'chainguard', 'minimos']) assert.equal(schemeForEcosystem(ecosystemQuery(pkg('apk', 'x', '1.0-r0'), { id })!.scheme).id, 'apk');
    for (const id of ['azurelinux', 'mariner', 'opensuse-leap', 'opensuse-tumbleweed', 'sles', 'photon', 'mageia']) {
      assert.equal(schemeForEcosystem(ecosystemQuery(pkg('rpm', 'x', '1.0-1'), { id, versionId: '15.5' })!.scheme).id, 'rpm');
    }
    assert.deepEqual(apk('wolfi'), ['Wolfi']);
    assert.deepEqual(apk('chainguard'), ['Chainguard']);
    assert.deepEqual(apk('minimos'), ['MinimOS']);
    assert.deepEqual(ecosystemQuery(pkg('apk', 'libcrypto3', '3.3.0-r0', { source: { name: 'openssl' } }), { id: 'wolfi', versionId: '20230201' })?.names, ['openssl']);
    const rpm = (id: string, versionId?: string): string[] | undefined => ecosystemQuery(pkg('rpm', 'zlib', '1.3.1-1', { source: { name: 'zlib' } }), { id, ...(versionId === undefined ? {} : { versionId }) })?.ecosystems;
    assert.deepEqual(rpm('azurelinux', '3.0'), ['Azure Linux:3']);
    assert.deepEqual(rpm('mariner', '2.0'), ['Azure Linux:2']);
    assert.deepEqual(rpm('opensuse-leap', '15.5'), ['openSUSE:Leap 15.5']);
    assert.deepEqual(rpm('opensuse-leap-micro', '5.5'), ['openSUSE:Leap Micro 5.5']);
    assert.deepEqual(rpm('opensuse-tumbleweed', '20261101'), ['openSUSE:Tumbleweed']);
    assert.deepEqual(rpm('opensuse-tumbleweed'), ['openSUSE:Tumbleweed']);
    assert.deepEqual(rpm('sles', '15.5'), ['SUSE:Linux Enterprise Server 15 SP5', 'SUSE:Linux Enterprise Module for Basesystem 15 SP5', 'SUSE:Linux Enterprise Module for Server Applications 15 SP5']);
    assert.deepEqual(rpm('sles', '15'), ['SUSE:Linux Enterprise Server 15', 'SUSE:Linux Enterprise Module for Basesystem 15', 'SUSE:Linux Enterprise Module for Server Applications 15']);
    assert.deepEqual(rpm('photon', '5.0'), ['Photon OS:5.0']);
    assert.deepEqual(rpm('photon', '3'), ['Photon OS:3.0']);
    assert.deepEqual(rpm('mageia', '9'), ['Mageia:9']);
    // No OSV feed: no query rather than a guessed ecosystem.
    assert.equal(rpm('amzn', '2023'), undefined);
    assert.equal(apk('postmarketos'), undefined);
  });

  void test('language ecosystems: names joined and normalised as the ecosystem spells them', () => {
    assert.deepEqual(ecosystemQuery(pkg('npm', 'core', '7.0.0', { namespace: '@babel' }), undefined)?.names, ['@babel/core']);
    assert.deepEqual(ecosystemQuery(pkg('pypi', 'Zope.Interface', '5.0'), undefined)?.names, ['zope-interface']);
    assert.deepEqual(ecosystemQuery(pkg('maven', 'log4j-core', '2.14.0', { namespace: 'org.apache.logging.log4j' }), undefined)?.names, ['org.apache.logging.log4j:log4j-core']);
    const go = ecosystemQuery(pkg('golang', 'stdlib', 'go1.20.7'), undefined);
    assert.deepEqual([go?.ecosystems, go?.version], [['Go'], '1.20.7']);
    assert.equal(ecosystemQuery(pkg('golang', 'golang.org/x/net', 'v0.17.0'), undefined)?.version, '0.17.0');
    assert.deepEqual(ecosystemQuery(pkg('cargo', 'tokio', '1.0.0'), undefined)?.ecosystems, ['crates.io']);
    assert.equal(ecosystemQuery(pkg('generic', 'x', '1'), undefined), undefined);
  });

  void test('normalizeName: PEP 503 for PyPI only', () => {
    assert.equal(normalizeName('PyPI', 'Foo__Bar.baz'), 'foo-bar-baz');
    assert.equal(normalizeName('npm', 'Foo_Bar'), 'Foo_Bar');
  });
});
