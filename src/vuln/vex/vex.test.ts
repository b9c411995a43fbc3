import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { VulnFinding } from '../types.ts';
import { applyVex, parseVex } from './index.ts';
import { purlCovers } from './purl.ts';

// Shaped after the OpenVEX v0.2.0 spec's examples (https://github.com/openvex/spec/blob/main/OPENVEX-SPEC.md).
const OPENVEX = {
  '@context': 'https://openvex.dev/ns/v0.2.0',
  '@id': 'https://openvex.dev/docs/example/vex-9fb3463de1b57',
  author: 'Wolfi J Inkinson',
  timestamp: '2023-01-08T18:02:03.647787998-06:00',
  version: 1,
  statements: [
    {
      vulnerability: { name: 'CVE-2014-123456', aliases: ['GHSA-xxxx-yyyy-zzzz'] },
      products: [{ '@id': 'pkg:oci/example@sha256:abc', subcomponents: [{ '@id': 'pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64' }] }],
      status: 'not_affected',
      justification: 'vulnerable_code_not_present',
      impact_statement: 'git is built without the affected code',
    },
    { vulnerability: 'CVE-2023-1111', products: ['pkg:npm/lodash'], status: 'affected' },
  ],
};

// Shaped after CycloneDX 1.5's VEX examples (https://cyclonedx.org/capabilities/vex/).
const CYCLONEDX = {
  bomFormat: 'CycloneDX',
  specVersion: '1.5',
  serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
  version: 1,
  components: [{ 'bom-ref': 'lodash-ref', type: 'library', name: 'lodash', version: '4.17.15', purl: 'pkg:npm/lodash@4.17.15' }],
  vulnerabilities: [
    {
      id: 'CVE-2020-8203',
      references: [{ id: 'GHSA-p6mc-m468-83gw', source: { name: 'GitHub' } }],
      analysis: { state: 'false_positive', justification: 'code_not_reachable', detail: 'zipObjectDeep is never called' },
      affects: [{ ref: 'urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#lodash-ref' }],
    },
    { id: 'CVE-2021-23337', analysis: { state: 'exploitable' }, affects: [{ ref: 'pkg:npm/lodash@4.17.15' }] },
  ],
};

function finding(id: string, aliases: string[], purl: string): VulnFinding {
  return { id, aliases, purl } as unknown as VulnFinding;
}

void describe('VEX', () => {
  void test('OpenVEX: subcomponents are the products, aliases and justification kept', () => {
    const s = parseVex(OPENVEX, 'openvex.json');
    assert.deepEqual(s[0], {
      vulnerability: 'CVE-2014-123456',
      aliases: ['GHSA-xxxx-yyyy-zzzz'],
      products: ['pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64'],
      status: 'not_affected',
      justification: 'vulnerable_code_not_present',
      statement: 'git is built without the affected code',
      document: 'https://openvex.dev/docs/example/vex-9fb3463de1b57',
    });
    assert.deepEqual(s[1]?.products, ['pkg:npm/lodash']);
  });

  void test('CycloneDX: false_positive counts as not_affected; BOM-Link refs resolve to purls', () => {
    const s = parseVex(CYCLONEDX, 'bom.json');
    assert.deepEqual(s.map((x) => [x.vulnerability, x.status, x.products]), [
      ['CVE-2020-8203', 'not_affected', ['pkg:npm/lodash@4.17.15']],
      ['CVE-2021-23337', 'affected', ['pkg:npm/lodash@4.17.15']],
    ]);
    assert.deepEqual(s[0]?.aliases, ['GHSA-p6mc-m468-83gw']);
  });

  void test('purl matching ignores qualifiers; a version-less purl covers every version', () => {
    assert.equal(purlCovers('pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64', 'pkg:apk/wolfi/git@2.39.0-r1?arch=aarch64&distro=wolfi'), true);
    assert.equal(purlCovers('pkg:npm/lodash', 'pkg:npm/lodash@4.17.15'), true);
    assert.equal(purlCovers('pkg:npm/lodash@4.17.21', 'pkg:npm/lodash@4.17.15'), false);
    assert.equal(purlCovers('pkg:npm/lodash', 'pkg:npm/lodash-es@4.17.15'), false);
    assert.equal(purlCovers('pkg:deb/debian/tar@1.34%2Bdfsg-1', 'pkg:deb/debian/tar@1.34+dfsg-1?arch=amd64'), true);
  });

  void test('apply: matched by alias, only not_affected suppresses, the last statement wins', () => {
    const byAlias = finding('CVE-2020-8203', ['GHSA-p6mc-m468-83gw'], 'pkg:npm/lodash@4.17.15');
    const exploitable = finding('CVE-2021-23337', [], 'pkg:npm/lodash@4.17.15');
    const viaGhsa = finding('GHSA-xxxx-yyyy-zzzz', [], 'pkg:apk/wolfi/git@2.39.0-r1');
    applyVex([byAlias, exploitable, viaGhsa], [...parseVex(CYCLONEDX, 'bom.json'), ...parseVex(OPENVEX, 'o.json')]);
    assert.deepEqual(byAlias.suppressed, { by: 'vex', id: 'CVE-2020-8203', justification: 'code_not_reachable', statement: 'zipObjectDeep is never called' });
    assert.equal(exploitable.suppressed, undefined);
    assert.equal(viaGhsa.suppressed?.id, 'CVE-2014-123456');
    const later = finding('CVE-2014-123456', [], 'pkg:apk/wolfi/git@2.39.0-r1');
    const statements = parseVex(OPENVEX, 'o.json');
    applyVex([later], [...statements, { ...statements[0]!, status: 'affected' }]);
    assert.equal(later.suppressed, undefined);
  });

  void test('unknown documents are refused with a one-line reason', () => {
    assert.throws(() => parseVex({ hello: 1 }, 'x.json'), /x\.json: neither an OpenVEX document/);
    assert.throws(() => parseVex({ '@context': 'https://openvex.dev/ns/v0.2.0', statements: [{ status: 'bogus' }] }, 'y.json'), /y\.json: not a valid OpenVEX document/);
  });
});
