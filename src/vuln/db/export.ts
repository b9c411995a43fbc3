/**
 * @module vuln/db/export
 * `reins db export FILE`: one self-contained SQLite file, a transactionally consistent copy made
 * with `VACUUM INTO` (https://sqlite.org/lang_vacuum.html#vacuum_with_an_into_clause), written
 * under a temporary name and renamed into place. `reins db import FILE` installs it elsewhere.
 */
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { InputError } from '../../common/errors.ts';
import { defaultDbPath } from './paths.ts';
import { openDb } from './store.ts';

export async function exportDb(file: string, opts: { dbPath?: string } = {}): Promise<void> {
  const dbPath = opts.dbPath ?? defaultDbPath();
  openDb(dbPath).close(); // validates presence and schema with the usual messages
  if (resolve(file) === resolve(dbPath)) throw new InputError('E_INPUT', `cannot export ${dbPath} onto itself`);
  mkdirSync(dirname(resolve(file)), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  const db = new DatabaseSync(dbPath, { readOnly: true });
  try {
    db.prepare('VACUUM INTO ?').run(tmp);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new InputError('E_DB', `cannot export ${dbPath} to ${file}: ${(err as Error).message}`, { cause: err });
  } finally {
    db.close();
  }
}
