import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isSbomFile, readSbom } from './index.ts';
import { distroFromQualifier } from './package.ts';
import { InputError } from '../../common/errors.ts';
import { cyclonedxFormat } from '../../report/cyclonedx/index.ts';
import { spdxJsonFormat } from '../../report/spdx-json/index.ts';
import { fixtureReport } from '../../report/fixtures/report.ts';
import type { Package } from '../../catalog/types.ts';

const REFERENCE = resolve(import.meta.dirname, '../../../../shared/testbed/reference/node-app');
let dir = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reins-sbom-input-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, content: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, content);
  return file;
}

/** The fields an SBOM round trip must keep. */
function essentials(p: Package): unknown {
  return {
    purl: p.purl,
    type: p.type,
    namespace: p.namespace,
    name: p.name,
    version: p.version,
    epoch: p.epoch,
    arch: p.arch,
    source: p.source,
    layer: { index: p.layer.index, diffId: p.layer.diffId, origin: p.layer.origin },
    locations: p.locations.map((l) => `${l.path}${l.deleted ? ' (deleted)' : ''}`),
  };
}

void describe('readSbom', () => {
  void it("reads Trivy's real CycloneDX SBOM of node-app: purls, names and versions equal its packages.tsv", async () => {
    const sbom = await readSbom(join(REFERENCE, 'sbom.cdx.json'));
    const tsv = (await readFile(join(REFERENCE, 'packages.tsv'), 'utf8')).trim().split('\n').slice(1);
    const want = tsv.map((l) => {
      const [, name, version, , purl] = l.split('\t');
      return `${purl}\t${name}\t${version}`;
    });
    // reins keeps a dpkg epoch in `version` (as dpkg prints it); Trivy's column and purl carry it apart.
    const got = sbom.packages.map((p) => `${p.purl}\t${p.name}\t${p.version.replace(/^\d+:/, '')}`);
    assert.deepEqual(got.sort(), want.sort());
    assert.deepEqual(sbom.distro, { id: 'debian', versionId: '12', version: '12.15' });
    const bsdutils = sbom.packages.find((p) => p.name === 'bsdutils')!;
    assert.deepEqual([bsdutils.version, bsdutils.epoch, bsdutils.source?.name], ['1:2.38.1-5+deb12u3', 1, 'util-linux']);
    const handlebars = sbom.packages.find((p) => p.name === 'handlebars')!;
    assert.equal(handlebars.locations[0]?.path, '/srv/app/node_modules/handlebars/package.json');
    assert.deepEqual([handlebars.layer.index, handlebars.origin], [2, 'app'], 'layer index from the image diffIDs');
    assert.equal(sbom.artifact?.configDigest, 'sha256:899a272c6bd0a946c8de805d1b012b640f7c4da7341cf918e6009818393151dc');
  });

  void it('reads back what reins writes as CycloneDX and as SPDX', async () => {
    const report = fixtureReport();
    const byPurl = (a: Package, b: Package): number => a.purl.localeCompare(b.purl);
    const want = [...report.packages].sort(byPurl).map(essentials);
    for (const [name, f] of [
      ['bom.cdx.json', cyclonedxFormat],
      ['bom.spdx.json', spdxJsonFormat],
    ] as const) {
      const file = await write(name, f.render({ reports: [report], color: false }));
      const sbom = await readSbom(file);
      assert.deepEqual([...sbom.packages].sort(byPurl).map(essentials), want, name);
      assert.deepEqual(sbom.distro, { id: 'debian', versionId: '12', version: '12.15' }, name);
      assert.equal(sbom.artifact?.manifestDigest, report.artifact.manifestDigest, name);
      assert.equal(sbom.artifact?.tag, '1.4.2', name);
      const log4j = sbom.packages.find((p) => p.name === 'log4j-core')!;
      assert.deepEqual(log4j.licenses, ['Apache License, Version 2.0'], `${name}: LicenseRef turned back into its name`);
    }
  });

  void it('fails clearly, naming the file', async () => {
    const bad = await write('broken.json', '{"bomFormat": "CycloneDX", ');
    await assert.rejects(readSbom(bad), (e: unknown) => e instanceof InputError && e.code === 'E_INPUT_MALFORMED_JSON' && e.message.startsWith(`${bad}: not valid JSON`));
    const other = await write('package.json', '{"name": "x"}');
    await assert.rejects(readSbom(other), (e: unknown) => e instanceof InputError && e.code === 'E_INPUT_UNKNOWN_KIND' && e.message.includes(other));
    const old = await write('old.cdx.json', '{"bomFormat": "CycloneDX", "specVersion": "1.3"}');
    await assert.rejects(readSbom(old), /specVersion 1\.3 is not supported/);
    await assert.rejects(readSbom(join(dir, 'missing.json')), (e: unknown) => e instanceof InputError && e.code === 'E_INPUT_NOT_FOUND');
  });
});

