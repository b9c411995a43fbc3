import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { SCHEMA_VERSION } from '../../vuln/index.ts';
import { InputError, UsageError } from '../../common/errors.ts';
import { dbCommand } from './db.ts';

const DEBIAN = join(import.meta.dirname, '../../../../shared/vulndata/osv/Debian:12');

async function run(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await dbCommand.run({ argv, stdout, stderr, env });
  return { code, out, err };
}

void describe('reins db', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'reins-cli-db-'));
    env = { REINS_CACHE_DIR: join(dir, 'cache') };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  void test('status before any import: E_DB telling what to run', async () => {
    await assert.rejects(run(['status'], env), (e: unknown) => e instanceof InputError && e.code === 'E_DB' && /reins db update/.test(e.message));
  });

  void test('import PATH writes $REINS_CACHE_DIR/db/reins.db', async () => {
    const r = await run(['import', DEBIAN], env);
    assert.equal(r.code, 0);
    const n = readdirSync(DEBIAN).length;
    assert.match(r.out, new RegExp(`^imported ${n} records from `));
    assert.ok(existsSync(join(dir, 'cache', 'db', 'reins.db')));
  });

  void test('status --format json', async () => {
    const r = await run(['status', '--format', 'json'], env);
    const s = JSON.parse(r.out);
    assert.equal(s.records, readdirSync(DEBIAN).length);
    assert.equal(s.schemaVersion, SCHEMA_VERSION);
    assert.equal(s.sources[0].name, 'local:Debian:12');
  });

  void test('status table names the path and the sources', async () => {
    const r = await run(['status'], env);
    assert.match(r.out, /^database: {2}.*reins\.db/m);
    assert.match(r.out, /local:Debian:12/);
  });

  void test('export FILE, then import FILE into another cache', async () => {
    const file = join(dir, 'snap.db');
    assert.equal((await run(['export', file], env)).code, 0);
    const other = { REINS_CACHE_DIR: join(dir, 'other') };
    assert.equal((await run(['import', file], other)).code, 0);
    const a = JSON.parse((await run(['status', '--format', 'json'], env)).out);
    const b = JSON.parse((await run(['status', '--format', 'json'], other)).out);
    assert.equal(b.contentHash, a.contentHash);
  });

  void test('update --offline keeps the existing database and fetches nothing', async () => {
    const r = await run(['update', '--offline', '--ecosystem', 'Debian', '--base-url', 'http://127.0.0.1:9'], env);
    assert.equal(r.code, 0);
    assert.equal(r.out, 'osv:Debian: offline\n');
  });

  void test('usage errors: unknown flag, unknown subcommand, missing argument, bad format', async () => {
    await assert.rejects(run(['status', '--bogus'], env), (e: unknown) => e instanceof UsageError && e.code === 'E_USAGE_UNKNOWN_FLAG');
    await assert.rejects(run(['frobnicate'], env), (e: unknown) => e instanceof UsageError && /unknown subcommand "frobnicate"/.test(e.message));
    await assert.rejects(run(['import'], env), UsageError);
    await assert.rejects(run([], env), UsageError);
    await assert.rejects(run(['status', '--format', 'xml'], env), (e: unknown) => e instanceof UsageError && e.code === 'E_USAGE_UNKNOWN_FORMAT');
  });
});
