/**
 * dpkg file lists: `info/<pkg>.list` holds one absolute path per line (directories included,
 * `/.` first); `info/<pkg>.md5sums` and distroless `status.d/<pkg>.md5sums` hold
 * `<md5>  <path relative to />` lines (md5sum(1) output). Both say which files the package owns.
 */

const MD5_LINE = /^[0-9a-fA-F]{32} [ *]?(.+)$/;

/** Absolute paths listed by a `*.list` file, without the `/.` root entry. */
export function parseListFile(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '' || line === '/.' || !line.startsWith('/')) continue;
    out.push(line);
  }
  return out;
}

/** Absolute paths of a `*.md5sums` file; `badLines` counts lines that are not `<md5>  <path>`. */
export function parseMd5sums(text: string): { files: string[]; badLines: number } {
  const files: string[] = [];
  let badLines = 0;
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') continue;
    const m = MD5_LINE.exec(line);
    if (!m) {
      badLines++;
      continue;
    }
    const rel = m[1]!;
    files.push(rel.startsWith('/') ? rel : `/${rel}`);
  }
  return { files, badLines };
}
