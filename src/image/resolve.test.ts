import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InputError } from '../common/errors.ts';
import { openImage } from './open.ts';
import { hostPlatform } from './platform.ts';
import { resolveImages } from './resolve.ts';
import { compress, describe, makeTar, TESTBED, testbedImageJson, testbedMissing, writeLayout } from './test-support.ts';
import { sha256Digest } from './digest.ts';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
const GZ_LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip';

void test('node-app: OCI layout, OCI archive and docker-archive resolve to the same config and diffIds', { skip: testbedMissing('node-app') }, async () => {
  const meta = await testbedImageJson('node-app');
  const inputs = [`oci:${join(TESTBED, 'images/node-app/oci')}`, join(TESTBED, 'images/node-app/node-app.oci.tar'), `docker-archive:${join(TESTBED, 'images/node-app/node-app.docker.tar')}`];
  const configs = new Set<string>();
  for (const input of inputs) {
    const src = await openImage(input, {});
    try {
      const [img, ...rest] = await resolveImages(src, { kind: 'host' });
      assert.equal(rest.length, 0);
      assert.ok(img);
      assert.deepEqual(img.layers.map((l) => l.diffId), meta.layers.map((l) => l.diff_id), input);
      assert.deepEqual(img.platform, { os: 'linux', architecture: 'amd64' });
      configs.add(img.configDigest);
      if (src.kind === 'docker-archive') {
        assert.equal(img.name, 'node-app');
        assert.equal(img.tag, 'latest');
        assert.deepEqual(img.layers.map((l) => l.descriptor.digest), meta.layers.map((l) => l.diff_id));
        assert.equal(img.manifestDigest, img.configDigest);
      } else {
        assert.equal(img.manifestDigest, meta.top.digest);
        assert.deepEqual(img.layers.map((l) => l.descriptor.digest), meta.layers.map((l) => l.digest));
      }
      // node-app = debian-base (1 layer, ends with CMD ["bash"]) + apt layer + COPY layer.
      assert.deepEqual(img.base, { method: 'history', layerCount: 1 });
      assert.deepEqual(img.layers.map((l) => l.origin), ['base', 'app', 'app']);
      assert.match(img.layers[2]!.createdBy ?? '', /COPY dir:/);
    } finally {
      await src.close();
    }
  }
  assert.equal(configs.size, 1);
});

void test('base boundary on the testbed: debian-base is all base, the apps on it have one base layer', { skip: testbedMissing('layered-tricks') }, async () => {
  const want: Record<string, { method: string; layerCount: number }> = {
    'debian-base': { method: 'none', layerCount: 1 },
    'layered-tricks': { method: 'history', layerCount: 1 },
    'java-libs': { method: 'history', layerCount: 1 },
    'py-tools': { method: 'history', layerCount: 1 },
    'go-bins': { method: 'none', layerCount: 1 },
  };
  for (const [image, base] of Object.entries(want)) {
    if (testbedMissing(image) !== undefined) continue;
    const src = await openImage(join(TESTBED, 'images', image, 'oci'), {});
    const [img] = await resolveImages(src, { kind: 'host' });
    assert.deepEqual(img!.base, base, image);
    await src.close();
  }
});

