/**
 * Accuracy: on every testbed image, reins' package list (type, name, version) equals Trivy's
 * reference list (../shared/testbed/reference/<image>/packages.tsv), except for the differences
 * listed with their reason in fixtures/package-differences.tsv.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Package } from '../../src/catalog/types.ts';
import { fullName } from '../../src/catalog/package-name.ts';
import { versionWithoutEpoch } from '../../src/catalog/purl.ts';
import { buildSbom } from '../../src/scan/index.ts';
import { IMAGES, REFERENCE, dockerArchive, ociLayout, readTsv, skipWithoutTestbed } from '../helpers/testbed.ts';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

/** Trivy's PkgType names for reins' purl types. */
const TRIVY_TYPE: Partial<Record<Package['type'], string>> = {
  deb: 'debian', npm: 'node-pkg', pypi: 'python-pkg', maven: 'jar', golang: 'gobinary',
  apk: 'alpine', rpm: 'redhat', gem: 'gemspec', composer: 'composer', cargo: 'rustbinary', nuget: 'dotnet-core',
};


export function key(type: string, name: string, version: string): string {
  return `${type}\t${name}\t${version}`;
}

const differences = readTsv(join(import.meta.dirname, 'fixtures', 'package-differences.tsv'));

for (const image of IMAGES) {
  test(`packages of ${image} equal Trivy's reference`, { skip: skipWithoutTestbed() }, async () => {
    const input = existsSync(dockerArchive(image)) ? dockerArchive(image) : ociLayout(image);
    const [report] = await buildSbom(input, { cacheDir: mkdtempSync(join(tmpdir(), 'reins-cache-')) });
    const ours = new Set(
      report!.packages
        .filter((p) => TRIVY_TYPE[p.type])
        .map((p) => key(TRIVY_TYPE[p.type]!, fullName(p), p.type === 'deb' || p.type === 'rpm' ? versionWithoutEpoch(p.version) : p.version)),
    );
    // "application" rows are Trivy's entry for the binary file itself, not a package.
    const theirs = new Set(
      readTsv(join(REFERENCE, image, 'packages.tsv'))
        .filter((r) => r.type !== 'application')
        .map((r) => key(r.type!, r.name!, r.version!)),
    );
    const known = differences.filter((d) => d.image === image || d.image === image.replace(/-(zstd|multiarch)$/, ''));
    const expectedExtra = new Set(known.filter((d) => d.direction === 'extra').map((d) => key(d.type!, d.name!, d.version!)));
    const expectedMissing = new Set(known.filter((d) => d.direction === 'missing').map((d) => key(d.type!, d.name!, d.version!)));
    const extra = [...ours].filter((k) => !theirs.has(k) && !expectedExtra.has(k)).sort();
    const missing = [...theirs].filter((k) => !ours.has(k) && !expectedMissing.has(k)).sort();
    assert.deepEqual({ extra, missing }, { extra: [], missing: [] }, `${image}: reins vs Trivy`);
  });
}
