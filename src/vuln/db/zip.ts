/**
 * @module vuln/db/zip
 * The zip archives OSV publishes (`<ecosystem>/all.zip`, zip64 since npm's holds more than 65,535
 * entries), read with the shared reader (common/zip.ts) and inflated one entry at a time, each
 * checked against its CRC-32; encryption is refused. Errors are InputErrors naming the archive.
 */
import { crc32 } from 'node:zlib';
import { InputError } from '../../common/errors.ts';
import { listEntries, readEntry } from '../../common/zip.ts';

export interface ZipEntry {
  name: string;
  /** Inflates and CRC-checks the entry; throws InputError when it is corrupt. */
  read(): Buffer;
}

function bad(label: string, what: string): InputError {
  return new InputError('E_INPUT_CORRUPT_COMPRESSION', `${label}: ${what}`);
}

/** Lists the entries of an in-memory zip archive; `label` (file or URL) names it in errors. */
export function zipEntries(buf: Buffer, label: string): ZipEntry[] {
  const listed = listEntries(buf, Number.MAX_SAFE_INTEGER);
  if (typeof listed === 'string') throw bad(label, listed);
  return listed.map((entry) => {
    if (entry.flags & 1) throw bad(label, `entry ${entry.name} is encrypted`);
    return {
      name: entry.name,
      read(): Buffer {
        const data = readEntry(buf, entry);
        if (typeof data === 'string') throw bad(label, `entry ${data}`);
        if (crc32(data) !== entry.crc) throw bad(label, `entry ${entry.name}: CRC-32 mismatch`);
        return data;
      },
    };
  });
}
