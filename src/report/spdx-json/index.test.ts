/* eslint-disable @typescript-eslint/no-explicit-any -- the documents under test are untyped JSON, checked by the official schema */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spdxId, spdxJsonFormat } from './index.ts';
import { fixtureReport, fixtureSbomReport } from '../fixtures/report.ts';
import { spdx23Validator } from '../testing/schema.ts';
import { isValidSpdxExpression } from '../license.ts';

const validate = spdx23Validator();

function render(reports = [fixtureSbomReport()]): any {
  return JSON.parse(spdxJsonFormat.render({ reports, color: false }));
}

void describe('spdx-json format', () => {
  void it('the validator rejects a broken document (so the checks below can fail)', () => {
    const doc = render();
    delete doc.creationInfo;
    doc.relationships[0].relationshipType = 'LIVES_IN';
    assert.ok(validate(doc).length >= 2);
  });

  void it('validates against the official SPDX 2.3 schema, for an SBOM and for a scan', () => {
    assert.deepEqual(validate(render()), []);
    assert.deepEqual(validate(render([fixtureReport()])), []);
    const arm = fixtureReport();
    arm.artifact.platform = { os: 'linux', architecture: 'arm', variant: 'v7' };
    const multi = render([fixtureReport(), arm]);
    assert.deepEqual(validate(multi), []);
    assert.equal(multi.relationships.filter((r: any) => r.relationshipType === 'DESCRIBES').length, 2);
    assert.equal(new Set(multi.packages.map((p: any) => p.SPDXID)).size, multi.packages.length);
  });

  void it('describes the image with its digest as checksum and an oci purl', () => {
    const doc = render();
    assert.equal(doc.spdxVersion, 'SPDX-2.3');
    assert.equal(doc.dataLicense, 'CC0-1.0');
    assert.equal(doc.creationInfo.created, '2026-11-22T18:00:00Z');
    assert.deepEqual(doc.creationInfo.creators, ['Tool: reins-0.1.0']);
    const image = doc.packages.find((p: any) => p.SPDXID === 'SPDXRef-Image');
    assert.equal(image.primaryPackagePurpose, 'CONTAINER');
    assert.deepEqual(image.checksums, [{ algorithm: 'SHA256', checksumValue: 'd'.repeat(64) }]);
    assert.match(image.externalRefs[0].referenceLocator, /^pkg:oci\/node-app@sha256:d{64}\?/);
    assert.deepEqual(doc.relationships[0], { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: 'SPDXRef-Image' });
    const contained = doc.relationships.filter((r: any) => r.relationshipType === 'CONTAINS').map((r: any) => r.relatedSpdxElement);
    assert.equal(contained.length, 8); // OS + 7 packages
  });

  void it('gives each package a purl ref, valid SPDXIDs and a valid licenseDeclared', () => {
    const doc = render();
    const ids = new Set<string>();
    for (const p of doc.packages) {
      assert.match(p.SPDXID, /^SPDXRef-[A-Za-z0-9.-]+$/);
      assert.ok(!ids.has(p.SPDXID), p.SPDXID);
      ids.add(p.SPDXID);
      assert.ok(p.licenseDeclared === 'NOASSERTION' || isValidSpdxExpression(p.licenseDeclared), p.licenseDeclared);
    }
    const libcap = doc.packages.find((p: any) => p.name === 'libcap2');
    assert.equal(libcap.versionInfo, '1:2.66-4+deb12u3+b1');
    assert.equal(libcap.licenseDeclared, '(BSD-3-Clause OR GPL-2.0-only) AND LicenseRef-public-domain');
    assert.deepEqual(libcap.externalRefs, [
      { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:deb/debian/libcap2@2.66-4+deb12u3+b1?arch=amd64&epoch=1&distro=debian-12.15' },
    ]);
    assert.ok(libcap.annotations.some((a: any) => a.comment === 'reins:layer:index=0'));
    const log4j = doc.packages.find((p: any) => p.name === 'org.apache.logging.log4j:log4j-core');
    assert.equal(log4j.licenseDeclared, 'LicenseRef-Apache-License-Version-2.0');
    const refs = doc.hasExtractedLicensingInfos.map((l: any) => l.licenseId);
    assert.deepEqual(refs.sort(), ['LicenseRef-Apache-License-Version-2.0', 'LicenseRef-public-domain']);
    assert.equal(doc.packages.find((p: any) => p.name === 'golang.org/x/net').licenseDeclared, 'NOASSERTION');
  });

  void it('sanitizes SPDXIDs', () => {
    assert.equal(spdxId('Package', 'npm', '@babel/traverse', 'ab12'), 'SPDXRef-Package-npm-babel-traverse-ab12');
    assert.equal(spdxId('linux/arm/v7-Image'), 'SPDXRef-linux-arm-v7-Image');
  });
});
