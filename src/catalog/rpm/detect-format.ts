/**
 * Which rpmdb backend a file is in, decided by its first bytes rather than its name: SQLite's
 * header string, NDB's `RpmP`, or the Berkeley DB hash magic at offset 12.
 */
import { bdbByteOrder } from './backend-bdb.ts';
import { NDB_MAGIC } from './backend-ndb.ts';
import { SQLITE_MAGIC } from './backend-sqlite.ts';

export type RpmdbFormat = 'sqlite' | 'bdb' | 'ndb';

/** The backend a database file is in, from its first bytes. */
export function detectRpmdbFormat(content: Buffer): RpmdbFormat | undefined {
  if (content.subarray(0, 16).equals(SQLITE_MAGIC)) return 'sqlite';
  if (content.subarray(0, 4).equals(NDB_MAGIC)) return 'ndb';
  if (bdbByteOrder(content)) return 'bdb';
  return undefined;
}
