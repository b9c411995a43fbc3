/**
 * @module vuln/db/import
 * `reins db import PATH`: loads OSV records from a directory tree of `*.json` files, an OSV
 * `all.zip`, a single record, or a database file written by `reins db export`. Records that are
 * not JSON or fail the OSV schema are skipped, each with a warning naming the file; the import
 * itself only fails for unreadable inputs. Writes are atomic (see build.ts).
 */
import { closeSync, copyFileSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Diagnostic } from '../../common/diagnostic.ts';
import { InputError } from '../../common/errors.ts';
import { parseOsvRecord } from '../osv/schema.ts';
import type { DbWriter } from './build.ts';
import { buildDb, syncFile } from './build.ts';
import { defaultDbPath } from './paths.ts';
import { SCHEMA_VERSION, storedSchemaVersion } from './schema.ts';
import { zipEntries } from './zip.ts';

export interface ImportSummary {
  /** Records stored. */
  records: number;
  /** Records skipped as malformed (each has a diagnostic). */
  skipped: number;
  diagnostics: Diagnostic[];
  source: string;
  dbPath: string;
}

/** A named blob of an input (file in a tree, zip entry). */
export interface InputItem {
  name: string;
  read(): Buffer;
}

/** Validates and stores each `.json` item under `source`; returns counts and diagnostics. */
export function ingestRecords(writer: DbWriter, source: string, items: Iterable<InputItem>): Omit<ImportSummary, 'source' | 'dbPath'> {
  const diagnostics: Diagnostic[] = [];
  let records = 0;
  const skip = (name: string, why: string): void => {
    diagnostics.push({ level: 'warning', code: 'osv-record-invalid', message: `skipped OSV record ${name}: ${why}`, path: name });
  };
  for (const item of items) {
    if (!item.name.endsWith('.json')) continue;
    const text = item.read().toString('utf8');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      skip(item.name, `not JSON (${(err as Error).message})`);
      continue;
    }
    const parsed = parseOsvRecord(value);
    if ('error' in parsed) {
      skip(item.name, parsed.error);
      continue;
    }
    writer.addRecord(source, parsed.record, value as Record<string, unknown>);
    records++;
  }
  return { records, skipped: diagnostics.length, diagnostics };
}

function* treeItems(dir: string): Generator<InputItem> {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* treeItems(path);
    else if (e.isFile()) yield { name: path, read: () => readFileSync(path) };
  }
}

function isSqlite(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(16);
    readSync(fd, head, 0, 16, 0);
    return head.toString('latin1') === 'SQLite format 3\u0000';
  } finally {
    closeSync(fd);
  }
}

/** Installs an exported database file in place of the current one (validated, then renamed in). */
function importDbFile(file: string, dbPath: string): ImportSummary {
  let records: number;
  try {
    const db = new DatabaseSync(file, { readOnly: true });
    try {
      const version = storedSchemaVersion(db);
      if (version !== SCHEMA_VERSION) {
        throw new InputError('E_DB', `${file} is not a reins vulnerability database of schema version ${SCHEMA_VERSION} (found ${version ?? 'none'})`);
      }
      records = (db.prepare('SELECT count(*) AS n FROM records').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError('E_DB', `cannot read database file ${file}: ${(err as Error).message}`, { cause: err });
  }
  mkdirSync(dirname(dbPath), { recursive: true });
  const tmp = `${dbPath}.tmp-${process.pid}`;
  try {
    copyFileSync(file, tmp);
    syncFile(tmp);
    renameSync(tmp, dbPath);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new InputError('E_DB', `cannot install ${file} as ${dbPath}: ${(err as Error).message}`, { cause: err });
  }
  return { records, skipped: 0, diagnostics: [], source: basename(file), dbPath };
}

/**
 * Imports `input` (directory, `.zip`, `.json` or an exported `.db`) into the database.
 * Records from a previous import of the same `source` (default `local:<basename>`) are replaced.
 */
export async function importOsv(input: string, opts: { dbPath?: string; source?: string } = {}): Promise<ImportSummary> {
  const dbPath = opts.dbPath ?? defaultDbPath();
  let stat;
  try {
    stat = statSync(input);
  } catch {
    throw new InputError('E_INPUT_NOT_FOUND', `cannot import ${input}: no such file or directory`);
  }
  if (stat.isFile() && isSqlite(input)) return importDbFile(input, dbPath);
  const source = opts.source ?? `local:${basename(resolve(input))}`;
  let items: Iterable<InputItem>;
  if (stat.isDirectory()) items = treeItems(input);
  else if (input.endsWith('.zip')) items = zipEntries(readFileSync(input), input);
  else if (input.endsWith('.json')) items = [{ name: input, read: () => readFileSync(input) }];
  else throw new InputError('E_INPUT', `cannot import ${input}: expected a directory, an OSV .zip, a .json record or a reins .db file`);
  return buildDb(dbPath, (writer) => {
    writer.clearSource(source);
    const result = ingestRecords(writer, source, items);
    writer.setSource(source, { kind: 'osv', url: resolve(input), records: result.records });
    return { ...result, source, dbPath };
  });
}
