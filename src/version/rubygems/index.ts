/**
 * @module version/rubygems
 * RubyGems versions ordered like `Gem::Version#<=>`: the version is split into numeric and letter
 * segments (`1.8.2.a10` → 1, 8, 2, "a", 10; `-` reads as `.pre.`); trailing zeros are dropped from
 * the release part and from the pre-release part; then segments compare pairwise (missing = 0),
 * a letter segment sorts before any number, so any version with letters is a pre-release that sorts
 * before its release.
 *
 * Specs: https://guides.rubygems.org/patterns/#semantic-versioning,
 * https://docs.ruby-lang.org/en/master/Gem/Version.html
 *
 * Known limits: surrounding whitespace and the empty string (which RubyGems reads as "0") are
 * rejected; letter segments compare byte-wise (case-sensitive), as Ruby does.
 */
import { VersionError } from '../types.ts';
import type { VersionScheme } from '../types.ts';
import { compareDigits, compareStrings, isDigitCode } from '../numeric.ts';

const ID = 'rubygems';

// Gem::Version::VERSION_PATTERN without the surrounding whitespace it tolerates. Each repetition
// starts at a fixed delimiter, so matching is linear.
const PATTERN = /^[0-9]+(?:\.[0-9A-Za-z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

type Segment = string | { n: string };

function isZero(s: Segment): boolean {
  return typeof s !== 'string' && /^0+$/.test(s.n);
}

function segments(v: string): Segment[] {
  const out: Segment[] = [];
  const s = v.replaceAll('-', '.pre.');
  let i = 0;
  while (i < s.length) {
    const start = i;
    if (isDigitCode(s.charCodeAt(i))) {
      while (i < s.length && isDigitCode(s.charCodeAt(i))) i++;
      out.push({ n: s.slice(start, i) });
    } else if (/[A-Za-z]/.test(s[i]!)) {
      while (i < s.length && /[A-Za-z]/.test(s[i]!)) i++;
      out.push(s.slice(start, i));
    } else {
      i++;
    }
  }
  return out;
}

function dropTrailingZeros(list: Segment[]): Segment[] {
  let end = list.length;
  while (end > 0 && isZero(list[end - 1]!)) end--;
  return list.slice(0, end);
}

/** Gem::Version#canonical_segments: trailing zeros trimmed from release and pre-release parts. */
function canonical(v: string): Segment[] {
  const all = segments(v);
  const firstString = all.findIndex((s) => typeof s === 'string');
  const cut = firstString < 0 ? all.length : firstString;
  return [...dropTrailingZeros(all.slice(0, cut)), ...dropTrailingZeros(all.slice(cut))];
}

function checked(v: string): Segment[] {
  if (!PATTERN.test(v)) throw new VersionError(ID, v, 'malformed version number string');
  return canonical(v);
}

const ZERO: Segment = { n: '0' };

export const rubygemsScheme = {
  id: ID,
  title: 'RubyGems Gem::Version',
  specUrls: ['https://guides.rubygems.org/patterns/#semantic-versioning', 'https://docs.ruby-lang.org/en/master/Gem/Version.html'],
  isValid(v: string): boolean {
    return PATTERN.test(v);
  },
  compare(a: string, b: string): -1 | 0 | 1 {
    const la = checked(a);
    const lb = checked(b);
    const n = Math.max(la.length, lb.length);
    for (let k = 0; k < n; k++) {
      const x = la[k] ?? ZERO;
      const y = lb[k] ?? ZERO;
      if (typeof x === 'string' && typeof y === 'string') {
        const r = compareStrings(x, y);
        if (r !== 0) return r;
      } else if (typeof x === 'string') {
        return -1;
      } else if (typeof y === 'string') {
        return 1;
      } else {
        const r = compareDigits(x.n, y.n);
        if (r !== 0) return r;
      }
    }
    return 0;
  },
} as const satisfies VersionScheme;
