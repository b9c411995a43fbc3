/**
 * @module version/npm
 * npm package versions with node-semver semantics, including the loose forms npm itself accepts
 * (`v1.2.3`, `=1.2.3`, surrounding spaces, `1.2.3beta`). Build metadata is ignored for precedence.
 *
 * Specs: https://docs.npmjs.com/cli/v10/using-npm/semver, https://github.com/npm/node-semver#versions
 *
 * Known limits: this *is* the `semver` package in loose mode (what npm runs), so its limits apply:
 * at most 256 characters, numeric parts at most 2^53-1. Ranges are out of scope (OSV events only).
 */
// Only parse: the package's index loads its 47 modules (ranges, sorting, ...) at start-up.
import parseSemver from 'semver/functions/parse.js';
import type { SemVer } from 'semver';
import { memoize } from '../memo.ts';
import { VersionError } from '../types.ts';
import type { VersionScheme } from '../types.ts';

const ID = 'npm';
const OPTIONS = { loose: true } as const;

/** `semver.parse` (null when invalid), once per string: `semver.compare` would re-parse both sides. */
const parse = memoize((v: string): SemVer | null => parseSemver(v, OPTIONS));

function valid(v: string): boolean {
  return parse(v) !== null;
}

export const npmScheme = {
  id: ID,
  title: 'npm (node-semver, loose)',
  specUrls: ['https://docs.npmjs.com/cli/v10/using-npm/semver', 'https://github.com/npm/node-semver#versions'],
  isValid: valid,
  compare(a: string, b: string): -1 | 0 | 1 {
    const pa = parse(a);
    if (pa === null) throw new VersionError(ID, a, 'not a version npm accepts');
    const pb = parse(b);
    if (pb === null) throw new VersionError(ID, b, 'not a version npm accepts');
    // Same as semver.compare(a, b, OPTIONS), which builds the same two SemVer objects.
    return pa.compare(pb);
  },
} as const satisfies VersionScheme;