void test('node-app-multiarch: host → amd64, exact linux/arm64/v8, all → both, missing → E_INPUT_PLATFORM listing both', { skip: testbedMissing('node-app-multiarch') }, async () => {
  const dir = join(TESTBED, 'images/node-app-multiarch/oci');
  // The nested index as written by the testbed, read independently of reins.
  const top = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8'));
  const nested = JSON.parse(await readFile(join(dir, 'blobs/sha256', top.manifests[0].digest.slice(7)), 'utf8'));
  const byArch = new Map<string, string>(nested.manifests.map((m: { platform: { architecture: string }; digest: string }) => [m.platform.architecture, m.digest]));
  const src = await openImage(`oci:${dir}:latest`, {});
  try {
    if (hostPlatform().architecture === 'amd64') {
      const [host] = await resolveImages(src, { kind: 'host' });
      assert.equal(host!.manifestDigest, byArch.get('amd64'));
      assert.equal(host!.indexDigest, top.manifests[0].digest);
    }
    const [arm] = await resolveImages(src, { kind: 'exact', platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } });
    assert.equal(arm!.manifestDigest, byArch.get('arm64'));
    assert.deepEqual(arm!.platform, { os: 'linux', architecture: 'arm64', variant: 'v8' });
    const [armNoVariant] = await resolveImages(src, { kind: 'exact', platform: { os: 'linux', architecture: 'arm64' } });
    assert.equal(armNoVariant!.manifestDigest, byArch.get('arm64'));
    const all = await resolveImages(src, { kind: 'all' });
    assert.deepEqual(all.map((i) => i.platform.architecture).sort(), ['amd64', 'arm64']);
    await assert.rejects(resolveImages(src, { kind: 'exact', platform: { os: 'linux', architecture: 's390x' } }), (err: InputError) => {
      assert.equal(err.code, 'E_INPUT_PLATFORM');
      assert.match(err.message, /linux\/s390x/);
      assert.match(err.message, /linux\/amd64/);
      assert.match(err.message, /linux\/arm64\/v8/);
      return true;
    });
  } finally {
    await src.close();
  }
});

async function tempLayout(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'reins-resolve-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

void test('malformed manifest JSON → E_INPUT_MALFORMED_JSON naming the blob', async () => {
  await tempLayout(async (dir) => {
    const bad = Buffer.from('{"schemaVersion": 2, "config": ');
    const desc = describe(bad, OCI_MANIFEST);
    await writeLayout(dir, [bad], [desc]);
    await assert.rejects(openImage(dir, {}), (err: InputError) => err.code === 'E_INPUT_MALFORMED_JSON' && err.message.includes(desc.digest) && !err.message.includes('\n'));
  });
});

void test('malformed config (architecture is a number) → E_INPUT_MALFORMED_JSON naming the config blob and field', async () => {
  await tempLayout(async (dir) => {
    const config = Buffer.from(JSON.stringify({ architecture: 5, os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }));
    const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: describe(config, OCI_CONFIG), layers: [] }));
    await writeLayout(dir, [config, manifest], [describe(manifest, OCI_MANIFEST)]);
    const src = await openImage(dir, {});
    await assert.rejects(resolveImages(src, { kind: 'host' }), (err: InputError) => err.code === 'E_INPUT_MALFORMED_JSON' && err.message.includes(sha256Digest(config)) && err.message.includes('architecture'));
  });
});

void test('base annotations: layer count from the base manifest found in the same layout', async () => {
  await tempLayout(async (dir) => {
    const l0 = compress(await makeTar([{ name: 'etc/os-release', content: 'ID=debian\n' }]), 'gzip');
    const l1 = compress(await makeTar([{ name: 'app/main.js', content: 'x' }]), 'gzip');
    const t0 = sha256Digest(await makeTar([{ name: 'etc/os-release', content: 'ID=debian\n' }]));
    const t1 = sha256Digest(await makeTar([{ name: 'app/main.js', content: 'x' }]));
    const cfg = (ids: string[]): Buffer => Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: ids } }));
    const baseCfg = cfg([t0]);
    const appCfg = cfg([t0, t1]);
    const baseManifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: describe(baseCfg, OCI_CONFIG), layers: [describe(l0, GZ_LAYER)] }));
    const annotations = { 'org.opencontainers.image.base.name': 'docker.io/library/debian:12', 'org.opencontainers.image.base.digest': sha256Digest(baseManifest) };
    const appManifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: describe(appCfg, OCI_CONFIG), layers: [describe(l0, GZ_LAYER), describe(l1, GZ_LAYER)], annotations }));
    await writeLayout(dir, [l0, l1, baseCfg, appCfg, baseManifest, appManifest], [describe(appManifest, OCI_MANIFEST, { annotations: { 'org.opencontainers.image.ref.name': 'app' } }), describe(baseManifest, OCI_MANIFEST, { annotations: { 'org.opencontainers.image.ref.name': 'base' } })]);
    const src = await openImage(`oci:${dir}:app`, {});
    const [img] = await resolveImages(src, { kind: 'host' });
    assert.deepEqual(img!.base, { name: 'docker.io/library/debian:12', digest: sha256Digest(baseManifest), method: 'annotation', layerCount: 1 });
    assert.deepEqual(img!.layers.map((l) => l.origin), ['base', 'app']);
    // Without a tag the layout's two manifests make index.json the root: both resolve with 'all'.
    const both = await resolveImages(await openImage(dir, {}), { kind: 'all' });
    assert.equal(both.length, 2);
  });
});

