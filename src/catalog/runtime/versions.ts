/**
 * @module catalog/runtime/versions
 * Version probes for runtimes installed without a package manager. Each probe reads only literal
 * strings the runtime's build embeds, with bounded scans (no regex over the whole binary).
 */

const MAX_HITS = 10_000;
const VERSION_CHARS = /^[0-9A-Za-z.+_-]+$/;

/** Reads `[0-9.]+` digits-and-dots starting at `at`. */
function dottedAt(buf: Buffer, at: number, max = 32): string {
  let end = at;
  while (end < buf.length && end - at < max) {
    const c = buf[end]!;
    if ((c >= 0x30 && c <= 0x39) || c === 0x2e) end++;
    else break;
  }
  return buf.toString('latin1', at, end);
}

const isRelease = (v: string): boolean => /^\d+\.\d+\.\d+$/.test(v);

/**
 * Node.js embeds `process.release.sourceUrl`,
 * `https://nodejs.org/download/release/v18.20.4/node-v18.20.4.tar.gz` (src/node_metadata.cc), in
 * the `node` executable or, for Debian's shared build, in `libnode.so.<abi>`. The version must
 * appear twice, identically; `node.js/v18.20.4` (the inspector/fetch user agent) is the fallback.
 */
export function nodeVersion(buf: Buffer): string | undefined {
  const marker = Buffer.from('/download/release/v', 'latin1');
  let from = 0;
  for (let hits = 0; hits < MAX_HITS; hits++) {
    const at = buf.indexOf(marker, from);
    if (at === -1) break;
    const v = dottedAt(buf, at + marker.length);
    const tail = Buffer.from(`/node-v${v}`, 'latin1');
    if (isRelease(v) && buf.subarray(at + marker.length + v.length, at + marker.length + v.length + tail.length).equals(tail)) return v;
    from = at + 1;
  }
  const ua = Buffer.from('node.js/v', 'latin1');
  const at = buf.indexOf(ua);
  if (at !== -1) {
    const v = dottedAt(buf, at + ua.length);
    if (isRelease(v)) return v;
  }
  return undefined;
}

/**
 * CPython stores PY_VERSION (`3.11.2`, `3.12.0rc1`) as its own NUL-terminated string (returned by
 * Py_GetVersion's format); the major.minor comes from the file name (`python3.11`,
 * `libpython3.11.so.1.0`), so only `\0<major.minor>.<micro>[a|b|rc<n>][+]\0` is accepted.
 */
export function pythonVersion(buf: Buffer, majorMinor: string): string | undefined {
  const marker = Buffer.from(`\0${majorMinor}.`, 'latin1');
  let from = 0;
  for (let hits = 0; hits < MAX_HITS; hits++) {
    const at = buf.indexOf(marker, from);
    if (at === -1) return undefined;
    const start = at + 1;
    const end = buf.indexOf(0, start);
    if (end !== -1 && end - start <= 20) {
      const v = buf.toString('latin1', start, end);
      if (/^\d+\.\d+\.\d+(?:(?:a|b|rc)\d+)?\+?$/.test(v)) return v;
    }
    from = at + 1;
  }
  return undefined;
}

/**
 * A JDK/JRE `release` file (written by the OpenJDK build, `make/ReleaseFile.gmk`): shell-style
 * `KEY="value"` lines, e.g. `JAVA_VERSION="17.0.2"`, `IMPLEMENTOR="Eclipse Adoptium"`.
 */
export function parseReleaseFile(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n', 1000)) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    let value = line.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (/^[A-Z_]+$/.test(key)) out.set(key, value);
  }
  return out;
}

export function javaVersion(release: Map<string, string>): string | undefined {
  const v = release.get('JAVA_VERSION');
  return v && v.length <= 64 && VERSION_CHARS.test(v) ? v : undefined;
}
