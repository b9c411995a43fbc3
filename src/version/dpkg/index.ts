/**
 * @module version/dpkg
 * Debian package versions `[epoch:]upstream[-revision]`, ordered like `dpkg --compare-versions`.
 *
 * Specs: Debian Policy 5.6.12 (https://www.debian.org/doc/debian-policy/ch-controlfields.html#version)
 * and deb-version(7) (https://manpages.debian.org/bookworm/dpkg-dev/deb-version.7.en.html).
 *
 * Known limits: validation follows policy, so strings dpkg only *warns* about (upstream not starting
 * with a digit, characters outside the policy set) are rejected here rather than compared; leading
 * and trailing whitespace is rejected instead of trimmed. Epochs are compared as arbitrary-size
 * integers (dpkg caps them at INT_MAX).
 */
import { memoize } from '../memo.ts';
import { VersionError } from '../types.ts';
import type { VersionScheme } from '../types.ts';
import { compareDigits, isAlphaCode, isDigitCode } from '../numeric.ts';

const ID = 'dpkg';

interface DpkgVersion {
  epoch: string;
  upstream: string;
  revision: string;
}

function upstreamCharOk(c: number): boolean {
  // policy: alphanumerics and . + - ~ (and : when an epoch is present; checked by the caller)
  return isDigitCode(c) || isAlphaCode(c) || c === 46 || c === 43 || c === 45 || c === 126 || c === 58;
}

function revisionCharOk(c: number): boolean {
  return isDigitCode(c) || isAlphaCode(c) || c === 46 || c === 43 || c === 126;
}

const parse = memoize(parseUncached);

function parseUncached(v: string): DpkgVersion | string {
  if (v.length === 0) return 'empty version';
  const colon = v.indexOf(':');
  let epoch = '0';
  let rest = v;
  if (colon >= 0) {
    epoch = v.slice(0, colon);
    if (!/^[0-9]+$/.test(epoch)) return 'epoch is not a number';
    rest = v.slice(colon + 1);
  }
  const dash = rest.lastIndexOf('-');
  const upstream = dash >= 0 ? rest.slice(0, dash) : rest;
  const revision = dash >= 0 ? rest.slice(dash + 1) : '';
  if (upstream.length === 0) return 'upstream version is empty';
  if (dash >= 0 && revision.length === 0) return 'revision is empty';
  if (!isDigitCode(upstream.charCodeAt(0))) return 'upstream version does not start with a digit';
  for (let i = 0; i < upstream.length; i++) {
    const c = upstream.charCodeAt(i);
    if (!upstreamCharOk(c)) return `invalid character at ${i} in upstream version`;
    if (c === 58 && colon < 0) return 'colon in upstream version without an epoch';
  }
  for (let i = 0; i < revision.length; i++) {
    if (!revisionCharOk(revision.charCodeAt(i))) return `invalid character at ${i} in revision`;
  }
  return { epoch, upstream, revision };
}

/** Weight of a non-digit character: `~` below the end of the string, letters below everything else. */
function weight(s: string, i: number): number {
  if (i >= s.length) return 0;
  const c = s.charCodeAt(i);
  if (c === 126) return -1;
  if (isDigitCode(c)) return 0;
  if (isAlphaCode(c)) return c;
  return c + 256;
}

/** The deb-version algorithm: alternate non-digit runs (by weight) and digit runs (by value). */
function compareFragment(a: string, b: string): -1 | 0 | 1 {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigitCode(a.charCodeAt(i))) || (j < b.length && !isDigitCode(b.charCodeAt(j)))) {
      const wa = weight(a, i);
      const wb = weight(b, j);
      if (wa !== wb) return wa < wb ? -1 : 1;
      i++;
      j++;
    }
    const si = i;
    while (i < a.length && isDigitCode(a.charCodeAt(i))) i++;
    const sj = j;
    while (j < b.length && isDigitCode(b.charCodeAt(j))) j++;
    const r = compareDigits(a.slice(si, i), b.slice(sj, j));
    if (r !== 0) return r;
  }
  return 0;
}

function parseOrThrow(v: string): DpkgVersion {
  const p = parse(v);
  if (typeof p === 'string') throw new VersionError(ID, v, p);
  return p;
}

export const dpkgScheme = {
  id: ID,
  title: 'Debian package version (dpkg)',
  specUrls: [
    'https://www.debian.org/doc/debian-policy/ch-controlfields.html#version',
    'https://manpages.debian.org/bookworm/dpkg-dev/deb-version.7.en.html',
  ],
  isValid(v: string): boolean {
    return typeof parse(v) !== 'string';
  },
  compare(a: string, b: string): -1 | 0 | 1 {
    const pa = parseOrThrow(a);
    const pb = parseOrThrow(b);
    return (
      compareDigits(pa.epoch, pb.epoch) ||
      compareFragment(pa.upstream, pb.upstream) ||
      compareFragment(pa.revision, pb.revision)
    );
  },
} as const satisfies VersionScheme;
