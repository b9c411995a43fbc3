/**
 * dpkg cataloger: Debian and Ubuntu packages.
 *
 * Reads `/var/lib/dpkg/status` (every package dpkg knows; only stanzas whose current state means
 * the files are on disk count, see `parse-status.ts`), distroless `/var/lib/dpkg/status.d/<name>`
 * (one stanza each, no status file) and its `<name>.md5sums`, and `/var/lib/dpkg/info/*.list` and
 * `*.md5sums` (files owned by a package, returned as `ownedFiles`).
 *
 * Output conventions: `version` is the string dpkg prints, epoch included (`1:2.38.1-5+deb12u3`),
 * and `epoch` holds the number too, so a purl builder must strip the `<epoch>:` prefix. `Source:
 * name (version)` gives `source` (version only when the stanza names one). `Architecture` is `arch`.
 * Licenses are not in the status file (they are in /usr/share/doc/<pkg>/copyright) and stay empty.
 *
 * Known limits: each file is parsed alone, so the files of `status.d/<name>.md5sums` and
 * `info/<name>.list` come back as `ownedFiles`, never as `PackageDraft.files`; merge may pair
 * them by basename. `/var/lib/dpkg/available` and `status-old` are ignored on purpose.
 *
 * Specs: deb-control(5), dpkg(1), Debian Policy §5.1.
 */
import type { FileMeta } from '../../image/types.ts';
import type { Cataloger, CatalogFile, CatalogOutput } from '../types.ts';
import { dpkgFileKind, INFO, STATUS, STATUS_D } from './dpkg-paths.ts';
import { parseListFile, parseMd5sums } from './parse-file-list.ts';
import { parseStatus } from './parse-status.ts';

export const dpkgCataloger = {
  id: 'dpkg',
  title: 'dpkg status database (Debian, Ubuntu, distroless)',
  specUrls: [
    'https://manpages.debian.org/bookworm/dpkg-dev/deb-control.5.en.html',
    'https://manpages.debian.org/bookworm/dpkg/dpkg.1.en.html',
    'https://www.debian.org/doc/debian-policy/ch-controlfields.html',
  ],
  version: 1,
  kind: 'os',
  wants: {
    paths: [STATUS],
    prefixes: [STATUS_D, INFO],
    predicate: (meta: FileMeta) => dpkgFileKind(meta.path) !== undefined,
    maxBytes: 64 * 1024 * 1024,
  },
  parse(file: CatalogFile): CatalogOutput {
    const path = file.meta.path;
    const kind = dpkgFileKind(path);
    const text = file.content.toString('utf8');
    switch (kind) {
      case 'status':
      case 'status-d': {
        const { packages, diagnostics } = parseStatus(text, path);
        return { packages, ...(diagnostics.length > 0 ? { diagnostics } : {}) };
      }
      case 'list':
        return { ownedFiles: parseListFile(text) };
      case 'md5sums':
      case 'status-d-md5sums': {
        const { files, badLines } = parseMd5sums(text);
        if (badLines === 0) return { ownedFiles: files };
        return {
          ownedFiles: files,
          diagnostics: [{ level: 'warning', code: 'dpkg-md5sums-malformed', message: `${badLines} line(s) are not "<md5>  <path>"`, path }],
        };
      }
      case undefined:
        return {};
    }
  },
} as const satisfies Cataloger;
