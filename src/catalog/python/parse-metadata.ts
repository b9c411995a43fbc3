/**
 * @module catalog/python/parse-metadata
 * Core metadata (https://packaging.python.org/en/latest/specifications/core-metadata/): an
 * RFC 822-style header block (`Key: value`, continuation lines start with whitespace), ended by a
 * blank line, then the free-text description (ignored). Keys are case-insensitive; some repeat.
 */

/** Only the header block is read; long descriptions after it are never scanned. */
const MAX_HEADER_CHARS = 1024 * 1024;
const MAX_LICENSE_CHARS = 200;

/** Header fields, lower-cased keys, values in file order. */
export type Headers = Map<string, string[]>;

export function parseHeaders(text: string): Headers {
  const headers: Headers = new Map();
  let last: string[] | undefined;
  let start = 0;
  const end = Math.min(text.length, MAX_HEADER_CHARS);
  while (start < end) {
    let nl = text.indexOf('\n', start);
    if (nl === -1 || nl > end) nl = end;
    const line = text.slice(start, nl).replace(/\r$/, '');
    start = nl + 1;
    if (line.trim() === '') break;
    if (line.startsWith(' ') || line.startsWith('\t')) {
      // Continuation of the previous value (e.g. a multi-line License).
      if (last && last.length > 0) last[last.length - 1] += `\n${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    last = headers.get(key);
    if (last) last.push(value);
    else headers.set(key, (last = [value]));
  }
  return headers;
}

/**
 * Licenses in order of precision: `License-Expression` (PEP 639), else a short `License` value,
 * else the last part of each `Classifier: License :: ...`.
 */
export function licensesOf(headers: Headers): string[] {
  const expression = headers.get('license-expression')?.[0];
  if (expression) return [expression];
  const license = headers.get('license')?.[0];
  if (license && license.toUpperCase() !== 'UNKNOWN' && license.length <= MAX_LICENSE_CHARS && !license.includes('\n')) {
    return [license];
  }
  const out: string[] = [];
  for (const c of headers.get('classifier') ?? []) {
    const parts = c.split('::').map((p) => p.trim());
    const leaf = parts[parts.length - 1];
    if (parts[0] === 'License' && parts.length > 1 && leaf && leaf !== 'OSI Approved' && !out.includes(leaf)) out.push(leaf);
  }
  return out;
}
