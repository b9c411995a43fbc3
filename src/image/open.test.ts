import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { InputError } from '../common/errors.ts';
import { IntegrityError } from '../common/errors.ts';
import { openImage } from './open.ts';
import { TESTBED, testbedImageJson, testbedMissing } from './test-support.ts';

const IMG = join(TESTBED, 'images');

async function withTemp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'reins-open-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

void test('bare paths are recognised by content, transports by prefix', { skip: testbedMissing('node-app') }, async () => {
  const cases: [string, string][] = [
    [join(IMG, 'node-app/oci'), 'oci-layout'],
    [join(IMG, 'node-app/node-app.oci.tar'), 'oci-archive'],
    [join(IMG, 'node-app/node-app.docker.tar'), 'docker-archive'],
    [`oci:${join(IMG, 'node-app/oci')}:latest`, 'oci-layout'],
    [`oci-archive:${join(IMG, 'node-app/node-app.oci.tar')}`, 'oci-archive'],
    [`docker-archive:${join(IMG, 'node-app/node-app.docker.tar')}:node-app:latest`, 'docker-archive'],
  ];
  for (const [input, kind] of cases) {
    const src = await openImage(input, {});
    assert.equal(src.kind, kind, input);
    assert.equal(src.tag, 'latest', input);
    await src.close();
  }
  // A renamed archive is still recognised from its content.
  await withTemp(async (dir) => {
    const renamed = join(dir, 'image.bin');
    await cp(join(IMG, 'node-app/node-app.oci.tar'), renamed);
    assert.equal((await openImage(renamed, {})).kind, 'oci-archive');
  });
});

void test('unknown inputs: E_INPUT_UNKNOWN_KIND / E_INPUT_NOT_FOUND with one-line messages', async () => {
  await withTemp(async (dir) => {
    await writeFile(join(dir, 'notes.txt'), 'hello');
    await writeFile(join(dir, 'x.tar.gz'), gzipSync(Buffer.alloc(1024)));
    execFileSync('tar', ['-cf', join(dir, 'plain.tar'), '-C', dir, 'notes.txt']);
    const expect = async (input: string, code: string): Promise<void> => {
      await assert.rejects(openImage(input, {}), (err: InputError) => err.code === code && err.message.includes(input.replace(/^\w+(-\w+)?:/, '')) && !err.message.includes('\n'));
    };
    await expect(join(dir, 'notes.txt'), 'E_INPUT_UNKNOWN_KIND');
    await expect(join(dir, 'x.tar.gz'), 'E_INPUT_UNKNOWN_KIND');
    await expect(join(dir, 'plain.tar'), 'E_INPUT_UNKNOWN_KIND');
    await expect(dir, 'E_INPUT_UNKNOWN_KIND');
    await expect(join(dir, 'missing.tar'), 'E_INPUT_NOT_FOUND');
    await expect(`oci:${join(dir, 'missing')}`, 'E_INPUT_NOT_FOUND');
  });
});

void test('oci layout: unknown tag lists the ref names', { skip: testbedMissing('node-app') }, async () => {
  await assert.rejects(openImage(`oci:${join(IMG, 'node-app/oci')}:nope`, {}), (err: InputError) => err.code === 'E_INPUT_NOT_FOUND' && /nope/.test(err.message) && /latest/.test(err.message));
});

void test('oci archive serves the same blob bytes as the layout (byte ranges of the outer tar)', { skip: testbedMissing('node-app') }, async () => {
  const meta = await testbedImageJson('node-app');
  const src = await openImage(join(IMG, 'node-app/node-app.oci.tar'), {});
  try {
    const manifest = await src.readBlob(meta.top);
    assert.deepEqual(manifest, await readFile(join(IMG, 'node-app/oci/blobs/sha256', meta.top.digest.slice(7))));
    const layer = meta.layers[2]!;
    let n = 0;
    for await (const c of await src.openBlob(layer)) n += (c as Buffer).length;
    assert.equal(n, layer.size);
  } finally {
    await src.close();
  }
});

void test('digest mismatch: a flipped byte in a copied layout → IntegrityError naming the blob and image', { skip: testbedMissing('layered-tricks') }, async () => {
  const meta = await testbedImageJson('layered-tricks');
  await withTemp(async (dir) => {
    const layout = join(dir, 'oci');
    await cp(join(IMG, 'layered-tricks/oci'), layout, { recursive: true });
    const layer = meta.layers[3]!; // the small ADD layer
    const file = join(layout, 'blobs/sha256', layer.digest.slice(7));
    const bytes = await readFile(file);
    bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0xff;
    await rm(file);
    await writeFile(file, bytes);
    const src = await openImage(layout, {});
    await assert.rejects(src.readBlob(layer), (err: IntegrityError) => err instanceof IntegrityError && err.message.includes(layer.digest) && err.message.includes(layout));
    await assert.rejects(async () => {
      for await (const _ of await src.openBlob(layer)) void _;
    }, (err: IntegrityError) => err instanceof IntegrityError && err.code === 'E_DIGEST_MISMATCH' && err.message.includes(layer.digest));
    // The manifest names a size: a truncated blob fails too.
    await writeFile(file, bytes.subarray(0, 10));
    await assert.rejects(src.readBlob(layer), IntegrityError);
  });
});

void test('docker-archive with several images: picks by REF, refuses without one', { skip: testbedMissing('node-app') }, async () => {
  await withTemp(async (dir) => {
    // Rewrite manifest.json of a copy with two entries (same image under two tags).
    const src = join(IMG, 'node-app/node-app.docker.tar');
    execFileSync('tar', ['-xf', src, '-C', dir]);
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    manifest.push({ ...manifest[0], RepoTags: ['example.com:5000/other:2.0'] });
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
    const out = join(dir, 'two.tar');
    execFileSync('sh', ['-c', `cd ${dir} && tar --format=posix -cf ${out} --exclude=two.tar .`]);
    await assert.rejects(openImage(out, {}), (err: InputError) => err.code === 'E_INPUT_NOT_FOUND' && err.message.includes('node-app:latest') && err.message.includes('example.com:5000/other:2.0'));
    const other = await openImage(`docker-archive:${out}:example.com:5000/other:2.0`, {});
    assert.equal(other.name, 'example.com:5000/other');
    assert.equal(other.tag, '2.0');
  });
});

async function registryUp(): Promise<string | undefined> {
  try {
    const res = await fetch('http://127.0.0.1:5000/v2/', { signal: AbortSignal.timeout(2000) });
    return res.ok ? undefined : 'testbed registry 127.0.0.1:5000 not answering';
  } catch {
    return 'testbed registry 127.0.0.1:5000 not running';
  }
}

void test('docker://REF and a bare REF go to the registry source and give the layout digests', { skip: testbedMissing('node-app') ?? (await registryUp()) }, async () => {
  const meta = await testbedImageJson('node-app');
  for (const input of ['docker://127.0.0.1:5000/node-app:latest', '127.0.0.1:5000/node-app:latest']) {
    const src = await openImage(input, { insecure: true });
    try {
      assert.equal(src.kind, 'registry');
      const root = await src.root();
      assert.equal(root.descriptor.digest, meta.top.digest);
    } finally {
      await src.close();
    }
  }
});
