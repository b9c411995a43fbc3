/**
 * "One streaming pass over the layers" on real images: Debian's perl-base ships /usr/bin/perl5.36.0
 * as a hard link to /usr/bin/perl (and bzip2 links bzcat/bunzip2), every executable is judged by
 * the Go and Rust catalogers (and, with secrets on, /usr/bin/perl by the secret scanner too, which
 * skips hard links), and none of them is a Go or Rust binary. Until 2026-11-23 each such
 * link sent its layer through a second full pass (decompress + parse again): big-mixed OCI took
 * ~4.7 s instead of ~2.9 s. Each layer blob must be opened exactly once.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { openImage } from '../image/open.ts';
import { TESTBED, countingSource, testbedMissing } from '../image/test-support.ts';
import { scanSource } from './index.ts';

for (const [image, scanners] of [['debian-base', []], ['debian-base', ['secret']], ['big-mixed', ['secret']]] as const) {
  void test(`${image} (${scanners.length ? scanners.join('+') : 'sbom'}): every layer blob is read once (and perl-base, whose layer holds the links, is still found)`, { skip: testbedMissing(image) }, async () => {
    const src = await openImage(join(TESTBED, 'images', image, 'oci'), {});
    const { source: counting, opens } = countingSource(src);
    try {
      const [report] = await scanSource(counting, { scanners: [...scanners], cache: false });
      assert.ok(opens.size >= 1);
      for (const [digest, n] of opens) assert.equal(n, 1, `${image}: blob ${digest} opened ${n} times`);
      const perl = report!.packages.find((p) => p.name === 'perl-base');
      assert.ok(perl, `${image}: perl-base is listed (dpkg), so the layer holding the links was read`);
    } finally {
      await src.close();
    }
  });
}
