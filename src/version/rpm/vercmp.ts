/**
 * @module version/rpm/vercmp
 * rpm's segment comparison (`rpmvercmp` in rpmio/rpmvercmp.c, behaviour documented in
 * https://rpm-software-management.github.io/rpm/manual/dependencies.html#versioning): versions are
 * split into runs of digits and runs of letters, everything else only separates; digit runs compare
 * numerically and beat letter runs; `~` sorts before anything, even the end; `^` sorts after the end
 * but before any other segment.
 */
import { compareDigits, compareStrings, isAlphaCode, isDigitCode } from '../numeric.ts';

function isAlnum(c: number): boolean {
  return isDigitCode(c) || isAlphaCode(c);
}

const TILDE = 126;
const CARET = 94;

/** Compares two version (or release) strings the way rpm does: -1, 0 or 1. */
export function rpmvercmp(a: string, b: string): -1 | 0 | 1 {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  const la = a.length;
  const lb = b.length;
  while (i < la || j < lb) {
    while (i < la && !isAlnum(a.charCodeAt(i)) && a.charCodeAt(i) !== TILDE && a.charCodeAt(i) !== CARET) i++;
    while (j < lb && !isAlnum(b.charCodeAt(j)) && b.charCodeAt(j) !== TILDE && b.charCodeAt(j) !== CARET) j++;
    const ca = i < la ? a.charCodeAt(i) : -1;
    const cb = j < lb ? b.charCodeAt(j) : -1;
    if (ca === TILDE || cb === TILDE) {
      if (ca !== TILDE) return 1;
      if (cb !== TILDE) return -1;
      i++;
      j++;
      continue;
    }
    if (ca === CARET || cb === CARET) {
      if (ca === -1) return -1;
      if (cb === -1) return 1;
      if (ca !== CARET) return 1;
      if (cb !== CARET) return -1;
      i++;
      j++;
      continue;
    }
    if (ca === -1 || cb === -1) break;
    const numeric = isDigitCode(ca);
    const inRun = numeric ? isDigitCode : isAlphaCode;
    const si = i;
    while (i < la && inRun(a.charCodeAt(i))) i++;
    const sj = j;
    while (j < lb && inRun(b.charCodeAt(j))) j++;
    // b has a run of the other kind here: a digit run beats letters, a letter run loses to digits.
    if (sj === j) return numeric ? 1 : -1;
    const sa = a.slice(si, i);
    const sb = b.slice(sj, j);
    const r = numeric ? compareDigits(sa, sb) : compareStrings(sa, sb);
    if (r !== 0) return r;
  }
  if (i >= la && j >= lb) return 0;
  return i >= la ? -1 : 1;
}