void describe('other tools', () => {
  void it("reads Syft's CycloneDX location properties and Trivy's SPDX annotations", async () => {
    const syft = await write(
      'syft.cdx.json',
      JSON.stringify({
        bomFormat: 'CycloneDX',
        specVersion: '1.5',
        components: [
          {
            type: 'library',
            name: 'zlib1g',
            version: '1:1.2.13.dfsg-1',
            purl: 'pkg:deb/debian/zlib1g@1.2.13.dfsg-1?arch=amd64&upstream=zlib&distro=debian-12&epoch=1',
            licenses: [{ license: { id: 'Zlib' } }],
            properties: [
              { name: 'syft:package:type', value: 'deb' },
              { name: 'syft:location:0:layerID', value: 'sha256:aaaa' },
              { name: 'syft:location:0:path', value: '/var/lib/dpkg/status' },
            ],
          },
          { type: 'operating-system', name: 'debian', version: '12' },
        ],
      }),
    );
    const s = await readSbom(syft);
    assert.deepEqual(essentials(s.packages[0]!), {
      purl: 'pkg:deb/debian/zlib1g@1.2.13.dfsg-1?arch=amd64&upstream=zlib&distro=debian-12&epoch=1',
      type: 'deb',
      namespace: 'debian',
      name: 'zlib1g',
      version: '1:1.2.13.dfsg-1',
      epoch: 1,
      arch: 'amd64',
      source: undefined,
      layer: { index: -1, diffId: 'sha256:aaaa', origin: 'base' },
      locations: ['/var/lib/dpkg/status'],
    });
    assert.deepEqual(s.distro, { id: 'debian', versionId: '12' });
    const trivy = await write(
      'trivy.spdx.json',
      JSON.stringify({
        spdxVersion: 'SPDX-2.3',
        SPDXID: 'SPDXRef-DOCUMENT',
        packages: [
          {
            SPDXID: 'SPDXRef-Package-1',
            name: 'express',
            versionInfo: '4.17.1',
            licenseDeclared: 'MIT',
            externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:npm/express@4.17.1' }],
            annotations: [
              { annotator: 'Tool: trivy', annotationType: 'OTHER', annotationDate: '2026-01-01T00:00:00Z', comment: 'LayerDiffID: sha256:bbbb' },
              { annotator: 'Tool: trivy', annotationType: 'OTHER', annotationDate: '2026-01-01T00:00:00Z', comment: 'FilePath: srv/app/node_modules/express/package.json' },
            ],
          },
        ],
      }),
    );
    const t = await readSbom(trivy);
    assert.deepEqual([t.packages[0]!.layer.diffId, t.packages[0]!.locations[0]?.path, t.packages[0]!.licenses], ['sha256:bbbb', '/srv/app/node_modules/express/package.json', ['MIT']]);
  });
});

void describe('isSbomFile', () => {
  void it('sniffs CycloneDX and SPDX JSON by content, never throwing', async () => {
    assert.equal(await isSbomFile(join(REFERENCE, 'sbom.cdx.json')), true);
    assert.equal(await isSbomFile(await write('s.json', '\n { "spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT" }')), true);
    assert.equal(await isSbomFile(await write('p.json', '{"name": "bomFormat"}')), false);
    assert.equal(await isSbomFile(await write('t.tar', 'ustar\0\0{"bomFormat": "CycloneDX"}')), false);
    assert.equal(await isSbomFile(join(dir, 'missing.json')), false);
    assert.equal(await isSbomFile(dir), false);
  });
});

void describe('distro qualifier', () => {
  void it('splits id and version the way os-release does', () => {
    assert.deepEqual(distroFromQualifier('deb', 'debian-12.15'), { id: 'debian', versionId: '12', version: '12.15' });
    assert.deepEqual(distroFromQualifier('apk', 'alpine-3.19.1'), { id: 'alpine', versionId: '3.19.1' });
    assert.deepEqual(distroFromQualifier('deb', 'ubuntu-22.04'), { id: 'ubuntu', versionId: '22.04' });
    assert.deepEqual(distroFromQualifier('deb', 'bookworm'), { id: 'debian', codename: 'bookworm' });
  });
});
