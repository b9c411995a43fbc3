/**
 * Parser for apk-tools' installed database: stanzas of `X:value` lines separated by blank lines.
 * `P` name, `V` version, `A` arch, `L` license, `o` origin (source package), `F` a directory
 * relative to `/`, `R` a file in the last `F` directory. https://wiki.alpinelinux.org/wiki/Apk_spec
 */
import type { Diagnostic } from '../../common/diagnostic.ts';
import type { PackageDraft } from '../types.ts';

export interface InstalledParse {
  packages: PackageDraft[];
  ownedFiles: string[];
  diagnostics: Diagnostic[];
}

interface Draft {
  line: number;
  name?: string;
  version?: string;
  arch?: string;
  license?: string;
  origin?: string;
  dir: string;
  files: string[];
}

function join(dir: string, file: string): string {
  return dir === '' ? `/${file}` : `/${dir}/${file}`;
}

/** Parses the whole database; never throws. Malformed lines and incomplete stanzas become diagnostics. */
export function parseInstalled(text: string, path: string): InstalledParse {
  const packages: PackageDraft[] = [];
  const ownedFiles: string[] = [];
  const diagnostics: Diagnostic[] = [];
  let badLines = 0;
  let firstBad = 0;
  const incomplete: number[] = [];
  let cur: Draft | undefined;

  const flush = (): void => {
    if (!cur) return;
    if (!cur.name || !cur.version) {
      incomplete.push(cur.line);
    } else {
      const pkg: PackageDraft = { type: 'apk', name: cur.name, version: cur.version };
      if (cur.arch) pkg.arch = cur.arch;
      if (cur.license) pkg.licenses = [cur.license];
      if (cur.origin) pkg.source = { name: cur.origin };
      if (cur.files.length > 0) pkg.files = cur.files;
      packages.push(pkg);
      for (const f of cur.files) ownedFiles.push(f);
    }
    cur = undefined;
  };

  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') {
      flush();
      continue;
    }
    if (line.length < 2 || line[1] !== ':') {
      if (badLines++ === 0) firstBad = i + 1;
      continue;
    }
    cur ??= { line: i + 1, dir: '', files: [] };
    const value = line.slice(2);
    switch (line.charAt(0)) {
      case 'P':
        cur.name = value;
        break;
      case 'V':
        cur.version = value;
        break;
      case 'A':
        cur.arch = value;
        break;
      case 'L':
        cur.license = value;
        break;
      case 'o':
        cur.origin = value;
        break;
      case 'F':
        cur.dir = value.replace(/^\/+/, '').replace(/\/+$/, '');
        break;
      case 'R':
        cur.files.push(join(cur.dir, value));
        break;
      default:
        break;
    }
  }
  flush();

  if (badLines > 0) {
    diagnostics.push({
      level: packages.length === 0 ? 'error' : 'warning',
      code: 'apk-installed-malformed',
      message: `${badLines} line(s) are not "X:value" (first at line ${firstBad})`,
      path,
    });
  }
  if (incomplete.length > 0) {
    diagnostics.push({
      level: 'warning',
      code: 'apk-installed-incomplete-stanza',
      message: `${incomplete.length} stanza(s) without P: or V: skipped (first at line ${incomplete[0]})`,
      path,
    });
  }
  return { packages, ownedFiles, diagnostics };
}
