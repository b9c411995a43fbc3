// Against the real testbed registries (Debian's docker-registry, pushed by skopeo). Expected
// digests come from skopeo, never from reins. Skipped when the registries are not running.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { InputError } from '../../../common/errors.ts';
import type { OciIndex, OciManifest } from '../../types.ts';
import { openRegistry } from './index.ts';
import { ANON, BASIC, BASIC_PASS, BASIC_USER, hasSkopeo, sha256, skopeoInspect, skopeoRaw, unreachable } from './test-helpers.ts';

const anonSkip = (await unreachable(ANON)) ?? (hasSkopeo() ? undefined : 'skopeo is not installed');
const basicSkip = (await unreachable(BASIC)) ?? (hasSkopeo() ? undefined : 'skopeo is not installed');

async function hashStream(stream: AsyncIterable<Buffer>): Promise<{ digest: string; size: number }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    h.update(chunk);
    size += chunk.length;
  }
  return { digest: `sha256:${h.digest('hex')}`, size };
}

void test('anonymous pull of node-app: manifest digest, config and a layer as skopeo sees them', { skip: anonSkip ?? false }, async () => {
  const raw = skopeoRaw(`${ANON}/node-app:latest`);
  const src = await openRegistry(`${ANON}/node-app:latest`, { insecure: true });
  try {
    assert.equal(src.kind, 'registry');
    assert.equal(src.name, `${ANON}/node-app`);
    assert.equal(src.tag, 'latest');
    const { descriptor, document } = await src.root();
    assert.equal(descriptor.digest, sha256(raw));
    assert.equal(descriptor.size, raw.length);
    assert.equal(descriptor.mediaType, JSON.parse(raw.toString()).mediaType);
    const manifest = document as OciManifest;
    assert.deepEqual(manifest.layers.map((l) => l.digest), skopeoInspect(`${ANON}/node-app:latest`).Layers);

    const config = await src.readBlob(manifest.config);
    assert.equal(sha256(config), manifest.config.digest);
    assert.equal(JSON.parse(config.toString()).rootfs.diff_ids.length, manifest.layers.length);

    const layer = manifest.layers[manifest.layers.length - 1]!;
    assert.deepEqual(await hashStream(await src.openBlob(layer)), { digest: layer.digest, size: layer.size });
  } finally {
    await src.close();
  }
});

void test('pull by digest, and name:tag@digest, verify against the digest asked for', { skip: anonSkip ?? false }, async () => {
  const digest = sha256(skopeoRaw(`${ANON}/node-app:latest`));
  for (const ref of [`${ANON}/node-app@${digest}`, `${ANON}/node-app:whatever@${digest}`]) {
    const src = await openRegistry(ref, { insecure: true });
    assert.equal((await src.root()).descriptor.digest, digest);
    await src.close();
  }
});

void test('multi-arch index: root is the index, a child manifest reads through readBlob', { skip: anonSkip ?? false }, async () => {
  const raw = skopeoRaw(`${ANON}/node-app-multiarch:latest`);
  const expected = JSON.parse(raw.toString()) as OciIndex;
  const src = await openRegistry(`${ANON}/node-app-multiarch`, { insecure: true });
  const { descriptor, document } = await src.root();
  assert.equal(descriptor.digest, sha256(raw));
  assert.equal(descriptor.mediaType, 'application/vnd.oci.image.index.v1+json');
  const arm = (document as OciIndex).manifests.find((m) => m.platform?.architecture === 'arm64');
  assert.ok(arm, 'index lists an arm64 manifest');
  assert.deepEqual(arm, expected.manifests.find((m) => m.platform?.architecture === 'arm64'));
  const child = await src.readBlob(arm);
  assert.equal(sha256(child), arm.digest);
  assert.equal(JSON.parse(child.toString()).config.digest, JSON.parse(skopeoRaw(`${ANON}/node-app-multiarch@${arm.digest}`).toString()).config.digest);
  await src.close();
});

void test('zstd layers stream and verify like any other blob', { skip: anonSkip ?? false }, async () => {
  const src = await openRegistry(`${ANON}/node-app-zstd`, { insecure: true });
  const manifest = (await src.root()).document as OciManifest;
  const zstd = manifest.layers.find((l) => l.mediaType.endsWith('+zstd'));
  assert.ok(zstd, 'a zstd layer');
  assert.deepEqual(await hashStream(await src.openBlob(zstd)), { digest: zstd.digest, size: zstd.size });
  await src.close();
});

