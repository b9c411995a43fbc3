/**
 * Parser for the os-release / lsb-release `KEY=value` format: one assignment per line, values
 * optionally in single or double quotes; inside double quotes a backslash escapes `"`, `\`, `$`
 * and `` ` `` (os-release(5), "the format is a subset of shell variable assignments").
 */

/** Largest line considered; longer lines are ignored (hostile input). */
const MAX_LINE = 4096;
const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parses `KEY=value` lines into a map. Comments (`#`) and blank lines are skipped; lines that are
 * not assignments or have unbalanced quotes are skipped (os-release(5): "lines ... should be ignored").
 */
export function parseAssignments(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#') || line.length > MAX_LINE) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq);
    if (!KEY.test(key)) continue;
    const value = unquote(line.slice(eq + 1));
    if (value !== undefined) out.set(key, value);
  }
  return out;
}

/** Shell-style unquoting of one value; undefined when quotes are unbalanced. */
export function unquote(raw: string): string | undefined {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const c = raw[i]!;
    if (c === '"') {
      i++;
      let closed = false;
      while (i < raw.length) {
        const d = raw[i]!;
        if (d === '\\' && i + 1 < raw.length && '"\\$`'.includes(raw[i + 1]!)) {
          out += raw[i + 1];
          i += 2;
        } else if (d === '"') {
          closed = true;
          i++;
          break;
        } else {
          out += d;
          i++;
        }
      }
      if (!closed) return undefined;
    } else if (c === "'") {
      const end = raw.indexOf("'", i + 1);
      if (end < 0) return undefined;
      out += raw.slice(i + 1, end);
      i = end + 1;
    } else if (c === '\\' && i + 1 < raw.length) {
      out += raw[i + 1];
      i += 2;
    } else if (c === ' ' || c === '\t') {
      // An unquoted blank ends the value in shell; a trailing comment may follow.
      break;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
