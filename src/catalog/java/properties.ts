/**
 * @module catalog/java/properties
 * The two small text formats found in jars:
 * - `pom.properties` written by Maven (Java properties, https://docs.oracle.com/javase/8/docs/api/java/util/Properties.html#load-java.io.Reader-):
 *   `key=value`, `key: value` or `key value`; `#`/`!` comments; a trailing backslash continues a line.
 * - `META-INF/MANIFEST.MF` (https://docs.oracle.com/en/java/javase/17/docs/specs/jar/jar.html#jar-manifest):
 *   `Name: value` headers, lines wrapped at 72 bytes with continuation lines starting with one space;
 *   only the main section (before the first blank line) is read.
 */

const MAX_LINES = 10_000;

export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split(/\r?\n/, MAX_LINES);
  for (let i = 0; i < lines.length; i++) {
    let line = (lines[i] ?? '').trimStart();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + (lines[++i] ?? '').trimStart();
    const m = /^([^=:\s]+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (m?.[1] !== undefined && m[2] !== undefined) out.set(m[1], m[2].trim());
  }
  return out;
}

export function parseManifest(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let lastKey: string | undefined;
  for (const line of text.split(/\r?\n/, MAX_LINES)) {
    if (line === '') break;
    if (line.startsWith(' ')) {
      if (lastKey !== undefined) out.set(lastKey, (out.get(lastKey) ?? '') + line.slice(1));
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    lastKey = line.slice(0, colon).trim();
    out.set(lastKey, line.slice(colon + 1).trim());
  }
  return out;
}
