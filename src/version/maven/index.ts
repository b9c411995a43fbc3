/**
 * @module version/maven
 * Maven artifact versions ordered like Maven's `ComparableVersion`: `.` and `-` separate items, and
 * so does every digit↔letter transition; `-` opens a nested list (which sorts below a `.` item);
 * trailing zeros and release qualifiers are dropped (`1.0.0` = `1` = `1-final`); known qualifiers
 * order `alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp`, with
 * `a1`/`b1`/`m1` short for alpha/beta/milestone; unknown qualifiers sort after `sp`, alphabetically
 * and case-insensitively.
 *
 * Specs: https://maven.apache.org/pom.html#version-order-specification,
 * https://maven.apache.org/ref/current/maven-artifact/apidocs/org/apache/maven/artifact/versioning/ComparableVersion.html
 *
 * Follows the current Maven 3.9 rules: `.X` qualifiers read as `-X` (MNG-7644), a sub-list compared
 * with nothing looks at all its items (MNG-6964), and `release`, `ea`, `preview` are aliases.
 *
 * Known limits: Maven accepts any string; here a version
 * must be ASCII letters, digits and `. - _ + ~`, contain a digit, and be at most 512 characters
 * (nesting depth grows with each `-`).
 */
import { memoize } from '../memo.ts';
import { VersionError } from '../types.ts';
import type { VersionScheme } from '../types.ts';
import { compareDigits, compareStrings, isDigitCode, sign } from '../numeric.ts';

const ID = 'maven';
const MAX_LENGTH = 512;

type Item = { kind: 'int'; digits: string } | { kind: 'str'; value: string } | { kind: 'list'; items: Item[] };

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const RELEASE_RANK = String(QUALIFIERS.indexOf(''));
const ALIASES: ReadonlyMap<string, string> = new Map([
  ['ga', ''],
  ['final', ''],
  ['release', ''],
  ['cr', 'rc'],
  ['ea', 'rc'],
  ['preview', 'rc'],
]);
const SHORT: ReadonlyMap<string, string> = new Map([
  ['a', 'alpha'],
  ['b', 'beta'],
  ['m', 'milestone'],
]);

/** Known qualifiers rank by index; unknown ones after all of them, lexically (as strings). */
function qualifierRank(q: string): string {
  const i = QUALIFIERS.indexOf(q);
  return i < 0 ? `${QUALIFIERS.length}-${q}` : String(i);
}

function stringItem(text: string, followedByDigit: boolean): Item {
  const expanded = (followedByDigit && SHORT.get(text)) || text;
  return { kind: 'str', value: ALIASES.get(expanded) ?? expanded };
}

function parseItem(isDigit: boolean, text: string): Item {
  return isDigit ? { kind: 'int', digits: text } : stringItem(text, false);
}

function isNull(item: Item): boolean {
  switch (item.kind) {
    case 'int':
      return /^0+$/.test(item.digits);
    case 'str':
      return qualifierRank(item.value) === RELEASE_RANK;
    case 'list':
      return item.items.length === 0;
  }
}

/** Drops trailing "null" items (0, release qualifiers, empty lists), stopping at a non-list item. */
function normalize(list: Item[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const item = list[i]!;
    if (isNull(item)) list.splice(i, 1);
    else if (item.kind !== 'list') break;
  }
}

function parse(version: string): Item {
  const v = version.toLowerCase();
  const root: Item[] = [];
  let list = root;
  const stack: Item[][] = [root];
  let isDigit = false;
  let start = 0;
  const openList = (): void => {
    const next: Item[] = [];
    list.push({ kind: 'list', items: next });
    list = next;
    stack.push(next);
  };
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 46 || c === 45) {
      list.push(i === start ? { kind: 'int', digits: '0' } : parseItem(isDigit, v.slice(start, i)));
      start = i + 1;
      if (c === 45) openList();
    } else if (isDigitCode(c)) {
      if (!isDigit && i > start) {
        // ".X1" is read as "-X1" (MNG-7644): a qualifier always opens its own list.
        if (list.length > 0) openList();
        list.push(stringItem(v.slice(start, i), true));
        start = i;
        openList();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.push(parseItem(true, v.slice(start, i)));
        start = i;
        openList();
      }
      isDigit = false;
    }
  }
  if (v.length > start) {
    if (!isDigit && list.length > 0) openList();
    list.push(parseItem(isDigit, v.slice(start)));
  }
  for (let k = stack.length - 1; k >= 0; k--) normalize(stack[k]!);
  return { kind: 'list', items: root };
}

/** `a` against `b`, where `b` undefined means "nothing there" (the other list ran out). */
function compareItem(a: Item, b: Item | undefined): -1 | 0 | 1 {
  switch (a.kind) {
    case 'int':
      if (b === undefined) return isNull(a) ? 0 : 1;
      return b.kind === 'int' ? compareDigits(a.digits, b.digits) : 1;
    case 'str':
      if (b === undefined) return compareStrings(qualifierRank(a.value), RELEASE_RANK);
      if (b.kind === 'str') return compareStrings(qualifierRank(a.value), qualifierRank(b.value));
      return -1;
    case 'list': {
      if (b === undefined) {
        // Against nothing, the whole list counts, not only its first item (MNG-6964).
        for (const item of a.items) {
          const r = compareItem(item, undefined);
          if (r !== 0) return r;
        }
        return 0;
      }
      if (b.kind === 'int') return -1;
      if (b.kind === 'str') return 1;
      const n = Math.max(a.items.length, b.items.length);
      for (let k = 0; k < n; k++) {
        const l = a.items[k];
        const r = b.items[k];
        const result = l === undefined ? (r === undefined ? 0 : sign(-compareItem(r, undefined))) : compareItem(l, r);
        if (result !== 0) return result;
      }
      return 0;
    }
  }
}

function reason(v: string): string | undefined {
  if (v.length === 0) return 'empty version';
  if (v.length > MAX_LENGTH) return `longer than ${MAX_LENGTH} characters`;
  if (!/^[A-Za-z0-9._+~-]+$/.test(v)) return 'only letters, digits and . - _ + ~ are accepted';
  if (!/[0-9]/.test(v)) return 'no digit';
  return undefined;
}

/** The parsed version, or the reason it is rejected; once per string (items are never mutated after parsing). */
const parseChecked = memoize((v: string): Item | string => reason(v) ?? parse(v));

function parseOrThrow(v: string): Item {
  const r = parseChecked(v);
  if (typeof r === 'string') throw new VersionError(ID, v, r);
  return r;
}

export const mavenScheme = {
  id: ID,
  title: 'Maven ComparableVersion',
  specUrls: [
    'https://maven.apache.org/pom.html#version-order-specification',
    'https://maven.apache.org/ref/current/maven-artifact/apidocs/org/apache/maven/artifact/versioning/ComparableVersion.html',
  ],
  isValid(v: string): boolean {
    return reason(v) === undefined;
  },
  compare(a: string, b: string): -1 | 0 | 1 {
    return compareItem(parseOrThrow(a), parseOrThrow(b));
  },
} as const satisfies VersionScheme;
