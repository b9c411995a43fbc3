/**
 * rpm cataloger: Red Hat family, SUSE, Amazon Linux, Azure Linux/CBL-Mariner packages.
 *
 * Reads the rpm database in any of its three backends, chosen by the file's magic bytes (not its
 * name): SQLite `rpmdb.sqlite`, Berkeley DB hash `Packages`, and NDB `Packages.db`, under
 * `/var/lib/rpm/` or `/usr/lib/sysimage/rpm/`. Each stored value is an rpm header blob, parsed in
 * `header.ts` (NAME, VERSION, RELEASE, EPOCH, ARCH, LICENSE, SOURCERPM, MODULARITYLABEL and the file
 * list from DIRNAMES/DIRINDEXES/BASENAMES). `gpg-pubkey` pseudo-packages are skipped.
 *
 * Output conventions: `version` is `[epoch:]version-release` (epoch prefix only when EPOCH is set,
 * like dpkg's), `epoch` the number, `metadata.release` / `metadata.sourceRpm` the raw tags;
 * `source` is parsed from SOURCERPM. Files go to `PackageDraft.files` and `ownedFiles`.
 *
 * Specs: https://rpm-software-management.github.io/rpm/manual/format_v4.html (header format),
 * rpm's lib/backend/{sqlite.c,ndb/rpmpkg.c,bdb_ro.c}, libdb's dbinc/db_page.h.
 *
 * Known limits: rows only in a SQLite `-wal` file are not read; NDB blob checksums (Adler-32) are
 * not verified; BDB databases that are encrypted or use btree (not hash) are reported, not read;
 * the legacy `/var/lib/rpm/Packages` left empty next to rpmdb.sqlite gives nothing.
 */
import type { Diagnostic } from '../../common/diagnostic.ts';
import type { Cataloger, CatalogFile, CatalogOutput, PackageDraft } from '../types.ts';
import { readBdbBlobs } from './backend-bdb.ts';
import { readNdbBlobs } from './backend-ndb.ts';
import { readSqliteBlobs } from './backend-sqlite.ts';
import type { BlobRead } from './backend-sqlite.ts';
import { detectRpmdbFormat } from './detect-format.ts';
import type { RpmdbFormat } from './detect-format.ts';
import { readRpmRecord, toPackageDraft } from './rpm-package.ts';

const DIRS = ['/var/lib/rpm/', '/usr/lib/sysimage/rpm/'];
const FILES = ['rpmdb.sqlite', 'Packages', 'Packages.db'];

/** Only the first few per-blob problems are reported one by one; the rest are counted. */
const MAX_DIAGNOSTICS = 10;

function readBlobs(format: RpmdbFormat, content: Buffer): BlobRead {
  switch (format) {
    case 'sqlite':
      return readSqliteBlobs(content);
    case 'bdb':
      return readBdbBlobs(content);
    case 'ndb':
      return readNdbBlobs(content);
  }
}

export const rpmCataloger = {
  id: 'rpm',
  title: 'rpm database (SQLite, Berkeley DB, NDB)',
  specUrls: [
    'https://rpm-software-management.github.io/rpm/manual/format_v4.html',
    'https://github.com/rpm-software-management/rpm/tree/master/lib/backend',
    'https://github.com/berkeleydb/libdb/blob/master/src/dbinc/db_page.h',
  ],
  version: 1,
  kind: 'os',
  wants: {
    paths: DIRS.flatMap((d) => FILES.map((f) => d + f)),
    maxBytes: 512 * 1024 * 1024,
  },
  parse(file: CatalogFile): CatalogOutput {
    const path = file.meta.path;
    const content = file.content;
    if (content.length === 0) return {};
    const diag = (level: Diagnostic['level'], code: string, message: string): Diagnostic => ({ level, code, message, path });
    const format = detectRpmdbFormat(content);
    if (!format) return { diagnostics: [diag('error', 'rpmdb-unknown-format', 'not a SQLite, Berkeley DB hash or NDB rpm database')] };

    const { blobs, errors } = readBlobs(format, content);
    const diagnostics: Diagnostic[] = errors.slice(0, MAX_DIAGNOSTICS).map((e) => diag('error', `rpmdb-${format}-corrupt`, e));
    if (errors.length > MAX_DIAGNOSTICS) {
      diagnostics.push(diag('error', `rpmdb-${format}-corrupt`, `${errors.length - MAX_DIAGNOSTICS} more problems not listed`));
    }
    const packages: PackageDraft[] = [];
    const ownedFiles: string[] = [];
    let badHeaders = 0;
    for (const [i, blob] of blobs.entries()) {
      try {
        const record = readRpmRecord(blob);
        if (record.name === 'gpg-pubkey') continue;
        packages.push(toPackageDraft(record));
        for (const f of record.files) ownedFiles.push(f);
      } catch (err) {
        if (badHeaders++ < MAX_DIAGNOSTICS) {
          diagnostics.push(diag('error', 'rpm-header-corrupt', `header ${i}: ${err instanceof Error ? err.message : String(err)}`));
        }
      }
    }
    if (badHeaders > MAX_DIAGNOSTICS) {
      diagnostics.push(diag('error', 'rpm-header-corrupt', `${badHeaders - MAX_DIAGNOSTICS} more broken headers not listed`));
    }
    return {
      packages,
      ...(ownedFiles.length > 0 ? { ownedFiles } : {}),
      ...(diagnostics.length > 0 ? { diagnostics } : {}),
    };
  },
} as const satisfies Cataloger;