void test('unknown tag is E_REGISTRY_NOT_FOUND naming repo:tag', { skip: anonSkip ?? false }, async () => {
  const src = await openRegistry(`${ANON}/node-app:no-such-tag`, { insecure: true });
  await assert.rejects(src.root(), (e: unknown) => e instanceof InputError && e.code === 'E_REGISTRY_NOT_FOUND' && e.message.includes('node-app:no-such-tag'));
});

void test('without insecure, a plain-HTTP registry is not downgraded to', { skip: anonSkip ?? false }, async () => {
  const src = await openRegistry(`${ANON}/node-app`, { retry: { attempts: 1 } });
  await assert.rejects(src.root(), (e: unknown) => e instanceof InputError && e.code === 'E_REGISTRY' && /TLS|insecure/.test(e.message));
});

const noCreds = { env: {}, dockerConfigPath: '/nonexistent/reins-test' };

void test('basic auth on :5001 with ci/ci-secret reads the same image as skopeo', { skip: basicSkip ?? false }, async () => {
  const raw = skopeoRaw(`${BASIC}/node-app:latest`, `${BASIC_USER}:${BASIC_PASS}`);
  const src = await openRegistry(`${BASIC}/node-app`, { ...noCreds, insecure: true, username: BASIC_USER, password: BASIC_PASS });
  const { descriptor, document } = await src.root();
  assert.equal(descriptor.digest, sha256(raw));
  const config = await src.readBlob((document as OciManifest).config);
  assert.equal(sha256(config), (document as OciManifest).config.digest);
  await src.close();
});

void test('basic auth: a wrong password is E_REGISTRY_AUTH naming the registry', { skip: basicSkip ?? false }, async () => {
  const src = await openRegistry(`${BASIC}/node-app`, { ...noCreds, insecure: true, username: BASIC_USER, password: 'wrong' });
  await assert.rejects(src.root(), (e: unknown) => e instanceof InputError && e.code === 'E_REGISTRY_AUTH' && e.message.includes(BASIC) && !e.message.includes('\n'));
});

void test('basic auth: no credentials at all is E_REGISTRY_AUTH saying how to give them', { skip: basicSkip ?? false }, async () => {
  const src = await openRegistry(`${BASIC}/node-app`, { ...noCreds, insecure: true });
  await assert.rejects(src.root(), (e: unknown) => e instanceof InputError && e.code === 'E_REGISTRY_AUTH' && /requires|required/.test(e.message));
});

void test('credentials from env and from a DOCKER_CONFIG dir (auth and username/password forms)', { skip: basicSkip ?? false }, async () => {
  const expected = sha256(skopeoRaw(`${BASIC}/node-app:latest`, `${BASIC_USER}:${BASIC_PASS}`));
  const dir = await mkdtemp(join(tmpdir(), 'reins-docker-config-'));
  try {
    const viaEnv = await openRegistry(`${BASIC}/node-app`, {
      insecure: true,
      env: { REINS_REGISTRY_USERNAME: BASIC_USER, REINS_REGISTRY_PASSWORD: BASIC_PASS, DOCKER_CONFIG: dir },
    });
    assert.equal((await viaEnv.root()).descriptor.digest, expected);

    const auth = Buffer.from(`${BASIC_USER}:${BASIC_PASS}`).toString('base64');
    await writeFile(join(dir, 'config.json'), JSON.stringify({ auths: { [`http://${BASIC}/v2/`]: { auth } } }));
    const viaConfig = await openRegistry(`${BASIC}/node-app`, { insecure: true, env: { DOCKER_CONFIG: dir } });
    assert.equal((await viaConfig.root()).descriptor.digest, expected);

    await writeFile(join(dir, 'config.json'), JSON.stringify({ auths: { [BASIC]: { username: BASIC_USER, password: BASIC_PASS } } }));
    const viaPath = await openRegistry(`${BASIC}/node-app`, { insecure: true, env: {}, dockerConfigPath: join(dir, 'config.json') });
    assert.equal((await viaPath.root()).descriptor.digest, expected);

    // Options come first: a wrong explicit password beats a right config entry.
    const wrong = await openRegistry(`${BASIC}/node-app`, { insecure: true, env: { DOCKER_CONFIG: dir }, username: BASIC_USER, password: 'nope' });
    await assert.rejects(wrong.root(), (e: unknown) => e instanceof InputError && e.code === 'E_REGISTRY_AUTH');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
