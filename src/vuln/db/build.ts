/**
 * @module vuln/db/build
 * Atomic writes to the vulnerability database. Every import or update copies the current file to
 * `reins.db.tmp-<pid>` (or starts an empty one), writes there inside one transaction, and only
 * after COMMIT renames it over `reins.db` (rename(2) is atomic on one filesystem). A failure at any
 * point deletes the temporary file: readers keep seeing the previous database, whole.
 */
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { StatementSync } from 'node:sqlite';
import { RowBatch } from './batch.ts';
import { normalizeName } from '../ecosystems.ts';
import type { OsvRecord } from '../osv/schema.ts';
import { bodyStart, encodeIndexEntry, idOf } from './match-body.ts';
import { ENTRY_SEP, SCHEMA_VERSION, createSchema, storedSchemaVersion } from './schema.ts';

export type SourceKind = 'osv' | 'kev' | 'epss';

export interface SourceInfo {
  kind: SourceKind;
  url?: string;
  etag?: string;
  lastModified?: string;
  records: number;
}

export interface StoredSource {
  name: string;
  kind: SourceKind;
  url?: string;
  etag?: string;
  lastModified?: string;
}

/** Write access handed to the callback of `buildDb`; everything runs in one transaction. */
export class DbWriter {
  readonly db: DatabaseSync;
  readonly #records: RowBatch;
  readonly #affected: RowBatch;
  readonly #aliases: RowBatch;
  /** Index entries written by this build (TEMP `pending`): merged into `entries` by `finish`. */
  readonly #pending: RowBatch;
  readonly #exists: StatementSync;
  /** Ids stored by this writer: a second copy within one import replaces the first one's index entries. */
  readonly #added = new Set<string>();
  /** False while the database holds no records of other sources: then no id can collide. */
  #mayCollide: boolean;

  constructor(db: DatabaseSync) {
    this.db = db;
    this.#records = new RowBatch(db, 'INSERT OR REPLACE INTO records (id, source, modified, withdrawn, body, details)', 6);
    this.#affected = new RowBatch(db, 'INSERT OR IGNORE INTO affected (ecosystem, name, id)', 3);
    // The packages whose `entries` row this build must rebuild, the entries it wrote (OR REPLACE: an
    // id stored twice by one import keeps one entry per package, the newer copy's), and, in `finish`,
    // the entries of the rows it rebuilds.
    db.exec(`
      CREATE TEMP TABLE IF NOT EXISTS touched (ecosystem TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (ecosystem, name)) WITHOUT ROWID;
      CREATE TEMP TABLE IF NOT EXISTS pending (ecosystem TEXT NOT NULL, name TEXT NOT NULL, id TEXT NOT NULL, m TEXT NOT NULL, PRIMARY KEY (ecosystem, name, id)) WITHOUT ROWID;
      CREATE TEMP TABLE IF NOT EXISTS previous (ecosystem TEXT NOT NULL, name TEXT NOT NULL, id TEXT NOT NULL, m TEXT NOT NULL);`);
    this.#pending = new RowBatch(db, 'INSERT OR REPLACE INTO temp.pending (ecosystem, name, id, m)', 4);
    this.#aliases = new RowBatch(db, 'INSERT OR IGNORE INTO aliases (id, alias)', 2);
    this.#exists = db.prepare('SELECT 1 AS x FROM records WHERE id = ?');
    this.#mayCollide = this.#count() > 0;
  }

