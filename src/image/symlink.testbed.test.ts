/**
 * resolveInRoot against the kernel: every symlink of debian-base resolved by reins (from the layer's
 * tar entries) equals `readlink -f` run inside `chroot rootfs/debian-base` (root only).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { openImage } from './open.ts';
import { resolveImages } from './resolve.ts';
import { resolveInRoot } from './symlink.ts';
import { TESTBED, testbedMissing } from './test-support.ts';
import { walkLayer } from './walk.ts';

const notRoot = process.getuid?.() === 0 ? undefined : 'needs root for chroot';

void test('debian-base: resolveInRoot agrees with readlink -f inside a chroot for every symlink', { skip: testbedMissing('debian-base') ?? notRoot }, async () => {
  const src = await openImage(join(TESTBED, 'images/debian-base/oci'), {});
  const [img] = await resolveImages(src, { kind: 'host' });
  const r = await walkLayer(src, img!.layers[0]!, { select: () => undefined, file: () => undefined });
  await src.close();
  const byPath = new Map(r.entries.map((e) => [e.path, e]));
  const links = r.entries.filter((e) => e.type === 'symlink').map((e) => e.path);
  assert.ok(links.length > 50, `found ${links.length} symlinks`);
  const out = execFileSync('chroot', [join(TESTBED, 'rootfs/debian-base'), '/bin/sh', '-c', 'while IFS= read -r p; do readlink -f "$p" || echo "!"; done'], {
    input: links.join('\n') + '\n',
    encoding: 'utf8',
  }).split('\n');
  let compared = 0;
  links.forEach((path, i) => {
    const want = out[i];
    if (want === undefined || want === '!') return; // readlink -f fails on a missing intermediate directory
    assert.equal(resolveInRoot(path, (p) => byPath.get(p)), want, path);
    compared++;
  });
  assert.ok(compared > 50, `compared ${compared}`);
});
