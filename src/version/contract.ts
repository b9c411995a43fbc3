/**
 * @module version/contract
 * The shared contract every version scheme must honour (in the manner of Hono's router common
 * tests): a total order over real versions (reflexive, antisymmetric, transitive), `isValid` false
 * for garbage without slow parsing, and `compare` throwing VersionError on invalid input.
 * Called from `contract.test.ts` once per registered scheme; returns problems instead of asserting
 * so one report shows every broken law.
 */
import { VersionError } from './types.ts';
import type { VersionScheme } from './types.ts';

/** Strings no scheme may accept. The long ones guard against super-linear parsing. */
export const GARBAGE: readonly string[] = [
  '',
  '\u0000',
  ' ',
  '\n',
  '..',
  '-',
  '\u00e9\u00e9',
  '1'.repeat(10_000) + '\u0000',
  '1.'.repeat(5_000) + '\u0000',
  '1-'.repeat(5_000) + ' ',
  'a'.repeat(10_000) + '\u0000',
  '1.0-' + 'a'.repeat(10_000) + '\u0000',
  '1.0-' + 'a.'.repeat(5_000) + '\u0000',
  'v' + '1'.repeat(10_000) + '\u0000',
];

/** Checks the order laws over `versions`; returns human-readable violations (empty = ok). */
export function checkOrderLaws(scheme: VersionScheme, versions: readonly string[]): string[] {
  const problems: string[] = [];
  for (const v of versions) {
    if (!scheme.isValid(v)) problems.push(`isValid(${JSON.stringify(v)}) is false for a real version`);
  }
  const valid = versions.filter((v) => scheme.isValid(v));
  const sorted = [...valid].sort((a, b) => scheme.compare(a, b));
  const n = sorted.length;
  // Every pair once. Transitivity follows when the sorted order agrees with every pair: for i < j,
  // compare(s[i], s[j]) <= 0, and once s[i] is below some s[k] it must stay below every later s[j]
  // (otherwise "equal" would not be transitive).
  for (let i = 0; i < n && problems.length < 20; i++) {
    const a = sorted[i]!;
    if (scheme.compare(a, a) !== 0) problems.push(`compare(${a}, ${a}) is not 0`);
    let seenLess = false;
    for (let j = i + 1; j < n && problems.length < 20; j++) {
      const b = sorted[j]!;
      const ab = scheme.compare(a, b);
      const ba = scheme.compare(b, a);
      if (ab !== -ba) problems.push(`antisymmetry: compare(${a}, ${b}) = ${ab} but compare(${b}, ${a}) = ${ba}`);
      if (ab > 0) problems.push(`transitivity: ${a} sorts before ${b} but compares greater`);
      if (ab === 0 && seenLess) problems.push(`transitivity: ${a} equals ${b} but is less than a version between them`);
      if (ab < 0) seenLess = true;
    }
  }
  return problems;
}

/** Checks garbage rejection and VersionError throwing; `good` is any valid version of the scheme. */
export function checkRejection(scheme: VersionScheme, good: string): string[] {
  const problems: string[] = [];
  for (const g of GARBAGE) {
    const label = JSON.stringify(g.length > 20 ? `${g.slice(0, 20)}…(${g.length})` : g);
    if (scheme.isValid(g)) problems.push(`isValid(${label}) is true`);
    for (const args of [
      [g, good],
      [good, g],
    ] as const) {
      try {
        scheme.compare(args[0], args[1]);
        problems.push(`compare accepted ${label}`);
      } catch (err) {
        if (!(err instanceof VersionError)) problems.push(`compare(${label}) threw ${String(err)}, not VersionError`);
      }
    }
  }
  return problems;
}
