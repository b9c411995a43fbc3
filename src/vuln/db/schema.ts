/**
 * @module vuln/db/schema
 * The SQLite layout of the vulnerability database. Bump SCHEMA_VERSION on any change: an older
 * file is then refused by `openDb` and rebuilt from scratch by the next import or update.
 *
 * - `records`: one OSV record per id: minified JSON without `details` in `body`, the `details` text
 *   apart (matching never reads it, and GHSA/Debian details are often most of a record's bytes).
 *   `rn` is an explicit INTEGER PRIMARY KEY (the rowid, kept by VACUUM INTO; schema 4).
 * - `affected`: the lookup index (full ecosystem such as `Debian:12`, normalised package name) →
 *   record id. Withdrawn records are stored but not indexed.
 * - `entries` (schema 7): per `(ecosystem, name)` of `affected`, one row whose `m` holds the index
 *   entry of every record indexed there, in id order, separated by U+0005 (ENTRY_SEP; no entry holds
 *   that character). An entry is the ECOSYSTEM/SEMVER ranges and `versions` of the record's entries
 *   for that package in the flat form of osv/summary.ts, so matching can rule a record out without
 *   parsing anything, followed by the match-only copy of the record for that package
 *   (db/match-body.ts), so matching never reads `records`. One row per package (schema 6 had one per
 *   package and record) makes matching seek once per package name and read one string: 300k bench,
 *   10 processes each, interleaved: median 96 -> 84 ms. Rebuilt for the packages a build touches
 *   (build.ts).
 * - `aliases`: record id → alias, to merge one vulnerability published under several ids.
 * - `sources`: one row per imported source with its timestamps and HTTP validators (ETag,
 *   Last-Modified) for incremental updates.
 * - `kev`, `epss`: CISA KEV catalog and FIRST EPSS scores keyed by CVE.
 * - `meta`: schema version, content hash, build time.
 */
import type { DatabaseSync } from 'node:sqlite';

export const SCHEMA_VERSION = 7;

/** Separates the index entries of one `entries.m`. */
export const ENTRY_SEP = '\u0005';

const DDL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (
  name TEXT PRIMARY KEY, kind TEXT NOT NULL, url TEXT, etag TEXT, last_modified TEXT,
  updated_at TEXT NOT NULL, records INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS records (
  rn INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, source TEXT NOT NULL, modified TEXT NOT NULL, withdrawn TEXT, body TEXT NOT NULL, details TEXT);
CREATE INDEX IF NOT EXISTS records_source ON records (source);
CREATE TABLE IF NOT EXISTS affected (
  ecosystem TEXT NOT NULL, name TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (ecosystem, name, id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS affected_id ON affected (id);
CREATE TABLE IF NOT EXISTS entries (
  ecosystem TEXT NOT NULL, name TEXT NOT NULL, m TEXT NOT NULL, PRIMARY KEY (ecosystem, name)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS aliases (id TEXT NOT NULL, alias TEXT NOT NULL, PRIMARY KEY (id, alias)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS aliases_alias ON aliases (alias);
CREATE TABLE IF NOT EXISTS kev (
  cve TEXT PRIMARY KEY, date_added TEXT NOT NULL, due_date TEXT, ransomware INTEGER,
  vendor TEXT, product TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS epss (cve TEXT PRIMARY KEY, score REAL NOT NULL, percentile REAL NOT NULL, date TEXT) WITHOUT ROWID;
`;

export function createSchema(db: DatabaseSync): void {
  db.exec(DDL);
  db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run('schema_version', String(SCHEMA_VERSION));
}

/** The schema version stored in `db`, or undefined when it has no meta table. */
export function storedSchemaVersion(db: DatabaseSync): number | undefined {
  try {
    const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
    return row ? Number(row.value) : undefined;
  } catch {
    return undefined;
  }
}
