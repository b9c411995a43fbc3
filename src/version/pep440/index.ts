/**
 * @module version/pep440
 * Python package versions (PyPI) ordered by PEP 440: epochs, release segments with implicit zero
 * padding, `a`/`b`/`rc` pre-releases, `.postN`, `.devN`, local versions, and the normalised spellings
 * (`1.0-alpha1`, `1.0.post`, `v1.0`, case-insensitive).
 *
 * Specs: https://peps.python.org/pep-0440/,
 * https://packaging.python.org/en/latest/specifications/version-specifiers/
 *
 * Known limits: parsing and ordering come from `@renovatebot/pep440` (a port of `packaging`);
 * legacy (non-PEP 440) versions are invalid. Inputs over 256 characters are rejected before the
 * library's regular expression runs, so hostile strings cannot make parsing slow.
 */
import { compare as pep440Compare, valid as pep440Valid } from '@renovatebot/pep440';
import { memoize } from '../memo.ts';
import { VersionError } from '../types.ts';
import type { VersionScheme } from '../types.ts';
import { sign } from '../numeric.ts';

const ID = 'pep440';
const MAX_LENGTH = 256;

const valid = memoize((v: string): boolean => v.length <= MAX_LENGTH && pep440Valid(v) !== null);

// The library parses both sides on every call; the result of a pair never changes. Kept per first
// then second version: a joined key string was built, flattened and hashed on every call (matching
// compares one installed version with many event versions).
const pairs = new Map<string, Map<string, -1 | 0 | 1>>();
let pairCount = 0;
function comparePair(a: string, b: string): -1 | 0 | 1 {
  let row = pairs.get(a);
  if (row === undefined) {
    if (pairCount >= 50_000) {
      pairs.clear();
      pairCount = 0;
    }
    pairs.set(a, (row = new Map()));
  }
  let r = row.get(b);
  if (r === undefined) {
    r = sign(pep440Compare(a, b));
    row.set(b, r);
    pairCount++;
  }
  return r;
}

export const pep440Scheme = {
  id: ID,
  title: 'PEP 440 (Python)',
  specUrls: [
    'https://peps.python.org/pep-0440/',
    'https://packaging.python.org/en/latest/specifications/version-specifiers/',
  ],
  isValid: valid,
  compare(a: string, b: string): -1 | 0 | 1 {
    if (!valid(a)) throw new VersionError(ID, a, 'not a PEP 440 version');
    if (!valid(b)) throw new VersionError(ID, b, 'not a PEP 440 version');
    return comparePair(a, b);
  },
} as const satisfies VersionScheme;
