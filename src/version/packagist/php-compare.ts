/**
 * @module version/packagist/php-compare
 * PHP's `version_compare()` (ext/standard/versioning.c), which Composer applies to normalised
 * versions: `-`, `_`, `+` become `.`, a dot is inserted at every digit↔letter change, then parts
 * compare pairwise: numbers numerically; words by their special form `dev < alpha = a < beta = b <
 * RC = rc < (number) < pl = p` (matched by prefix, so `patch` counts as `p`; unknown words sort
 * below `dev`); a number beats a word; when one side runs out, a remaining number wins and a
 * remaining word is compared against a number.
 * Docs: https://www.php.net/manual/en/function.version-compare.php
 */
import { compareDigits, isDigitCode } from '../numeric.ts';

const FORMS: ReadonlyArray<readonly [string, number]> = [
  ['dev', 0],
  ['alpha', 1],
  ['a', 1],
  ['beta', 2],
  ['b', 2],
  ['RC', 3],
  ['rc', 3],
  ['#', 4],
  ['pl', 5],
  ['p', 5],
];

function formOrder(part: string): number {
  for (const [name, order] of FORMS) if (part.startsWith(name)) return order;
  return -1;
}

/** php_canonicalize_version followed by the split on dots (empty parts vanish, as with strtok). */
function parts(v: string): string[] {
  let out = '';
  let prev = '';
  for (const c of v) {
    const last = out[out.length - 1];
    const digit = isDigitCode(c.charCodeAt(0));
    const prevDigit = prev !== '' && isDigitCode(prev.charCodeAt(0));
    if (c === '-' || c === '_' || c === '+' || !/[0-9A-Za-z.]/.test(c)) {
      if (last !== '.') out += '.';
    } else if (prev !== '' && prev !== '.' && c !== '.' && digit !== prevDigit) {
      if (last !== '.') out += '.';
      out += c;
    } else {
      out += c;
    }
    prev = c;
  }
  return out.split('.').filter((p) => p.length > 0);
}

function comparePart(a: string, b: string): -1 | 0 | 1 {
  const da = isDigitCode(a.charCodeAt(0));
  const db = isDigitCode(b.charCodeAt(0));
  if (da && db) return compareDigits(a, b);
  const oa = da ? 4 : formOrder(a);
  const ob = db ? 4 : formOrder(b);
  return oa < ob ? -1 : oa > ob ? 1 : 0;
}

/** PHP version_compare(a, b): -1, 0 or 1. */
export function phpVersionCompare(a: string, b: string): -1 | 0 | 1 {
  const pa = parts(a);
  const pb = parts(b);
  const n = Math.min(pa.length, pb.length);
  for (let k = 0; k < n; k++) {
    const r = comparePart(pa[k]!, pb[k]!);
    if (r !== 0) return r;
  }
  if (pa.length > n) return isDigitCode(pa[n]!.charCodeAt(0)) ? 1 : comparePart(pa[n]!, '#');
  if (pb.length > n) return isDigitCode(pb[n]!.charCodeAt(0)) ? -1 : comparePart('#', pb[n]!);
  return 0;
}