  #count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM records').get() as { n: number }).n;
  }

  /** Removes every record a source contributed (before re-importing it). */
  clearSource(name: string): void {
    this.flush();
    const ids = 'SELECT id FROM records WHERE source = ?';
    this.db.prepare(`INSERT OR IGNORE INTO temp.touched SELECT ecosystem, name FROM affected WHERE id IN (${ids})`).run(name);
    this.db.prepare(`DELETE FROM temp.pending WHERE id IN (${ids})`).run(name);
    this.db.prepare(`DELETE FROM affected WHERE id IN (${ids})`).run(name);
    this.db.prepare(`DELETE FROM aliases WHERE id IN (${ids})`).run(name);
    this.db.prepare('DELETE FROM records WHERE source = ?').run(name);
    this.#mayCollide = this.#count() > 0;
  }

  /**
   * Stores one validated record; `value` is the JSON as read (all fields kept). Stored uncompressed:
   * per-record zlib calls cost ~0.3 ms each, too slow for 300k records.
   */
  addRecord(source: string, record: OsvRecord, value: Record<string, unknown>): void {
    const { details, ...rest } = value;
    if ((this.#mayCollide && this.#exists.get(record.id)) || this.#added.has(record.id)) {
      // The id was published by another source (or imported twice): the newer copy replaces it, and
      // index entries of the older one for packages the newer one does not name must not remain.
      this.flush();
      this.db.prepare('INSERT OR IGNORE INTO temp.touched SELECT ecosystem, name FROM affected WHERE id = ?').run(record.id);
      this.db.prepare('DELETE FROM temp.pending WHERE id = ?').run(record.id);
      this.db.prepare('DELETE FROM affected WHERE id = ?').run(record.id);
      this.db.prepare('DELETE FROM aliases WHERE id = ?').run(record.id);
    }
    this.#added.add(record.id);
    this.#records.add(record.id, source, record.modified, record.withdrawn ?? null, JSON.stringify(rest), typeof details === 'string' ? details : null);
    for (const alias of new Set(record.aliases ?? [])) this.#aliases.add(record.id, alias);
    if (record.withdrawn) return;
    const entries = new Map<string, { eco: string; name: string; indices: number[] }>();
    const all = record.affected ?? [];
    for (let i = 0; i < all.length; i++) {
      const a = all[i]!;
      if (!a.package) continue;
      const eco = a.package.ecosystem;
      const name = normalizeName(eco, a.package.name);
      const key = `${eco}\u0000${name}`;
      let e = entries.get(key);
      if (e === undefined) entries.set(key, (e = { eco, name, indices: [] }));
      e.indices.push(i);
    }
    for (const e of entries.values()) {
      this.#affected.add(e.eco, e.name, record.id);
      this.#pending.add(e.eco, e.name, record.id, encodeIndexEntry(record, e.indices));
    }
  }

  /** Sends buffered rows to SQLite (called before any read of the tables). */
  flush(): void {
    this.#records.flush();
    this.#affected.flush();
    this.#pending.flush();
    this.#aliases.flush();
  }

  /**
   * Rebuilds the `entries` row of every package this build touched (a record added, replaced or
   * removed under it): the entries written now, plus the previous row's entries whose record is
   * still indexed there and was not rewritten. Called once, after the last record.
   */
  finish(): void {
    this.flush();
    const db = this.db;
    db.exec('INSERT OR IGNORE INTO temp.touched SELECT DISTINCT ecosystem, name FROM temp.pending');
    // Entries of the previous rows that stay: their record is still indexed under the package and
    // this build wrote no newer entry for it (INSERT OR IGNORE keeps the pending one).
    const old = new RowBatch(db, 'INSERT INTO temp.previous (ecosystem, name, id, m)', 4);
    const rows = db.prepare('SELECT e.ecosystem, e.name, e.m FROM entries e JOIN temp.touched t ON t.ecosystem = e.ecosystem AND t.name = e.name');
    rows.setReturnArrays(true);
    for (const [eco, name, m] of rows.iterate() as Iterable<[string, string, string]>) {
      for (const entry of m.split(ENTRY_SEP)) old.add(eco, name, idOf(entry, bodyStart(entry)), entry);
    }
    old.flush();
    db.exec(`
      INSERT OR IGNORE INTO temp.pending (ecosystem, name, id, m)
        SELECT p.ecosystem, p.name, p.id, p.m FROM temp.previous p
        WHERE EXISTS (SELECT 1 FROM affected a WHERE a.ecosystem = p.ecosystem AND a.name = p.name AND a.id = p.id);
      DELETE FROM temp.previous;
      DELETE FROM entries WHERE (ecosystem, name) IN (SELECT ecosystem, name FROM temp.touched);
      INSERT INTO entries (ecosystem, name, m)
        SELECT ecosystem, name, group_concat(m, char(${ENTRY_SEP.charCodeAt(0)}) ORDER BY id) FROM temp.pending GROUP BY ecosystem, name;
      DELETE FROM temp.pending;
      DELETE FROM temp.touched;`);
  }

  setSource(name: string, info: SourceInfo): void {
    this.db
      .prepare(
        'INSERT OR REPLACE INTO sources (name, kind, url, etag, last_modified, updated_at, records) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(name, info.kind, info.url ?? null, info.etag ?? null, info.lastModified ?? null, new Date().toISOString(), info.records);
  }

  /** Marks a source as checked now without changing its data (HTTP 304). */
  touchSource(name: string): void {
    this.db.prepare('UPDATE sources SET updated_at = ? WHERE name = ?').run(new Date().toISOString(), name);
  }
}

function contentHash(db: DatabaseSync): string {
  const hash = createHash('sha256');
  const rows = db.prepare('SELECT id, body, details FROM records ORDER BY id').iterate() as Iterable<{ id: string; body: string; details: string | null }>;
  for (const row of rows) {
    hash.update(row.id).update('\t').update(row.body).update('\t').update(row.details ?? '').update('\n');
  }
  return `sha256:${hash.digest('hex')}`;
}

/**
 * Sources recorded in the database at `dbPath` (empty when it does not exist, is unreadable, or is
 * of another schema version: that file is rebuilt from nothing, so its validators must not turn a
 * download into a 304 that keeps no data).
 */
export function readSources(dbPath: string): StoredSource[] {
  if (!existsSync(dbPath)) return [];
  try {
    const db = new DatabaseSync(dbPath, { readOnly: true });
    try {
      if (storedSchemaVersion(db) !== SCHEMA_VERSION) return [];
      const rows = db.prepare('SELECT name, kind, url, etag, last_modified FROM sources').all() as {
        name: string;
        kind: SourceKind;
        url: string | null;
        etag: string | null;
        last_modified: string | null;
      }[];
      return rows.map((r) => ({
        name: r.name,
        kind: r.kind,
        ...(r.url ? { url: r.url } : {}),
        ...(r.etag ? { etag: r.etag } : {}),
        ...(r.last_modified ? { lastModified: r.last_modified } : {}),
      }));
    } finally {
      db.close();
    }
  } catch {
    return [];
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Deletes temporary files left by builds whose process died (kill -9, power loss). */
function removeOrphans(dbPath: string): void {
  const prefix = `${basename(dbPath)}.tmp-`;
  for (const f of readdirSync(dirname(dbPath))) {
    const pid = f.startsWith(prefix) ? Number(f.slice(prefix.length)) : NaN;
    if (Number.isInteger(pid) && pid !== process.pid && !alive(pid)) rmSync(join(dirname(dbPath), f), { force: true });
  }
}

function startingCopy(dbPath: string, tmp: string): void {
  if (!existsSync(dbPath)) return;
  let version: number | undefined;
  try {
    const old = new DatabaseSync(dbPath, { readOnly: true });
    version = storedSchemaVersion(old);
    old.close();
  } catch {
    version = undefined;
  }
  // A file of another schema (or not SQLite at all) is rebuilt from nothing, never migrated in place.
  if (version === SCHEMA_VERSION) copyFileSync(dbPath, tmp);
}

/**
 * Flushes a finished temporary file to disk before it is renamed in: the build writes with
 * `synchronous = OFF`, so without this a crash soon after the rename could leave a renamed file whose
 * pages never reached the disk, and the kernel would write the whole file back in the background
 * while the next scan reads it (300k-record bench, one A/B: the sync takes ~0.5 s; the median
 * match right after the import was 135 ms without it, 104 ms with it).
 */
export function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Page size of the database file. Matching seeks a few thousand package names in a table whose rows
 * carry the record copies: with 64 KiB pages its B-tree is shallower and a package's row (often
 * several KB) seldom spills to overflow pages. 300k-record bench, schema 6, 6 processes each,
 * interleaved: matching median 104 ms with SQLite's default 4 KiB pages, 99 ms with 64 KiB (16 KiB:
 * 99 ms). The bench's import took 21 s with schema 7 and these pages, 33 s with schema 6 and 4 KiB.
 */
export const PAGE_SIZE = 65536;

/**
 * Runs `fn` against a copy of the database at `dbPath` and atomically replaces the original when
 * `fn` resolves. If `fn` throws, the copy is deleted and the original is untouched.
 */
export async function buildDb<T>(dbPath: string, fn: (w: DbWriter) => T | Promise<T>): Promise<T> {
  mkdirSync(dirname(dbPath), { recursive: true });
  const tmp = `${dbPath}.tmp-${process.pid}`;
  removeOrphans(dbPath);
  rmSync(tmp, { force: true });
  startingCopy(dbPath, tmp);
  const db = new DatabaseSync(tmp);
  try {
    // The temporary file is discarded on any failure, so journaling buys nothing here.
    db.exec('PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;');
    // Takes effect on a new file only; a copied file of other pages is converted after COMMIT below.
    db.exec(`PRAGMA page_size = ${PAGE_SIZE}`);
    createSchema(db);
    db.exec('BEGIN');
    const writer = new DbWriter(db);
    const result = await fn(writer);
    writer.finish();
    const setMeta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    setMeta.run('content_hash', contentHash(db));
    setMeta.run('built_at', new Date().toISOString());
    db.exec('COMMIT');
    if ((db.prepare('PRAGMA page_size').get() as { page_size: number }).page_size !== PAGE_SIZE) db.exec('VACUUM');
    db.close();
    syncFile(tmp);
    renameSync(tmp, dbPath);
    return result;
  } catch (err) {
    if (db.isOpen) {
      if (db.isTransaction) db.exec('ROLLBACK');
      db.close();
    }
    rmSync(tmp, { force: true });
    throw err;
  }
}
