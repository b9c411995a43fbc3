/**
 * walkLayer against the real testbed: the layer dirs `layers/<image>/NN/` (what the testbed packed,
 * markers included) are the ground truth for entries, modes, whiteouts and file contents.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openImage } from './open.ts';
import { resolveImages } from './resolve.ts';
import { TESTBED, testbedImageJson, testbedMissing } from './test-support.ts';
import type { FileMeta, ImageSource, ResolvedImage } from './types.ts';
import { walkLayer } from './walk.ts';

interface DiskTruth {
  entries: Map<string, { type: FileMeta['type']; mode: number; uid: number; gid: number; size: number }>;
  whiteouts: string[];
  opaque: string[];
}

async function readLayerDir(dir: string): Promise<DiskTruth> {
  const truth: DiskTruth = { entries: new Map(), whiteouts: [], opaque: [] };
  async function visit(rel: string): Promise<void> {
    for (const name of await readdir(join(dir, rel))) {
      const path = `${rel}/${name}`;
      const st = await lstat(join(dir, path));
      if (name === '.wh..wh..opq') truth.opaque.push(rel === '' ? '/' : rel);
      else if (name.startsWith('.wh.')) truth.whiteouts.push(`${rel}/${name.slice(4)}`);
      else {
        const type = st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'symlink' : st.isFile() ? 'file' : 'other';
        truth.entries.set(path, { type, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, size: type === 'file' ? st.size : 0 });
      }
      if (st.isDirectory()) await visit(path);
    }
  }
  await visit('');
  return truth;
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

async function open(input: string): Promise<{ src: ImageSource; img: ResolvedImage }> {
  const src = await openImage(input, {});
  const [img] = await resolveImages(src, { kind: 'host' });
  return { src, img: img! };
}

/** Walks `layer` and asserts it equals the layer dir: entries, modes, owners, sizes, markers, and (optionally) contents. */
async function assertLayerMatchesDir(src: ImageSource, layer: ResolvedImage['layers'][number], dir: string, withContents: boolean): Promise<void> {
  const truth = await readLayerDir(dir);
  const contents = new Map<string, string>();
  const r = await walkLayer(src, layer, {
    select: (m) => (withContents && m.size <= 1 << 20 ? { maxBytes: 1 << 20 } : undefined),
    file: (m, c) => {
      contents.set(m.path, sha(c));
    },
  });
  const where = `${src.reference} layer ${layer.index}`;
  assert.deepEqual([...r.whiteouts].sort(), [...truth.whiteouts].sort(), `${where} whiteouts`);
  assert.deepEqual([...r.opaqueDirs].sort(), [...truth.opaque].sort(), `${where} opaque dirs`);
  const walked = new Map(r.entries.map((e) => [e.path, e]));
  assert.deepEqual([...walked.keys()].sort(), [...truth.entries.keys()].sort(), `${where} paths`);
  for (const [path, want] of truth.entries) {
    const got = walked.get(path)!;
    const type = got.type === 'hardlink' ? 'file' : got.type;
    assert.deepEqual({ type, mode: got.mode, uid: got.uid, gid: got.gid, size: got.size }, want, `${path} in ${where}`);
    if (withContents && want.type === 'file' && want.size <= 1 << 20) {
      assert.equal(contents.get(path), sha(await readFile(join(dir, path))), `content of ${path} in ${where}`);
    }
  }
}

void test('layered-tricks: every layer matches its layer dir (entries, modes, whiteouts, opaque dirs, contents)', { skip: testbedMissing('layered-tricks') }, async () => {
  const meta = await testbedImageJson('layered-tricks');
  const { src, img } = await open(`oci:${join(TESTBED, 'images/layered-tricks/oci')}`);
  try {
    assert.equal(img.layers.length, meta.layers.length);
    for (const layer of img.layers) await assertLayerMatchesDir(src, layer, join(TESTBED, meta.layers[layer.index]!.dir), true);
  } finally {
    await src.close();
  }
});

