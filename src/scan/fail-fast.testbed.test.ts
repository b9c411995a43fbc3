/**
 * A scan whose vulnerability database is missing fails with E_DB before it reads the image: it used
 * to read and analyse every layer (3.8 s on big-mixed) and only then say that `reins db update` was
 * needed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { InputError } from '../common/errors.ts';
import { openImage } from '../image/open.ts';
import { TESTBED, countingSource, testbedMissing } from '../image/test-support.ts';
import { scanSource } from './index.ts';

void test('scan: a missing vulnerability database is E_DB before any layer is read; without the vuln scanner the scan runs', { skip: testbedMissing('go-bins') }, async () => {
  const src = await openImage(join(TESTBED, 'images', 'go-bins', 'oci'), {});
  const { source: counting, opens } = countingSource(src);
  const dbPath = join(TESTBED, 'no-such-dir', 'reins.db');
  try {
    await assert.rejects(
      scanSource(counting, { cache: false, dbPath }),
      (err: unknown) => err instanceof InputError && err.code === 'E_DB' && err.message.includes(dbPath),
    );
    assert.equal(opens.size, 0, 'no layer blob was opened');
    const [report] = await scanSource(counting, { cache: false, dbPath, scanners: ['secret'] });
    assert.ok(opens.size > 0 && report!.packages.length > 0);
  } finally {
    await src.close();
  }
});
