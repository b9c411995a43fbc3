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
import { SCHEMA_VERSION, storedSchemaVersion } from './schema.ts';

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

export interface VulnDb {
  readonly path: string;
  /** Ids of records indexed under this ecosystem and (normalised) package name. */
  lookup(ecosystem: string, name: string): string[];
  /** The record, parsed (it was validated on import); undefined when unknown. */
  record(id: string): OsvRecord | undefined;
  kev(cve: string): KevEntry | undefined;
  epss(cve: string): EpssEntry | undefined;
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

class SqliteVulnDb implements VulnDb {
  readonly path: string;
  readonly #db: DatabaseSync;
  readonly #lookup: StatementSync;
  readonly #record: StatementSync;
  readonly #kev: StatementSync;
  readonly #epss: StatementSync;

  constructor(path: string, db: DatabaseSync) {
    this.path = path;
    this.#db = db;
    this.#lookup = db.prepare('SELECT DISTINCT id FROM affected WHERE ecosystem = ? AND name = ?');
    this.#record = db.prepare('SELECT body FROM records WHERE id = ?');
    this.#kev = db.prepare('SELECT cve, date_added, due_date, ransomware FROM kev WHERE cve = ?');
    this.#epss = db.prepare('SELECT cve, score, percentile, date FROM epss WHERE cve = ?');
  }

  lookup(ecosystem: string, name: string): string[] {
    return (this.#lookup.all(ecosystem, name) as { id: string }[]).map((r) => r.id);
  }

  record(id: string): OsvRecord | undefined {
    const row = this.#record.get(id) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as OsvRecord) : undefined;
  }

  kev(cve: string): KevEntry | undefined {
    const r = this.#kev.get(cve) as { cve: string; date_added: string; due_date: string | null; ransomware: number | null } | undefined;
    if (!r) return undefined;
    return {
      cve: r.cve,
      dateAdded: r.date_added,
      ...(r.due_date ? { dueDate: r.due_date } : {}),
      ...(r.ransomware !== null ? { knownRansomware: r.ransomware === 1 } : {}),
    };
  }

  epss(cve: string): EpssEntry | undefined {
    const r = this.#epss.get(cve) as { cve: string; score: number; percentile: number; date: string | null } | undefined;
    if (!r) return undefined;
    return { cve: r.cve, score: r.score, percentile: r.percentile, ...(r.date ? { date: r.date } : {}) };
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
  const version = storedSchemaVersion(db);
  if (version !== SCHEMA_VERSION) {
    db.close();
    const found = version === undefined ? 'no reins schema' : `schema version ${version}`;
    throw new InputError('E_DB', `vulnerability database ${path} has ${found}, reins needs ${SCHEMA_VERSION}: run \`reins db update\``);
  }
  return new SqliteVulnDb(path, db);
}
