/**
 * @module version/go
 * Go module versions: `v`-prefixed SemVer as defined by golang.org/x/mod/semver, including the
 * shorthands `v1` and `v1.2` (= `v1.0.0`, `v1.2.0`). Pseudo-versions
 * (`v0.0.0-20191109021931-daa7c04131f5`, `v1.2.4-0.2019…-hash`, `v1.2.3-pre.0.2019…-hash`) are
 * ordinary pre-releases, so plain SemVer precedence already places them between their base and the
 * next release, as the Go modules reference specifies. Build metadata, and so `+incompatible`, is
 * ignored for ordering. OSV Go records drop the `v`; both spellings are accepted.
 *
 * Specs: https://go.dev/ref/mod#versions, https://go.dev/ref/mod#pseudo-versions,
 * https://pkg.go.dev/golang.org/x/mod/semver, https://semver.org/spec/v2.0.0.html
 *
 * Known limits: Go toolchain names (`go1.21rc2`) are not module versions and are rejected; callers
 * must map the `stdlib`/`toolchain` OSV packages, which use SemVer, themselves.
 */
import { memoize } from '../memo.ts';
import { VersionError } from '../types.ts';
import type { VersionScheme } from '../types.ts';
import { compareDigits, compareStrings, isAlphaCode, isDigitCode } from '../numeric.ts';

const ID = 'go';

interface GoVersion {
  major: string;
  minor: string;
  patch: string;
  prerelease: string[];
}

/** Reads a SemVer numeric part at `i`: digits, no leading zero unless the part is "0". */
function readNumber(s: string, i: number): number {
  let j = i;
  while (j < s.length && isDigitCode(s.charCodeAt(j))) j++;
  if (j === i || (s.charCodeAt(i) === 48 && j - i > 1)) return -1;
  return j;
}

function identOk(id: string, numericRule: boolean): boolean {
  if (id.length === 0) return false;
  let allDigits = true;
  for (let k = 0; k < id.length; k++) {
    const c = id.charCodeAt(k);
    if (!isDigitCode(c)) {
      allDigits = false;
      if (!isAlphaCode(c) && c !== 45) return false;
    }
  }
  return !(numericRule && allDigits && id.length > 1 && id.charCodeAt(0) === 48);
}

const parse = memoize(parseUncached);

function parseUncached(input: string): GoVersion | string {
  const s = input.startsWith('v') ? input.slice(1) : input;
  const parts: string[] = [];
  let i = 0;
  for (;;) {
    const end = readNumber(s, i);
    if (end < 0) return 'expected a number without leading zeros';
    parts.push(s.slice(i, end));
    i = end;
    if (parts.length === 3 || i >= s.length || s[i] !== '.') break;
    i++;
  }
  if (parts.length < 3 && i < s.length) return 'shorthand versions cannot carry a pre-release or build';
  let prerelease: string[] = [];
  if (s[i] === '-') {
    const stop = s.indexOf('+', i);
    prerelease = s.slice(i + 1, stop < 0 ? s.length : stop).split('.');
    if (!prerelease.every((id) => identOk(id, true))) return 'invalid pre-release identifier';
    i = stop < 0 ? s.length : stop;
  }
  if (s[i] === '+') {
    if (!s.slice(i + 1).split('.').every((id) => identOk(id, false))) return 'invalid build metadata';
    i = s.length;
  }
  if (i !== s.length) return `unexpected character at ${i}`;
  return { major: parts[0] ?? '0', minor: parts[1] ?? '0', patch: parts[2] ?? '0', prerelease };
}

function isNumeric(id: string): boolean {
  for (let k = 0; k < id.length; k++) if (!isDigitCode(id.charCodeAt(k))) return false;
  return true;
}

/** SemVer §11: numeric identifiers below alphanumeric ones; a shorter equal prefix sorts first. */
function comparePrerelease(a: readonly string[], b: readonly string[]): -1 | 0 | 1 {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : a.length === 0 ? 1 : -1;
  for (let k = 0; k < a.length && k < b.length; k++) {
    const x = a[k]!;
    const y = b[k]!;
    const nx = isNumeric(x);
    const ny = isNumeric(y);
    const r = nx && ny ? compareDigits(x, y) : nx ? -1 : ny ? 1 : compareStrings(x, y);
    if (r !== 0) return r;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function parseOrThrow(v: string): GoVersion {
  const p = parse(v);
  if (typeof p === 'string') throw new VersionError(ID, v, p);
  return p;
}

export const goScheme = {
  id: ID,
  title: 'Go module versions',
  specUrls: ['https://go.dev/ref/mod#versions', 'https://pkg.go.dev/golang.org/x/mod/semver'],
  isValid(v: string): boolean {
    return typeof parse(v) !== 'string';
  },
  compare(a: string, b: string): -1 | 0 | 1 {
    const pa = parseOrThrow(a);
    const pb = parseOrThrow(b);
    return (
      compareDigits(pa.major, pb.major) ||
      compareDigits(pa.minor, pb.minor) ||
      compareDigits(pa.patch, pb.patch) ||
      comparePrerelease(pa.prerelease, pb.prerelease)
    );
  },
} as const satisfies VersionScheme;
