/**
 * apk cataloger: Alpine Linux (and Wolfi/Chainguard) packages.
 *
 * Reads apk-tools' installed database `/lib/apk/db/installed` (and `/usr/lib/apk/db/installed`,
 * where apk-tools 3 may keep it). Each stanza gives a package: `P` name, `V` version (as apk
 * prints it, `1.36.0-r9`), `A` arch, `L` license (kept as one SPDX expression), `o` origin
 * (`source.name`), and `F`/`R` lines give its files (`PackageDraft.files` and `ownedFiles`).
 *
 * Spec: https://wiki.alpinelinux.org/wiki/Apk_spec (section "Installed Database V2").
 *
 * Known limits: the apk v3 binary database (`installed.adb`) is not read; directories (`F` lines)
 * are not reported as owned; file checksums (`Z`) and permissions (`a`/`M`) are ignored.
 */
import type { Cataloger, CatalogFile, CatalogOutput } from '../types.ts';
import { parseInstalled } from './parse-installed.ts';

export const apkCataloger = {
  id: 'apk',
  title: 'apk installed database (Alpine, Wolfi)',
  specUrls: ['https://wiki.alpinelinux.org/wiki/Apk_spec'],
  version: 1,
  kind: 'os',
  wants: {
    paths: ['/lib/apk/db/installed', '/usr/lib/apk/db/installed'],
    maxBytes: 64 * 1024 * 1024,
  },
  parse(file: CatalogFile): CatalogOutput {
    const { packages, ownedFiles, diagnostics } = parseInstalled(file.content.toString('utf8'), file.meta.path);
    return {
      packages,
      ...(ownedFiles.length > 0 ? { ownedFiles } : {}),
      ...(diagnostics.length > 0 ? { diagnostics } : {}),
    };
  },
} as const satisfies Cataloger;
