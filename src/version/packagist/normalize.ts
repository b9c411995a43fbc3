/**
 * @module version/packagist/normalize
 * Composer's `VersionParser::normalize` for the version shapes Packagist publishes, written as a
 * linear scanner (Composer's regular expressions backtrack): `v1.2` → `1.2.0.0`,
 * `1.0.0RC1dev` → `1.0.0.0-RC1-dev`, `10.4.13-b5` → `10.4.13.0-beta5`, `1.0.0.pl3` →
 * `1.0.0.0-patch3`, `20100102-203040` → `20100102.203040`, `2.x-dev` → `2.9999999.9999999.9999999-dev`.
 * Build metadata (`+foo`) is dropped. Returns undefined for anything Composer cannot order,
 * including `dev-<branch>` names (Composer never orders branches against versions).
 * Source: https://github.com/composer/semver/blob/main/src/VersionParser.php
 */
import { isDigitCode } from '../numeric.ts';

// Composer's stability words, in its alternation order, with their expanded spelling.
const STABILITIES: ReadonlyArray<readonly [string, string]> = [
  ['stable', ''],
  ['beta', 'beta'],
  ['b', 'beta'],
  ['rc', 'RC'],
  ['alpha', 'alpha'],
  ['a', 'alpha'],
  ['patch', 'patch'],
  ['pl', 'patch'],
  ['p', 'patch'],
];

function digitsEnd(s: string, i: number): number {
  let j = i;
  while (j < s.length && isDigitCode(s.charCodeAt(j))) j++;
  return j;
}

/**
 * Parses Composer's modifier `[._-]?(stability numbers?)?([.-]?dev)?` from `i` to the end, trying the
 * alternatives in the order the regular expression would; undefined when nothing fits.
 */
function modifier(s: string, i: number): string | undefined {
  const lower = s.toLowerCase();
  const starts = '._-'.includes(s[i] ?? ' ') ? [i + 1, i] : [i];
  for (const k0 of starts) {
    const words = [...STABILITIES.filter(([w]) => lower.startsWith(w, k0)), undefined];
    for (const word of words) {
      let k = k0;
      let numbers = '';
      if (word !== undefined) {
        k += word[0].length;
        for (;;) {
          const sep = s[k] === '.' || s[k] === '-' ? 1 : 0;
          const end = digitsEnd(s, k + sep);
          if (end === k + sep) break;
          numbers += s.slice(k, end);
          k = end;
        }
      }
      const rest = lower.slice(k);
      const dev = rest === 'dev' || rest === '.dev' || rest === '-dev';
      if (rest !== '' && !dev) continue;
      // Composer returns the bare version for "stable" (dropping any -dev with it).
      if (word === undefined || word[1] === '') return dev && word === undefined ? '-dev' : '';
      return `-${word[1]}${numbers.replace(/^[.-]/, '')}${dev ? '-dev' : ''}`;
    }
  }
  return undefined;
}

/** Classical `\d{1,5}(\.\d+){0,3}` (possessive, as in Composer) padded to four parts. */
function classical(s: string, i: number): { text: string; end: number } | undefined {
  const first = digitsEnd(s, i);
  if (first === i || first - i > 5) return undefined;
  const parts = [s.slice(i, first)];
  let k = first;
  while (parts.length < 4 && s[k] === '.' && isDigitCode(s.charCodeAt(k + 1))) {
    const end = digitsEnd(s, k + 1);
    parts.push(s.slice(k + 1, end));
    k = end;
  }
  while (parts.length < 4) parts.push('0');
  return { text: parts.join('.'), end: k };
}

// Composer's datetime pattern. It is only ever run on a slice of at most 40 characters and its
// quantifiers are bounded, so its backtracking is bounded by a constant.
const DATETIME = /^\d{4}(?:[.:-]?\d{2}){1,6}(?:[.:-]?\d{1,3}){0,2}$/;
const DATETIME_MAX = 40;

/** Every way the datetime pattern can end at, longest first (the order the regex would try). */
function datetimeEnds(s: string, i: number): number[] {
  const ends: number[] = [];
  for (let e = Math.min(s.length, i + DATETIME_MAX); e >= i + 6; e--) if (DATETIME.test(s.slice(i, e))) ends.push(e);
  return ends;
}

/** `1.x-dev`, `v2.4.*-dev` …: Composer's normalizeBranch for numbered branches. */
function branch(s: string): string | undefined {
  const m = /^v?([0-9]+)((?:\.(?:[0-9]+|[xX*])){0,3})[.-]?dev$/i.exec(s);
  if (m === null || !/[xX*]/.test(m[2] ?? '')) return undefined;
  const parts = [m[1]!, ...m[2]!.split('.').slice(1)];
  while (parts.length < 4) parts.push('x');
  return `${parts.map((p) => (/^[xX*]$/.test(p) ? '9999999' : p)).join('.')}-dev`;
}

/** Composer-normalised form of `version`, or undefined when Composer cannot order it. */
export function normalizeComposer(version: string): string | undefined {
  if (version.length === 0 || version.length > 256 || /[^0-9A-Za-z._:+*-]/.test(version)) return undefined;
  const plus = version.indexOf('+');
  const v = plus >= 0 ? version.slice(0, plus) : version;
  if (plus >= 0 && !/^[0-9A-Za-z.-]+$/.test(version.slice(plus + 1))) return undefined;
  if (/^dev-/i.test(v)) return undefined;
  const start = v[0] === 'v' || v[0] === 'V' ? 1 : 0;
  const num = classical(v, start);
  if (num !== undefined) {
    const mod = modifier(v, num.end);
    if (mod !== undefined) return num.text + mod;
  }
  for (const end of datetimeEnds(v, start)) {
    const mod = modifier(v, end);
    if (mod !== undefined) return v.slice(start, end).replace(/[^0-9]/g, '.') + mod;
  }
  return branch(v);
}
