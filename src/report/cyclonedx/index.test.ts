/* eslint-disable @typescript-eslint/no-explicit-any -- the documents under test are untyped JSON, checked by the official schema */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cyclonedxFormat } from './index.ts';
import { licensesOf } from './components.ts';
import { fixtureReport, fixtureSbomReport } from '../fixtures/report.ts';
import { cyclonedx16Validator } from '../testing/schema.ts';

const validate = cyclonedx16Validator();

function render(reports = [fixtureReport()]): any {
  return JSON.parse(cyclonedxFormat.render({ reports, color: false }));
}

void describe('cyclonedx format', () => {
  void it('the validator rejects a broken BOM (so the checks below can fail)', () => {
    const bom = render();
    bom.components[0].type = 'not-a-type';
    delete bom.specVersion;
    assert.ok(validate(bom).length >= 2);
  });

  void it('an SBOM without vulnerabilities validates against the official 1.6 schema', () => {
    const bom = render([fixtureSbomReport()]);
    assert.deepEqual(validate(bom), []);
    assert.equal(bom.specVersion, '1.6');
    assert.equal(bom.vulnerabilities, undefined);
    assert.match(bom.serialNumber, /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  void it('describes the image as a container with its digest, and reins as the tool', () => {
    const { metadata } = render();
    assert.equal(metadata.component.type, 'container');
    assert.equal(metadata.component.hashes[0].content, 'd'.repeat(64));
    assert.match(metadata.component.purl, /^pkg:oci\/node-app@sha256:d{64}\?arch=amd64&repository_url=/);
    assert.deepEqual(metadata.tools.components[0], { type: 'application', name: 'reins', version: '0.1.0' });
    assert.equal(metadata.timestamp, '2026-11-22T18:00:00.000Z');
  });

  void it('gives every package a purl, bom-ref, licenses and layer properties', () => {
    const bom = render();
    const libcap = bom.components.find((c: any) => c.name === 'libcap2');
    assert.equal(libcap.version, '1:2.66-4+deb12u3+b1');
    assert.equal(libcap.bomRef ?? libcap['bom-ref'], 'deb:libcap2@1:2.66-4+deb12u3+b1:/var/lib/dpkg/status');
    const prop = (c: any, n: string): string[] => c.properties.filter((p: any) => p.name === n).map((p: any) => p.value);
    assert.deepEqual(prop(libcap, 'reins:layer:index'), ['0']);
    assert.deepEqual(prop(libcap, 'reins:origin'), ['base']);
    assert.deepEqual(prop(libcap, 'reins:source:version'), ['1:2.66-4+deb12u3']);
    const babel = bom.components.find((c: any) => c.name === 'traverse');
    assert.equal(babel.group, '@babel');
    assert.deepEqual(babel.licenses, [{ license: { id: 'MIT' } }]);
    const log4j = bom.components.find((c: any) => c.name === 'log4j-core');
    assert.deepEqual(prop(log4j, 'reins:path'), ['/opt/tools/app.jar!/BOOT-INF/lib/log4j-core-2.14.1.jar (deleted)']);
    assert.equal(bom.components.find((c: any) => c.type === 'operating-system').version, '12.15');
    assert.ok(bom.components.find((c: any) => c.name === 'golang.org/x/net'));
  });

  void it('with findings: vulnerabilities validate, point at components and carry VEX analysis', () => {
    const bom = render();
    assert.deepEqual(validate(bom), []);
    assert.equal(bom.vulnerabilities.length, 3);
    const refs = new Set(bom.components.map((c: any) => c['bom-ref']));
    for (const v of bom.vulnerabilities) for (const a of v.affects) assert.ok(refs.has(a.ref), a.ref);
    const tar = bom.vulnerabilities.find((v: any) => v.id === 'CVE-2023-39804');
    assert.deepEqual(tar.ratings[0], {
      source: { name: 'NVD' },
      score: 5.5,
      severity: 'medium',
      method: 'CVSSv31',
      vector: 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H',
    });
    assert.deepEqual(tar.references.map((r: any) => r.id).sort(), ['DEBIAN-CVE-2023-39804', 'DLA-3755-1']);
    const babel = bom.vulnerabilities.find((v: any) => v.id === 'CVE-2023-45133');
    assert.equal(babel.analysis.state, 'not_affected');
    assert.equal(babel.analysis.justification, 'code_not_reachable');
    assert.equal(bom.vulnerabilities.find((v: any) => v.id === 'CVE-2025-0001').analysis, undefined);
  });

  void it('a policy exception is an accepted risk, not "not affected"', () => {
    const r = fixtureReport();
    r.vulnerabilities![0]!.suppressed = { by: 'exception', id: 'policy.yaml#tar' };
    const bom = render([r]);
    assert.deepEqual(validate(bom), []);
    const tar = bom.vulnerabilities.find((v: any) => v.id === 'CVE-2023-39804');
    assert.deepEqual([tar.analysis.state, tar.analysis.response], ['exploitable', ['will_not_fix']]);
  });

  void it('several platforms nest one container per platform under the index, and validate', () => {
    const arm = fixtureReport();
    arm.artifact.platform = { os: 'linux', architecture: 'arm64', variant: 'v8' };
    const bom = render([fixtureReport(), arm]);
    assert.deepEqual(validate(bom), []);
    assert.equal(bom.components.length, 2);
    assert.equal(bom.components[1].components.length, 8);
    assert.ok(bom.vulnerabilities.every((v: any) => v.affects[0].ref.startsWith('linux/')));
  });

  void it('puts a lone SPDX expression alone, and names what SPDX does not know', () => {
    const one = [...licensesOf(['MIT or Apache-2.0'])];
    assert.equal(one.length, 1);
    const mixed = [...licensesOf(['GPL-2.0-or-later', 'Apache License, Version 2.0'])].map((l) => l.constructor.name);
    assert.deepEqual(mixed, ['SpdxLicense', 'NamedLicense']);
  });
});
