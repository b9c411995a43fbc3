/**
 * @module version/apk
 * Alpine (apk) package versions `digits{.digits}[letter]{_suffix[digits]}[~hash][-rN]`, ordered like
 * apk-tools' `apk version -t`: pre-release suffixes `_alpha < _beta < _pre < _rc` sort before the
 * bare release, post-release suffixes `_cvs < _svn < _git < _hg < _p` after it; a dotted part with a
 * leading zero compares as a string (Gentoo rule); `-rN` is the package revision.
 * Used for Alpine, Wolfi and Chainguard.
 *
 * Specs: https://wiki.alpinelinux.org/wiki/APKBUILD_Reference#pkgver,
 * https://gitlab.alpinelinux.org/alpine/apk-tools/-/blob/master/src/version.c (apk-tools 3 rules,
 * also in 2.14), https://wiki.gentoo.org/wiki/Version_specifier
 *
 * Known limits: strings apk itself marks invalid (`1.0bc`, `23_foo`) are rejected rather than given
 * apk's fallback order; numbers are unbounded (apk stops at 64 bits).
 */
import { VersionError } from '../types.ts';
import type { VersionScheme } from '../types.ts';
import { compareDigits, compareStrings, isDigitCode } from '../numeric.ts';

const ID = 'apk';

// Token kinds in the order apk-tools declares them: the order matters for the tie-break below.
const INITIAL = 0;
const DIGIT = 1;
const LETTER = 2;
const SUFFIX = 3;
const SUFFIX_NO = 4;
const HASH = 5;
const REVISION = 6;
const END = 7;

/** Suffix ranks; `NONE` (a release) sits between pre- and post-release suffixes. */
const SUFFIXES: ReadonlyMap<string, number> = new Map([
  ['alpha', 0],
  ['beta', 1],
  ['pre', 2],
  ['rc', 3],
  ['cvs', 5],
  ['svn', 6],
  ['git', 7],
  ['hg', 8],
  ['p', 9],
]);
const NONE = 4;

interface Token {
  kind: number;
  text: string;
  suffix: number;
}

function span(s: string, i: number, ok: (c: number) => boolean): number {
  let j = i;
  while (j < s.length && ok(s.charCodeAt(j))) j++;
  return j;
}

const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isHex = (c: number): boolean => isDigitCode(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);

/** Splits a version into tokens; returns a reason string when apk would call it invalid. */
function tokenize(v: string): Token[] | string {
  const tokens: Token[] = [];
  let i = span(v, 0, isDigitCode);
  if (i === 0) return 'must start with a digit';
  tokens.push({ kind: INITIAL, text: v.slice(0, i), suffix: NONE });
  let last = INITIAL;
  while (i < v.length) {
    const c = v.charCodeAt(i);
    let kind: number;
    let start = i;
    let suffix = NONE;
    if (isLower(c) && last <= DIGIT) {
      kind = LETTER;
      i++;
    } else if ((c === 46 && last <= DIGIT) || (isDigitCode(c) && last === SUFFIX)) {
      kind = last === SUFFIX ? SUFFIX_NO : DIGIT;
      if (c === 46) start = ++i;
      i = span(v, i, isDigitCode);
      if (i === start) return `expected digits at ${start}`;
    } else if (c === 95 && last <= SUFFIX_NO) {
      start = ++i;
      i = span(v, i, isLower);
      const rank = SUFFIXES.get(v.slice(start, i));
      if (rank === undefined) return `unknown suffix "_${v.slice(start, i)}"`;
      kind = SUFFIX;
      suffix = rank;
    } else if (c === 126 && last < HASH) {
      start = ++i;
      i = span(v, i, isHex);
      if (i === start) return `expected a commit hash at ${start}`;
      kind = HASH;
    } else if (c === 45 && last < REVISION && v.charCodeAt(i + 1) === 114) {
      start = i += 2;
      i = span(v, i, isDigitCode);
      if (i === start) return `expected a revision number at ${start}`;
      kind = REVISION;
    } else {
      return `unexpected character at ${i}`;
    }
    tokens.push({ kind, text: v.slice(start, i), suffix });
    last = kind;
  }
  return tokens;
}

function compareToken(a: Token, b: Token): -1 | 0 | 1 {
  switch (a.kind) {
    case DIGIT:
      // A leading zero on either side means string order ("1.01" < "1.1"), as in apk and Gentoo.
      if (a.text.startsWith('0') || b.text.startsWith('0')) return compareStrings(a.text, b.text);
      return compareDigits(a.text, b.text);
    case INITIAL:
    case SUFFIX_NO:
    case REVISION:
      return compareDigits(a.text, b.text);
    case SUFFIX:
      return a.suffix < b.suffix ? -1 : a.suffix > b.suffix ? 1 : 0;
    default:
      return compareStrings(a.text, b.text);
  }
}

function tokensOrThrow(v: string): Token[] {
  const t = tokenize(v);
  if (typeof t === 'string') throw new VersionError(ID, v, t);
  return t;
}

const END_TOKEN: Token = { kind: END, text: '', suffix: NONE };

export const apkScheme = {
  id: ID,
  title: 'Alpine package version (apk)',
  specUrls: [
    'https://wiki.alpinelinux.org/wiki/APKBUILD_Reference#pkgver',
    'https://gitlab.alpinelinux.org/alpine/apk-tools/-/blob/master/src/version.c',
  ],
  isValid(v: string): boolean {
    return typeof tokenize(v) !== 'string';
  },
  compare(a: string, b: string): -1 | 0 | 1 {
    const ta = tokensOrThrow(a);
    const tb = tokensOrThrow(b);
    let k = 0;
    for (;;) {
      const x = ta[k] ?? END_TOKEN;
      const y = tb[k] ?? END_TOKEN;
      if (x.kind !== y.kind) {
        // The first differing kind decides: a pre-release suffix loses to anything; otherwise the
        // side with the *earlier* token kind (more version left) is the greater one.
        if (x.kind === SUFFIX && x.suffix < NONE) return -1;
        if (y.kind === SUFFIX && y.suffix < NONE) return 1;
        return x.kind > y.kind ? -1 : 1;
      }
      if (x.kind === END) return 0;
      const r = compareToken(x, y);
      if (r !== 0) return r;
      k++;
    }
  },
} as const satisfies VersionScheme;
