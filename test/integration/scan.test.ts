/**
 * The scan pipeline on real images: the per-layer cache (a second image sharing the base reads
 * only its new layers), multi-platform scans reading shared layers once, provenance and
 * base/app marking, and the same answer from every image source.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildSbom, type ProgressEvent } from '../../src/scan/index.ts';
import { dockerArchive, ociArchive, ociLayout, skipWithoutTestbed } from '../helpers/testbed.ts';

const skip = skipWithoutTestbed();

function recorder() {
  const events: ProgressEvent[] = [];
  return { events, onProgress: (e: ProgressEvent) => events.push(e) };
}

test('a second image sharing the base layer reads only its new layers from the cache', { skip }, async () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'reins-layer-cache-'));
  const first = recorder();
  await buildSbom(`oci:${ociLayout('debian-base')}`, { cacheDir, onProgress: first.onProgress });
  assert.deepEqual(first.events.filter((e) => e.kind === 'layer-start').map((e) => e.kind === 'layer-start' && e.cached), [false]);
  const second = recorder();
  const [report] = await buildSbom(`oci:${ociLayout('node-app')}`, { cacheDir, onProgress: second.onProgress });
  const starts = second.events.filter((e) => e.kind === 'layer-start');
  // node-app = debian-base's layer + 2 app layers (testbed recipes/node-app.json).
  const seen = starts.map((e) => (e.kind === 'layer-start' ? [e.index, e.cached] : [])).sort((a, b) => Number(a[0]) - Number(b[0]));
  assert.deepEqual(seen, [[0, true], [1, false], [2, false]]);
  assert.equal(second.events.filter((e) => e.kind === 'layer-bytes' && e.index === 0).length, 0, 'the cached layer is not read');
  // Same answer as without the cache.
  const [cold] = await buildSbom(`oci:${ociLayout('node-app')}`, { cache: false });
  assert.deepEqual(report!.packages.map((p) => p.purl), cold!.packages.map((p) => p.purl));
});

test('--platform all scans every platform of an index and reads shared layers once', { skip }, async () => {
  const rec = recorder();
  const reports = await buildSbom(`oci:${ociLayout('node-app-multiarch')}`, { platform: { kind: 'all' }, cache: false, onProgress: rec.onProgress });
  assert.deepEqual(reports.map((r) => `${r.artifact.platform.os}/${r.artifact.platform.architecture}${r.artifact.platform.variant ? `/${r.artifact.platform.variant}` : ''}`).sort(), ['linux/amd64', 'linux/arm64/v8']);
  // Both platforms share the same 3 layers (testbed README): each is read once.
  assert.equal(rec.events.filter((e) => e.kind === 'layer-start').length, 3);
  assert.deepEqual(reports[0]!.packages.length, reports[1]!.packages.length);
});

test('every source kind gives the same packages with provenance and base/app origin', { skip }, async () => {
  const inputs = [dockerArchive('node-app'), `oci-archive:${ociArchive('node-app')}`, `oci:${ociLayout('node-app')}`];
  const results = await Promise.all(inputs.map((i) => buildSbom(i, { cache: false })));
  const sets = results.map(([r]) => r!.packages.map((p) => p.purl).join('\n'));
  assert.equal(sets[1], sets[0]);
  assert.equal(sets[2], sets[0]);
  const report = results[2]![0]!;
  assert.equal(report.artifact.base.layerCount, 1);
  const express = report.packages.find((p) => p.name === 'express')!;
  assert.equal(express.origin, 'app');
  assert.equal(express.layer.index, 2);
  assert.equal(express.locations[0]!.path, '/srv/app/node_modules/express/package.json');
  assert.match(express.layer.createdBy ?? '', /npm|COPY|app/i);
  const bash = report.packages.find((p) => p.name === 'bash')!;
  assert.equal(bash.origin, 'base');
  assert.equal(bash.layer.index, 0);
});
