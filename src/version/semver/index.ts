/**
 * @module version/semver
 * Strict Semantic Versioning 2.0.0 (`MAJOR.MINOR.PATCH[-prerelease][+build]`), the scheme of
 * crates.io (Cargo), Hex and Pub in OSV. Build metadata is ignored for precedence (SemVer §10).
 *
 * Specs: https://semver.org/spec/v2.0.0.html, https://doc.rust-lang.org/cargo/reference/semver.html
 *
 * Known limits: parsing and ordering come from the `semver` package in strict mode, plus a check
 * that rejects the `v`/`=` prefixes and surrounding whitespace it tolerates; versions longer than 256
 * characters and numeric parts above 2^53-1 are rejected (the package's limits).
 */
// Only parse: the package's index loads its 47 modules (ranges, sorting, ...) at start-up.
import parseSemver from 'semver/functions/parse.js';
import type { SemVer } from 'semver';
import { memoize } from '../memo.ts';
import { VersionError } from '../types.ts';
import type { VersionScheme } from '../types.ts';

const ID = 'semver';

/** The parsed version, or null when invalid; once per string. */
const parse = memoize((v: string): SemVer | null => {
  const c = v.charCodeAt(0);
  // SemVer has no prefix: the string must start with a digit and carry no whitespace.
  if (!(c >= 48 && c <= 57) || v.trim() !== v) return null;
  return parseSemver(v);
});

function valid(v: string): boolean {
  return parse(v) !== null;
}

export const semverScheme = {
  id: ID,
  title: 'Semantic Versioning 2.0.0',
  specUrls: ['https://semver.org/spec/v2.0.0.html', 'https://doc.rust-lang.org/cargo/reference/semver.html'],
  isValid: valid,
  compare(a: string, b: string): -1 | 0 | 1 {
    const pa = parse(a);
    if (pa === null) throw new VersionError(ID, a, 'not a SemVer 2.0.0 version');
    const pb = parse(b);
    if (pb === null) throw new VersionError(ID, b, 'not a SemVer 2.0.0 version');
    // Same as semver.compare(a, b), which builds the same two SemVer objects.
    return pa.compare(pb);
  },
} as const satisfies VersionScheme;
