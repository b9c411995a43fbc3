/**
 * rpmdb in SQLite (rpm >= 4.16: Fedora 33+, RHEL 9, Azure Linux): table
 * `Packages(hnum INTEGER PRIMARY KEY, blob BLOB)`, one header blob per row.
 * https://github.com/rpm-software-management/rpm/blob/master/lib/backend/sqlite.c
 */
import { DatabaseSync } from 'node:sqlite';

export interface BlobRead {
  blobs: Uint8Array[];
  /** Problems that stopped or shortened the read (one line each). */
  errors: string[];
}

export const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Reads every header blob from an in-memory copy of the database. rpm keeps its database in WAL
 * mode; without the `-wal` file SQLite refuses to open it as such, so the copy's header is set
 * to the legacy journal (bytes 18-19 = 1, https://www.sqlite.org/fileformat2.html#file_format_version_numbers).
 * Rows only in the missing `-wal` file are therefore not seen.
 */
export function readSqliteBlobs(content: Buffer): BlobRead {
  const copy = Buffer.from(content);
  if (copy.length >= 20 && copy[18] === 2 && copy[19] === 2) {
    copy[18] = 1;
    copy[19] = 1;
  }
  const db = new DatabaseSync(':memory:');
  try {
    db.enableDefensive(true);
    db.deserialize(copy);
    const blobs: Uint8Array[] = [];
    for (const row of db.prepare('SELECT blob FROM Packages ORDER BY hnum').iterate()) {
      const blob = row.blob;
      if (blob instanceof Uint8Array) blobs.push(blob);
    }
    return { blobs, errors: [] };
  } catch (err) {
    return { blobs: [], errors: [`SQLite: ${err instanceof Error ? err.message : String(err)}`] };
  } finally {
    db.close();
  }
}
