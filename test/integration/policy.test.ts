/**
 * The same policy file and the same scan give the same verdict from the CLI and from the library
 * API (which the server and the admission webhook will call).
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { scannersFor } from '../../src/cli/commands/check.ts';
import { evaluatePolicy, loadPolicy, scanImage } from '../../src/index.ts';
import { importOsv } from '../../src/vuln/index.ts';
import { reins } from '../helpers/cli.ts';
import { SHARED, dockerArchive, skipWithoutTestbed } from '../helpers/testbed.ts';

const skip = skipWithoutTestbed();
const cache = mkdtempSync(join(tmpdir(), 'reins-policy-int-'));
const dbPath = join(cache, 'db', 'reins.db');

before(async () => {
  if (!skip) await importOsv(join(SHARED, 'vulndata', 'osv'), { dbPath });
});

const key = (v: { ruleId: string; subjectId: string }): string => `${v.ruleId} ${v.subjectId}`;

for (const preset of ['default', 'strict', 'cis']) {
  test(`preset:${preset}: CLI and library give the same verdict on node-app`, { skip }, async () => {
    const image = dockerArchive('node-app');
    const cli = await reins(['check', image, '--policy', `preset:${preset}`, '--format', 'json', '--db', dbPath], { REINS_CACHE_DIR: cache });
    assert.ok(cli.code === 0 || cli.code === 1, cli.stderr);
    const fromCli = JSON.parse(cli.stdout).verdict;

    const policy = await loadPolicy(`preset:${preset}`);
    const [report] = await scanImage(image, { scanners: scannersFor(policy), dbPath, cacheDir: join(cache, 'analysis') });
    const fromLib = evaluatePolicy(policy, report!, { gate: 'ci', now: new Date(fromCli.evaluatedAt) });

    assert.equal(cli.code, fromLib.result === 'fail' ? 1 : 0);
    assert.equal(fromCli.result, fromLib.result);
    assert.equal(fromCli.policy.hash, fromLib.policy.hash);
    assert.deepEqual(fromCli.violations.map(key).sort(), fromLib.violations.map(key).sort());
    assert.deepEqual(fromCli.warnings.map(key).sort(), fromLib.warnings.map(key).sort());
    // node-app runs as root (testbed recipe): every preset blocks it.
    assert.equal(fromLib.result, 'fail');
  });
}
