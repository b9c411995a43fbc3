import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FileMeta, LayerRef } from '../image/types.ts';
import type { LayerAnalysis } from './analysis.ts';
import { mergeLayers } from './merge.ts';
import type { CatalogOutput, CatalogerKind, PackageDraft } from './types.ts';

const refs: LayerRef[] = [0, 1, 2].map((index) => ({ index, digest: `sha256:${index}`, diffId: `sha256:d${index}`, origin: index === 0 ? 'base' : 'app' }));
const kinds = new Map<string, CatalogerKind>([['dpkg', 'os'], ['npm', 'language'], ['os-release', 'os']]);
const file = (path: string): FileMeta => ({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, size: 1 });
const deb = (name: string, version: string): PackageDraft => ({ type: 'deb', name, version, arch: 'amd64' });
const npm = (name: string, version: string, path: string): PackageDraft => ({ type: 'npm', name, version, path });

function layer(diffId: string, files: [string, string, CatalogOutput][], whiteouts: string[] = []): LayerAnalysis {
  return {
    diffId,
    walk: { entries: files.map(([p]) => file(p)), whiteouts, opaqueDirs: [] },
    files: files.map(([path, catalogerId, output]) => ({ path, catalog: [{ catalogerId, output }] })),
    diagnostics: [],
  };
}

const STATUS = '/var/lib/dpkg/status';
const osRelease: [string, string, CatalogOutput] = ['/etc/os-release', 'os-release', { distro: { id: 'debian', versionId: '12', version: '12.15' } }];

test('a package keeps the layer that first installed it; an upgrade moves it; a purge removes it', () => {
  const r = mergeLayers(refs, [
    layer('sha256:d0', [osRelease, [STATUS, 'dpkg', { packages: [deb('tar', '1.34'), deb('less', '590-2'), deb('curl', '7.88.1-10')] }]]),
    layer('sha256:d1', [[STATUS, 'dpkg', { packages: [deb('tar', '1.34'), deb('less', '590-2'), deb('curl', '7.88.1-10+deb12u5')] }]]),
    layer('sha256:d2', [[STATUS, 'dpkg', { packages: [deb('tar', '1.34'), deb('curl', '7.88.1-10+deb12u5')] }]]),
  ], kinds);
  const got = Object.fromEntries(r.packages.map((p) => [p.name, [p.version, p.layer.index, p.origin]]));
  assert.deepEqual(got, { tar: ['1.34', 0, 'base'], curl: ['7.88.1-10+deb12u5', 1, 'app'] });
  assert.equal(r.packages.find((p) => p.name === 'tar')!.purl, 'pkg:deb/debian/tar@1.34?arch=amd64&distro=debian-12.15');
});

test('language packages owned by an OS package are dropped; others are kept with their layer', () => {
  const owned = '/usr/share/nodejs/acorn/package.json';
  const r = mergeLayers(refs, [
    layer('sha256:d0', [osRelease, ['/var/lib/dpkg/info/node-acorn.list', 'dpkg', { ownedFiles: [owned] }], [owned, 'npm', { packages: [npm('acorn', '8.8.1', owned)] }]]),
    layer('sha256:d1', [['/srv/app/node_modules/qs/package.json', 'npm', { packages: [npm('qs', '6.5.2', '/srv/app/node_modules/qs/package.json')] }]]),
    layer('sha256:d2', []),
  ], kinds);
  assert.deepEqual(r.packages.map((p) => `${p.name}@${p.version}:${p.layer.index}`), ['qs@6.5.2:1']);
  assert.ok(r.diagnostics.some((d) => d.code === 'os-owned-language-packages'));
});

test('the same purl at two paths is one package with two locations; a deleted file drops its package', () => {
  const a = '/srv/app/node_modules/qs/package.json';
  const b = '/srv/app/node_modules/body-parser/node_modules/qs/package.json';
  const gone = '/opt/old/node_modules/left-pad/package.json';
  const r = mergeLayers(refs, [
    layer('sha256:d0', [[a, 'npm', { packages: [npm('qs', '6.7.0', a)] }], [gone, 'npm', { packages: [npm('left-pad', '1.3.0', gone)] }]]),
    layer('sha256:d1', [[b, 'npm', { packages: [npm('qs', '6.7.0', b)] }]]),
    layer('sha256:d2', [], ['/opt/old']),
  ], kinds);
  assert.equal(r.packages.length, 1);
  assert.deepEqual(r.packages[0]!.locations.map((l) => [l.path, l.layer.index, l.deleted]), [[a, 0, false], [b, 1, false]]);
  assert.equal(r.packages[0]!.layer.index, 0);
});

test('a deleted copy of an installed package is an extra location marked deleted', () => {
  const old = '/opt/old/node_modules/qs/package.json';
  const live = '/srv/app/node_modules/qs/package.json';
  const r = mergeLayers(refs, [
    layer('sha256:d0', [[old, 'npm', { packages: [npm('qs', '6.7.0', old)] }]]),
    layer('sha256:d1', [[live, 'npm', { packages: [npm('qs', '6.7.0', live)] }]]),
    layer('sha256:d2', [], ['/opt/old']),
  ], kinds);
  assert.deepEqual(r.packages.map((p) => p.locations.map((l) => [l.path, l.layer.index, l.deleted])), [[[live, 1, false], [old, 0, true]]]);
  assert.equal(r.packages[0]!.layer.index, 1, 'the installed copy decides the layer');
});