void test('the other testbed images: each own layer matches its layer dir', { skip: testbedMissing('go-bins') }, async () => {
  const images: [string, boolean][] = [['go-bins', true], ['go-bins-mod', true], ['distroless-like', true], ['java-libs', false], ['py-tools', false], ['node-app', false]];
  for (const [image, withContents] of images) {
    if (testbedMissing(image) !== undefined) continue;
    const meta = await testbedImageJson(image);
    const { src, img } = await open(join(TESTBED, 'images', image, 'oci'));
    try {
      for (const layer of img.layers) {
        const dir = meta.layers[layer.index]!.dir;
        if (dir.startsWith('layers/debian-base/')) continue; // covered above
        await assertLayerMatchesDir(src, layer, join(TESTBED, dir), withContents);
      }
    } finally {
      await src.close();
    }
  }
});

void test('layered-tricks: the setuid file, the 18 whiteouts and the opaque config dir of layer B', { skip: testbedMissing('layered-tricks') }, async () => {
  const { src, img } = await open(`oci:${join(TESTBED, 'images/layered-tricks/oci')}`);
  try {
    const a = await walkLayer(src, img.layers[1]!, { select: () => undefined, file: () => undefined });
    assert.equal(a.entries.find((e) => e.path === '/usr/local/bin/find-suid')!.mode & 0o4000, 0o4000);
    const b = await walkLayer(src, img.layers[2]!, { select: () => undefined, file: () => undefined });
    assert.equal(b.whiteouts.length, 18);
    assert.ok(b.whiteouts.includes('/root/.ssh/id_rsa'));
    assert.deepEqual(b.opaqueDirs, ['/opt/webapp/config']);
  } finally {
    await src.close();
  }
});

void test('debian-base: a hard link selected alone gets its target content (perl5.36.0 → perl)', { skip: testbedMissing('debian-base') }, async () => {
  const { src, img } = await open(`oci:${join(TESTBED, 'images/debian-base/oci')}`);
  try {
    const got = new Map<string, Buffer>();
    const r = await walkLayer(src, img.layers[0]!, {
      select: (m) => (m.path === '/usr/bin/perl5.36.0' ? { maxBytes: 64 << 20 } : undefined),
      file: (m, c) => {
        got.set(m.path, c);
      },
    });
    const link = r.entries.find((e) => e.path === '/usr/bin/perl5.36.0')!;
    assert.equal(link.type, 'hardlink');
    assert.equal(link.linkTarget, '/usr/bin/perl');
    const disk = await readFile(join(TESTBED, 'layers/debian-base/00/usr/bin/perl5.36.0'));
    assert.equal(link.size, disk.length);
    assert.equal(sha(got.get('/usr/bin/perl5.36.0')!), sha(disk));
  } finally {
    await src.close();
  }
});

void test('node-app: zstd, gzip and docker-archive layers give the same entries and contents', { skip: testbedMissing('node-app-zstd') ?? testbedMissing('node-app') }, async () => {
  const results: string[] = [];
  for (const input of [
    `oci:${join(TESTBED, 'images/node-app-zstd/oci')}`,
    `oci:${join(TESTBED, 'images/node-app/oci')}`,
    join(TESTBED, 'images/node-app/node-app.docker.tar'),
  ]) {
    const { src, img } = await open(input);
    try {
      const files: string[] = [];
      const r = await walkLayer(src, img.layers[2]!, {
        select: (m) => (m.path.endsWith('/package.json') ? { maxBytes: 1 << 20 } : undefined),
        file: (m, c) => {
          files.push(`${m.path} ${sha(c)}`);
        },
      });
      results.push(JSON.stringify([r.entries.map((e) => `${e.path} ${e.type} ${e.mode} ${e.size}`).sort(), files.sort()]));
      if (input.endsWith('node-app/oci')) {
        const pkg = await readFile(join(TESTBED, 'layers/node-app/02/srv/app/package.json'));
        assert.ok(files.includes(`/srv/app/package.json ${sha(pkg)}`));
      }
    } finally {
      await src.close();
    }
  }
  assert.equal(results[0], results[1]);
  assert.equal(results[1], results[2]);
});
