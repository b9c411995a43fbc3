/**
 * @module vuln/db/store
 * Read access to the vulnerability database (`node:sqlite`). Lookups go through prepared
 * statements on the `(ecosystem, name)` index and only candidate records are inflated and parsed,
 * so matching cost grows with the number of packages, not the size of the database.
 */
import { existsSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import type { StatementSync } from 'node:sqlite';
import { InputError } from '../../common/errors.ts';
import type { DbSnapshot } from '../types.ts';
import type { OsvRecord } from '../osv/schema.ts';
import { defaultDbPath } from './paths.ts';
import { ENTRY_SEP, SCHEMA_VERSION, storedSchemaVersion } from './schema.ts';

export interface KevEntry {
  cve: string;
  dateAdded: string;
  dueDate?: string;
  knownRansomware?: boolean;
}

export interface EpssEntry {
  cve: string;
  score: number;
  percentile: number;
  date?: string;
}

/** A package name in an OSV ecosystem, as the index keys entries. */
export interface CandidateKey {
  ecosystem: string;
  name: string;
}

export interface VulnDb {
  readonly path: string;
  /** Ids of records indexed under this ecosystem and (normalised) package name. */
  lookup(ecosystem: string, name: string): string[];
  /** Batch form of `lookup` (one SQLite call): `ecosystem + "\0" + name` → record ids. */
  lookupMany(keys: readonly { ecosystem: string; name: string }[]): Map<string, string[]>;
  /**
   * For matching: calls `visit` for every index entry of the keys (`m` one entry of `entries.m`,
   * summary then record copy, see db/match-body.ts; the entries of one key in record id order, each
   * a slice of the row's text), reading a few hundred names per statement call so only one batch of
   * rows is alive at a time. `key` is the caller's own key object (keys should be distinct; a repeated
   * ecosystem and name is read for its first object only), so the caller needs no lookup per entry.
   * `done(key)` is called once per key after all its entries were visited (entries of keys of one
   * batch come before any `done` of that batch), so a caller can finish with a key's entries early
   * instead of holding every batch's until the end.
   */
  scanCandidates<K extends CandidateKey>(keys: readonly K[], visit: (key: K, m: string) => void, done?: (key: K) => void): void;
  /** The record, parsed (it was validated on import); undefined when unknown. */
  record(id: string): OsvRecord | undefined;
  /** Batch form of `record`: the records found, by id, WITHOUT `details` (matching reads the index entries' copies instead). */
  records(ids: readonly string[]): Map<string, OsvRecord>;
  kev(cve: string): KevEntry | undefined;
  epss(cve: string): EpssEntry | undefined;
  /** Whether the database holds any KEV or EPSS entry (most carry neither source). */
  hasEnrichment(): boolean;
  /** Batch forms of `kev` / `epss`, by CVE. */
  kevMany(cves: readonly string[]): Map<string, KevEntry>;
  epssMany(cves: readonly string[]): Map<string, EpssEntry>;
  snapshot(): DbSnapshot;
  close(): void;
}

interface SourceRow {
  name: string;
  kind: string;
  url: string | null;
  updated_at: string;
  records: number;
}

/** Reads the snapshot description (hash, sources) from an open database. */
export function readSnapshot(db: DatabaseSync): DbSnapshot {
  const hash = db.prepare("SELECT value FROM meta WHERE key = 'content_hash'").get() as { value: string } | undefined;
  const rows = db.prepare('SELECT name, kind, url, updated_at, records FROM sources ORDER BY name').all() as unknown as SourceRow[];
  return {
    schemaVersion: storedSchemaVersion(db) ?? 0,
    contentHash: hash?.value ?? '',
    sources: rows.map((r) => ({
      name: r.name,
      kind: r.kind === 'kev' || r.kind === 'epss' ? r.kind : 'osv',
      records: r.records,
      updatedAt: r.updated_at,
      ...(r.url ? { url: r.url } : {}),
    })),
  };
}

type KevRow = { cve: string; date_added: string; due_date: string | null; ransomware: number | null };
type EpssRow = { cve: string; score: number; percentile: number; date: string | null };

function kevEntry(r: KevRow): KevEntry {
  return {
    cve: r.cve,
    dateAdded: r.date_added,
    ...(r.due_date ? { dueDate: r.due_date } : {}),
    ...(r.ransomware !== null ? { knownRansomware: r.ransomware === 1 } : {}),
  };
}

function epssEntry(r: EpssRow): EpssEntry {
  return { cve: r.cve, score: r.score, percentile: r.percentile, ...(r.date ? { date: r.date } : {}) };
}

/** Keys per ecosystem, by name: each name once, with its first key. */
function byEcosystem<K extends CandidateKey>(keys: readonly K[]): Map<string, Map<string, K>> {
  const out = new Map<string, Map<string, K>>();
  for (const k of keys) {
    let names = out.get(k.ecosystem);
    if (names === undefined) out.set(k.ecosystem, (names = new Map()));
    if (!names.has(k.name)) names.set(k.name, k);
  }
  return out;
}

/**
 * Names per `scanCandidates` statement call: small enough that one batch of rows (with their record
 * copies) is little for the young-generation GC to copy, large enough that the ~20 µs per call is noise.
 */
const SCAN_BATCH = 128;

/**
 * node:sqlite costs tens of microseconds per statement call, so the batch methods pass all keys as
 * ONE JSON array parameter and join against `json_each` (https://sqlite.org/json1.html#jeach).
 */
class SqliteVulnDb implements VulnDb {
  readonly path: string;
  readonly #db: DatabaseSync;
  readonly #lookup: StatementSync;
  readonly #record: StatementSync;
  readonly #kev: StatementSync;
  readonly #epss: StatementSync;
  readonly #lookupMany: StatementSync;
  readonly #scan: StatementSync;
  readonly #records: StatementSync;
  readonly #hasKev: StatementSync;
  readonly #hasEpss: StatementSync;
  readonly #kevMany: StatementSync;
  readonly #epssMany: StatementSync;

  constructor(path: string, db: DatabaseSync) {
    this.path = path;
    this.#db = db;
    this.#lookup = db.prepare('SELECT DISTINCT id FROM affected WHERE ecosystem = ? AND name = ?');
    this.#record = db.prepare('SELECT body, details FROM records WHERE id = ?');
    this.#kev = db.prepare('SELECT cve, date_added, due_date, ransomware FROM kev WHERE cve = ?');
    this.#epss = db.prepare('SELECT cve, score, percentile, date FROM epss WHERE cve = ?');
    // One statement per ecosystem with an IN list: measured ~3x faster than joining json_each pairs.
    this.#lookupMany = db.prepare('SELECT name, id FROM affected WHERE ecosystem = ? AND name IN (SELECT value FROM json_each(?))');
    this.#records = db.prepare('SELECT id, body FROM records WHERE id IN (SELECT value FROM json_each(?))');
    this.#hasKev = db.prepare('SELECT 1 AS x FROM kev LIMIT 1');
    this.#hasEpss = db.prepare('SELECT 1 AS x FROM epss LIMIT 1');
    // Rows as arrays: node:sqlite builds no per-row object with named keys (measured ~2x faster on 10k rows).
    this.#lookupMany.setReturnArrays(true);
    this.#scan = db.prepare('SELECT name, m FROM entries WHERE ecosystem = ? AND name IN (SELECT value FROM json_each(?))');
    this.#scan.setReturnArrays(true);
    this.#records.setReturnArrays(true);
    this.#kevMany = db.prepare('SELECT cve, date_added, due_date, ransomware FROM kev WHERE cve IN (SELECT value FROM json_each(?))');
    this.#epssMany = db.prepare('SELECT cve, score, percentile, date FROM epss WHERE cve IN (SELECT value FROM json_each(?))');
  }

  lookupMany(keys: readonly { ecosystem: string; name: string }[]): Map<string, string[]> {
    const out = new Map<string, Set<string>>();
    for (const [ecosystem, names] of byEcosystem(keys)) {
      for (const [n, id] of this.#lookupMany.all(ecosystem, JSON.stringify([...names.keys()])) as unknown as [string, string][]) {
        const key = `${ecosystem}\u0000${n}`;
        const ids = out.get(key);
        if (ids === undefined) out.set(key, new Set([id]));
        else ids.add(id);
      }
    }
    return new Map([...out].map(([k, ids]) => [k, [...ids]]));
  }

  scanCandidates<K extends CandidateKey>(keys: readonly K[], visit: (key: K, m: string) => void, done?: (key: K) => void): void {
    for (const [ecosystem, names] of byEcosystem(keys)) {
      const all = [...names.keys()];
      for (let i = 0; i < all.length; i += SCAN_BATCH) {
        const batch = all.slice(i, i + SCAN_BATCH);
        const rows = this.#scan.all(ecosystem, JSON.stringify(batch)) as unknown as [string, string][];
        // One row per name: its entries, each passed on as a slice of the row's text.
        for (let r = 0; r < rows.length; r++) {
          const [n, m] = rows[r]!;
          const key = names.get(n)!;
          for (let a = 0; ; ) {
            const b = m.indexOf(ENTRY_SEP, a);
            if (b < 0) {
              visit(key, a === 0 ? m : m.slice(a));
              break;
            }
            visit(key, m.slice(a, b));
            a = b + 1;
          }
        }
        if (done !== undefined) for (const n of batch) done(names.get(n)!);
      }
    }
  }

  records(ids: readonly string[]): Map<string, OsvRecord> {
    const out = new Map<string, OsvRecord>();
    if (ids.length === 0) return out;
    for (const [id, body] of this.#records.all(JSON.stringify(ids)) as unknown as [string, string][]) out.set(id, JSON.parse(body) as OsvRecord);
    return out;
  }

  hasEnrichment(): boolean {
    return this.#hasKev.get() !== undefined || this.#hasEpss.get() !== undefined;
  }

  kevMany(cves: readonly string[]): Map<string, KevEntry> {
    // Most databases carry no KEV or EPSS source: skip the lookups of thousands of CVEs then.
    if (cves.length > 0 && this.#hasKev.get() === undefined) return new Map();
    const rows = cves.length === 0 ? [] : (this.#kevMany.all(JSON.stringify(cves)) as KevRow[]);
    return new Map(rows.map((r) => [r.cve, kevEntry(r)]));
  }

  epssMany(cves: readonly string[]): Map<string, EpssEntry> {
    if (cves.length > 0 && this.#hasEpss.get() === undefined) return new Map();
    const rows = cves.length === 0 ? [] : (this.#epssMany.all(JSON.stringify(cves)) as EpssRow[]);
    return new Map(rows.map((r) => [r.cve, epssEntry(r)]));
  }

  lookup(ecosystem: string, name: string): string[] {
    return (this.#lookup.all(ecosystem, name) as { id: string }[]).map((r) => r.id);
  }

  record(id: string): OsvRecord | undefined {
    const row = this.#record.get(id) as { body: string; details: string | null } | undefined;
    if (!row) return undefined;
    const rec = JSON.parse(row.body) as OsvRecord;
    return row.details === null ? rec : { ...rec, details: row.details };
  }

  kev(cve: string): KevEntry | undefined {
    const r = this.#kev.get(cve) as KevRow | undefined;
    return r ? kevEntry(r) : undefined;
  }

  epss(cve: string): EpssEntry | undefined {
    const r = this.#epss.get(cve) as EpssRow | undefined;
    return r ? epssEntry(r) : undefined;
  }

  snapshot(): DbSnapshot {
    return readSnapshot(this.#db);
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}

/** Opens an existing database; E_DB when it is missing, not SQLite, or of another schema version. */
export function openDb(path: string = defaultDbPath(), opts: { readonly?: boolean } = {}): VulnDb {
  if (!existsSync(path)) {
    throw new InputError('E_DB', `no vulnerability database at ${path}: run \`reins db update\` or \`reins db import PATH\``);
  }
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path, { readOnly: opts.readonly ?? true });
  } catch (err) {
    throw new InputError('E_DB', `cannot open vulnerability database ${path}: ${(err as Error).message}`, { cause: err });
  }
  // Read-only opens map the file: matching touches a few thousand scattered pages per image, and
  // without a mapping each page is one pread(2) into SQLite's 2 MB cache (10-20 ms of system time per
  // match on the 300k-record bench, measured with and without; the file is only ever replaced by
  // rename, never rewritten in place, so the mapping cannot see a torn update).
  if (opts.readonly ?? true) {
    try {
      db.exec('PRAGMA mmap_size = 2147483648');
    } catch {
      // a build without mmap support reads as before
    }
  }
  const version = storedSchemaVersion(db);
  if (version !== SCHEMA_VERSION) {
    db.close();
    const found = version === undefined ? 'no reins schema' : `schema version ${version}`;
    throw new InputError('E_DB', `vulnerability database ${path} has ${found}, reins needs ${SCHEMA_VERSION}: run \`reins db update\` or \`reins db import PATH\` to rebuild it`);
  }
  return new SqliteVulnDb(path, db);
}
