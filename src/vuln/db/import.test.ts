import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, test } from 'node:test';
import { SCHEMA_VERSION } from './schema.ts';
import { zipSync } from 'fflate';
import { InputError } from '../../common/errors.ts';
import { buildDb } from './build.ts';
import { bodyStart, idOf } from './match-body.ts';
import { exportDb } from './export.ts';
import { importOsv } from './import.ts';
import { defaultDbPath } from './paths.ts';
import { dbStatus, isStale } from './status.ts';
import { openDb } from './store.ts';

const DEBIAN = join(import.meta.dirname, '../../../../shared/vulndata/osv/Debian:12');

void describe('vulnerability database store', () => {
  let dir: string;
  let dbPath: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reins-db-'));
    dbPath = join(dir, 'db', 'reins.db');
    await importOsv(DEBIAN, { dbPath });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  void test('defaultDbPath follows REINS_CACHE_DIR, then XDG_CACHE_HOME, then ~/.cache', () => {
    assert.equal(defaultDbPath({ REINS_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x', HOME: '/h' }), '/c/db/reins.db');
    assert.equal(defaultDbPath({ XDG_CACHE_HOME: '/x', HOME: '/h' }), '/x/reins/db/reins.db');
    assert.equal(defaultDbPath({ HOME: '/h' }), '/h/.cache/reins/db/reins.db');
  });

  void test('imports every real Debian:12 record and indexes by source package', () => {
    const db = openDb(dbPath);
    try {
      assert.ok(db.lookup('Debian:12', 'tar').includes('DEBIAN-CVE-2005-2541'));
      assert.deepEqual(db.lookup('Debian:11', 'tar'), []);
      assert.equal(db.record('DEBIAN-CVE-2005-2541')?.aliases?.[0], 'CVE-2005-2541');
      assert.match(db.record('DEBIAN-CVE-2005-2541')?.details ?? '', /^Debian security tracker: - tar <unfixed>/);
      assert.equal(db.records(['DEBIAN-CVE-2005-2541']).get('DEBIAN-CVE-2005-2541')?.details, undefined);
      const files = readdirSync(DEBIAN).filter((f) => f.endsWith('.json')).length;
      assert.equal(db.snapshot().sources[0]?.records, files);
      assert.match(db.snapshot().contentHash, /^sha256:[0-9a-f]{64}$/);
    } finally {
      db.close();
    }
  });

  void test('missing database: E_DB naming the path and the commands to run', () => {
    const missing = join(dir, 'nope', 'reins.db');
    assert.throws(() => openDb(missing), (err: unknown) => {
      assert.ok(err instanceof InputError);
      assert.equal(err.code, 'E_DB');
      assert.equal(err.message, `no vulnerability database at ${missing}: run \`reins db update\` or \`reins db import PATH\``);
      return true;
    });
  });

  void test('a schema 6 database (one index entry per package and record) is refused with the rebuild advice, and an import rebuilds it', async () => {
    const old = join(dir, 'old', 'reins.db');
    mkdirSync(join(dir, 'old'));
    const db = new DatabaseSync(old);
    db.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('schema_version', '6');
      CREATE TABLE affected (ecosystem TEXT NOT NULL, name TEXT NOT NULL, id TEXT NOT NULL, rec INTEGER NOT NULL, m TEXT NOT NULL,
        PRIMARY KEY (ecosystem, name, id)) WITHOUT ROWID;`);
    db.close();
    assert.equal(SCHEMA_VERSION, 7);
    assert.throws(() => openDb(old), (err: unknown) => {
      assert.ok(err instanceof InputError);
      assert.equal(err.code, 'E_DB');
      assert.equal(err.message, `vulnerability database ${old} has schema version 6, reins needs 7: run \`reins db update\` or \`reins db import PATH\` to rebuild it`);
      return true;
    });
    await importOsv(join(DEBIAN, 'DEBIAN-CVE-2005-2541.json'), { dbPath: old });
    const rebuilt = openDb(old);
    try {
      assert.equal(rebuilt.snapshot().schemaVersion, 7);
      assert.deepEqual(rebuilt.lookup('Debian:12', 'tar'), ['DEBIAN-CVE-2005-2541']);
    } finally {
      rebuilt.close();
    }
  });

  void test('per-package entries follow every build: records added by another source, removed by a re-import, replaced by another source under other packages', async () => {
    const path = join(dir, 'entries', 'reins.db');
    const rec = (id: string, ...names: string[]): object => ({
      id,
      modified: '2026-01-01T00:00:00Z',
      affected: names.map((name) => ({ package: { ecosystem: 'npm', name }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '2.0.0' }] }] })),
    });
    const source = (name: string, records: object[]): string => {
      const d = join(dir, 'entries-src', name);
      rmSync(d, { recursive: true, force: true });
      mkdirSync(d, { recursive: true });
      for (const r of records) writeFileSync(join(d, `${(r as { id: string }).id}.json`), JSON.stringify(r));
      return d;
    };
    /** Ids of the entries matching reads for a package, in order; they must be the index's ids, sorted. */
    const entryIds = (name: string): string[] => {
      const db = openDb(path);
      try {
        const ids: string[] = [];
        db.scanCandidates([{ ecosystem: 'npm', name }], (_key, m) => ids.push(idOf(m, bodyStart(m))));
        assert.deepEqual(ids, [...db.lookup('npm', name)].sort(), `entries of ${name} = index ids`);
        return ids;
      } finally {
        db.close();
      }
    };
    await importOsv(source('a', [rec('GHSA-b', 'left-pad'), rec('GHSA-a', 'left-pad', 'right-pad')]), { dbPath: path, source: 'a' });
    assert.deepEqual(entryIds('left-pad'), ['GHSA-a', 'GHSA-b']);
    assert.deepEqual(entryIds('right-pad'), ['GHSA-a']);
    await importOsv(source('b', [rec('GHSA-c', 'left-pad'), rec('GHSA-d', 'up-pad')]), { dbPath: path, source: 'b' });
    assert.deepEqual(entryIds('left-pad'), ['GHSA-a', 'GHSA-b', 'GHSA-c']);
    assert.deepEqual(entryIds('up-pad'), ['GHSA-d']);
    // Source a re-imported without GHSA-b; GHSA-a now names only right-pad.
    await importOsv(source('a', [rec('GHSA-a', 'right-pad')]), { dbPath: path, source: 'a' });
    assert.deepEqual(entryIds('left-pad'), ['GHSA-c']);
    assert.deepEqual(entryIds('right-pad'), ['GHSA-a']);
    // Source b publishes GHSA-a too, under up-pad only: the newer copy replaces a's entry for right-pad.
    await importOsv(source('b', [rec('GHSA-c', 'left-pad'), rec('GHSA-d', 'up-pad'), rec('GHSA-a', 'up-pad')]), { dbPath: path, source: 'b' });
    assert.deepEqual(entryIds('right-pad'), []);
    assert.deepEqual(entryIds('up-pad'), ['GHSA-a', 'GHSA-d']);
    assert.deepEqual(entryIds('left-pad'), ['GHSA-c']);
    const raw = new DatabaseSync(path, { readOnly: true });
    try {
      // No row is left for a package without entries.
      assert.deepEqual(raw.prepare("SELECT name FROM entries WHERE ecosystem = 'npm' ORDER BY name").all().map((r) => (r as { name: string }).name), ['left-pad', 'up-pad']);
    } finally {
      raw.close();
    }
  });

  void test('malformed records are skipped with a warning naming the file', async () => {
    const src = join(dir, 'mixed');
    mkdirSync(src);
    writeFileSync(join(src, 'good.json'), readFileSync(join(DEBIAN, 'DEBIAN-CVE-2005-2541.json')));
    writeFileSync(join(src, 'broken.json'), '{"id": "X", ');
    writeFileSync(join(src, 'no-id.json'), JSON.stringify({ modified: '2024-01-01T00:00:00Z', affected: [] }));
    writeFileSync(join(src, 'README.md'), 'not a record');
    const s = await importOsv(src, { dbPath: join(dir, 'mixed.db') });
    assert.equal(s.records, 1);
    assert.equal(s.skipped, 2);
    assert.deepEqual(s.diagnostics.map((d) => d.path).sort(), [join(src, 'broken.json'), join(src, 'no-id.json')]);
    assert.ok(s.diagnostics.every((d) => d.code === 'osv-record-invalid' && d.message.includes(d.path!)));
  });

  void test('imports an OSV all.zip', async () => {
    const names = readdirSync(DEBIAN).slice(0, 5);
    const zip = zipSync(Object.fromEntries(names.map((n) => [n, readFileSync(join(DEBIAN, n))])));
    writeFileSync(join(dir, 'all.zip'), zip);
    const s = await importOsv(join(dir, 'all.zip'), { dbPath: join(dir, 'zip.db') });
    assert.equal(s.records, 5);
  });

  void test('a failing import leaves the previous database whole and no temporary file', async () => {
    const before = dbStatus({ dbPath }).contentHash;
    await assert.rejects(
      buildDb(dbPath, (w) => {
        w.clearSource('local:Debian:12');
        w.db.exec('DELETE FROM records');
        throw new Error('source died mid-import');
      }),
      /source died mid-import/,
    );
    const db = openDb(dbPath);
    try {
      assert.ok(db.lookup('Debian:12', 'tar').includes('DEBIAN-CVE-2005-2541'));
      assert.equal(db.snapshot().contentHash, before);
    } finally {
      db.close();
    }
    assert.deepEqual(readdirSync(join(dir, 'db')).filter((f) => f.includes('.tmp-')), []);
  });

  void test('temporary files of a killed build are removed by the next build', async () => {
    const orphan = join(dir, 'db', 'reins.db.tmp-999999999'); // no such pid
    writeFileSync(orphan, 'half-written');
    await buildDb(dbPath, () => undefined);
    assert.equal(existsSync(orphan), false);
  });

  void test('re-importing a source replaces its records rather than duplicating them', async () => {
    const s = await importOsv(DEBIAN, { dbPath });
    const status = dbStatus({ dbPath });
    assert.equal(status.records, s.records);
    assert.equal(status.sources.length, 1);
  });

  void test('databases are written with 64 KiB pages; a file of 4 KiB pages (SQLite default, older reins) is converted by the next build, content kept', async () => {
    const pageSize = (path: string): number => {
      const db = new DatabaseSync(path, { readOnly: true });
      try {
        return (db.prepare('PRAGMA page_size').get() as { page_size: number }).page_size;
      } finally {
        db.close();
      }
    };
    assert.equal(pageSize(dbPath), 65536);
    const small = join(dir, 'small', 'reins.db');
    mkdirSync(join(dir, 'small'));
    const copy = new DatabaseSync(dbPath, { readOnly: true });
    copy.exec('PRAGMA page_size = 4096');
    copy.prepare('VACUUM INTO ?').run(small);
    copy.close();
    assert.equal(pageSize(small), 4096);
    const hash = dbStatus({ dbPath: small }).contentHash;
    await buildDb(small, () => undefined);
    assert.equal(pageSize(small), 65536);
    assert.equal(dbStatus({ dbPath: small }).contentHash, hash);
    const db = openDb(small);
    try {
      assert.ok(db.lookup('Debian:12', 'tar').includes('DEBIAN-CVE-2005-2541'));
    } finally {
      db.close();
    }
  });

  void test('export is a single file that imports elsewhere with the same content hash', async () => {
    const file = join(dir, 'out', 'snapshot.db');
    await exportDb(file, { dbPath });
    const other = join(dir, 'other', 'reins.db');
    const s = await importOsv(file, { dbPath: other });
    assert.equal(s.records, dbStatus({ dbPath }).records);
    assert.equal(dbStatus({ dbPath: other }).contentHash, dbStatus({ dbPath }).contentHash);
    assert.equal(existsSync(`${file}.tmp-${process.pid}`), false);
  });

  void test('status reports counts, size, age; isStale compares the age', () => {
    const now = new Date(Date.now() + 10 * 86_400_000);
    const s = dbStatus({ dbPath, now });
    assert.equal(s.schemaVersion, SCHEMA_VERSION);
    assert.ok(s.sizeBytes > 0);
    assert.ok(s.ageDays > 9.9 && s.ageDays < 10.1);
    assert.equal(isStale(s, 7), true);
    assert.equal(isStale(s, 30), false);
  });

  void test('a non-database .db file is refused with E_DB', async () => {
    const bogus = join(dir, 'bogus.db');
    writeFileSync(bogus, 'SQLite format 3\u0000 but not really');
    await assert.rejects(importOsv(bogus, { dbPath: join(dir, 'b.db') }), (err: unknown) => err instanceof InputError && err.code === 'E_DB');
  });
});
