/**
 * @module vuln/vex/purl
 * purl comparison for VEX (https://github.com/package-url/purl-spec): two purls name the same
 * product when type, namespace and name are equal and, if the statement gives a version, the
 * versions are equal. Qualifiers (`arch`, `distro`) and subpaths are ignored.
 */

interface PurlKey {
  base: string;
  version?: string;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function purlKey(purl: string): PurlKey | undefined {
  if (!purl.startsWith('pkg:')) return undefined;
  let rest = purl.slice(4);
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf('?');
  if (q >= 0) rest = rest.slice(0, q);
  const at = rest.lastIndexOf('@');
  const slash = rest.indexOf('/');
  let version: string | undefined;
  if (at > slash && slash >= 0) {
    version = decode(rest.slice(at + 1));
    rest = rest.slice(0, at);
  }
  const segments = rest.split('/').map(decode);
  const type = segments.shift()?.toLowerCase() ?? '';
  return { base: [type, ...segments].join('/'), ...(version ? { version } : {}) };
}

/** True when the statement's product purl covers the package purl. */
export function purlCovers(statementPurl: string, packagePurl: string): boolean {
  const s = purlKey(statementPurl);
  const p = purlKey(packagePurl);
  if (!s || !p || s.base !== p.base) return false;
  return s.version === undefined || s.version === p.version;
}