void test('attestation manifests in an index are skipped', async () => {
  await tempLayout(async (dir) => {
    const cfg = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }));
    const m = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: describe(cfg, OCI_CONFIG), layers: [] }));
    const index = Buffer.from(JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        describe(m, OCI_MANIFEST, { platform: { os: 'linux', architecture: 'amd64' } }),
        describe(m, OCI_MANIFEST, { platform: { os: 'unknown', architecture: 'unknown' }, annotations: { 'vnd.docker.reference.type': 'attestation-manifest' } }),
      ],
    }));
    await writeLayout(dir, [cfg, m, index], [describe(index, 'application/vnd.oci.image.index.v1+json')]);
    const all = await resolveImages(await openImage(dir, {}), { kind: 'all' });
    assert.deepEqual(all.map((i) => i.platform), [{ os: 'linux', architecture: 'amd64' }]);
  });
});

void test('Docker v2 manifest list (nested in an OCI index) resolves by platform with arm variants', async () => {
  await tempLayout(async (dir) => {
    const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
    const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
    const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';
    const image = (architecture: string, variant?: string): { cfg: Buffer; m: Buffer } => {
      const cfg = Buffer.from(JSON.stringify({ architecture, os: 'linux', ...(variant ? { variant } : {}), rootfs: { type: 'layers', diff_ids: [] }, history: [] }));
      const m = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: DOCKER_MANIFEST, config: describe(cfg, DOCKER_CONFIG), layers: [] }));
      return { cfg, m };
    };
    const v6 = image('arm', 'v6');
    const v7 = image('arm', 'v7');
    const amd = image('amd64');
    const list = Buffer.from(JSON.stringify({
      schemaVersion: 2,
      mediaType: DOCKER_LIST,
      manifests: [
        describe(v6.m, DOCKER_MANIFEST, { platform: { os: 'linux', architecture: 'arm', variant: 'v6' } }),
        describe(v7.m, DOCKER_MANIFEST, { platform: { os: 'linux', architecture: 'arm', variant: 'v7' } }),
        describe(amd.m, DOCKER_MANIFEST, { platform: { os: 'linux', architecture: 'amd64' } }),
      ],
    }));
    await writeLayout(dir, [v6.cfg, v6.m, v7.cfg, v7.m, amd.cfg, amd.m, list], [describe(list, DOCKER_LIST, { annotations: { 'org.opencontainers.image.ref.name': '1.0' } })]);
    const src = await openImage(`oci:${dir}:1.0`, {});
    const [arm7] = await resolveImages(src, { kind: 'exact', platform: { os: 'linux', architecture: 'arm', variant: 'v7' } });
    assert.equal(arm7!.manifestDigest, sha256Digest(v7.m));
    assert.equal(arm7!.indexDigest, sha256Digest(list));
    assert.equal(arm7!.base.method, 'none');
    assert.equal((await resolveImages(src, { kind: 'all' })).length, 3);
  });
});

void test('node-app-multiarch as an OCI archive: same manifests as the layout', { skip: testbedMissing('node-app-multiarch') }, async () => {
  const digests = async (input: string): Promise<string[]> => {
    const src = await openImage(input, {});
    try {
      return (await resolveImages(src, { kind: 'all' })).map((i) => `${i.platform.architecture} ${i.manifestDigest} ${i.configDigest}`);
    } finally {
      await src.close();
    }
  };
  const layout = await digests(join(TESTBED, 'images/node-app-multiarch/oci'));
  assert.equal(layout.length, 2);
  assert.deepEqual(await digests(join(TESTBED, 'images/node-app-multiarch/node-app-multiarch.oci.tar')), layout);
});
