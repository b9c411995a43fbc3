/**
 * Parser for Debian control-file syntax (deb822): stanzas of `Field: value` lines separated by
 * blank lines; a line starting with a space or tab continues the previous field.
 * https://www.debian.org/doc/debian-policy/ch-controlfields.html#syntax-of-control-files
 */

export interface Stanza {
  /** Field values by name as written (field names are case-insensitive; we keep the first spelling seen). */
  fields: Map<string, string>;
  /** 1-based line number where the stanza starts (for diagnostics). */
  line: number;
}

export interface ControlParse {
  stanzas: Stanza[];
  /** 1-based numbers of lines that are neither a field, a continuation nor blank (first 10 kept). */
  badLines: number[];
  badLineCount: number;
}

const FIELD = /^([!-9;-~][!-9;-~]*):[ \t]*(.*)$/;

/** Splits text into stanzas. Field names are stored lower-cased. Never throws. */
export function parseControl(text: string): ControlParse {
  const stanzas: Stanza[] = [];
  const badLines: number[] = [];
  let badLineCount = 0;
  let current: Stanza | undefined;
  let lastField: string | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() === '') {
      current = undefined;
      lastField = undefined;
      continue;
    }
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (current && lastField !== undefined) {
        current.fields.set(lastField, `${current.fields.get(lastField) ?? ''}\n${line.slice(1)}`);
        continue;
      }
    } else {
      const m = FIELD.exec(line);
      if (m) {
        if (!current) {
          current = { fields: new Map(), line: i + 1 };
          stanzas.push(current);
        }
        lastField = m[1]!.toLowerCase();
        if (!current.fields.has(lastField)) current.fields.set(lastField, m[2]!.trimEnd());
        continue;
      }
    }
    badLineCount++;
    if (badLines.length < 10) badLines.push(i + 1);
  }
  return { stanzas, badLines, badLineCount };
}
