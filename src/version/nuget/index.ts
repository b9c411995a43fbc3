/**
 * @module version/nuget
 * NuGet package versions: `Major.Minor[.Patch[.Revision]][-prerelease][+metadata]` ordered like
 * NuGet.Versioning's `VersionComparer.Default`: missing parts are 0 (`1.0` = `1.0.0.0`), leading
 * zeros are ignored, a release beats its pre-releases, pre-release labels compare SemVer-style
 * (numeric below alphanumeric, fewer labels first) but case-insensitively, metadata is ignored.
 *
 * Specs: https://learn.microsoft.com/en-us/nuget/concepts/package-versioning,
 * https://semver.org/spec/v2.0.0.html
 *
 * Known limits: numbers are unbounded (NuGet stops at Int32, and compares over-long numeric labels as
 * text); NuGet's legacy single-number versions (`1`) are accepted as `1.0`.
 */
import { VersionError } from '../types.ts';
import type { VersionScheme } from '../types.ts';
import { compareDigits, compareStrings, isDigitCode } from '../numeric.ts';

const ID = 'nuget';

// One delimiter starts each repetition, so the expression matches in linear time.
const PATTERN = /^([0-9]+(?:\.[0-9]+){0,3})(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

interface NuGetVersion {
  parts: string[];
  labels: string[];
}

function parse(v: string): NuGetVersion | undefined {
  const m = PATTERN.exec(v);
  if (m === null) return undefined;
  const parts = m[1]!.split('.');
  while (parts.length < 4) parts.push('0');
  return { parts, labels: m[2] === undefined ? [] : m[2].split('.') };
}

function isNumeric(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isDigitCode(s.charCodeAt(i))) return false;
  return true;
}

function compareLabel(a: string, b: string): -1 | 0 | 1 {
  const na = isNumeric(a);
  const nb = isNumeric(b);
  if (na && nb) return compareDigits(a, b);
  if (na) return -1;
  if (nb) return 1;
  return compareStrings(a.toUpperCase(), b.toUpperCase());
}

function parseOrThrow(v: string): NuGetVersion {
  const p = parse(v);
  if (p === undefined) throw new VersionError(ID, v, 'not a NuGet version');
  return p;
}

export const nugetScheme = {
  id: ID,
  title: 'NuGet package version',
  specUrls: ['https://learn.microsoft.com/en-us/nuget/concepts/package-versioning', 'https://semver.org/spec/v2.0.0.html'],
  isValid(v: string): boolean {
    return parse(v) !== undefined;
  },
  compare(a: string, b: string): -1 | 0 | 1 {
    const pa = parseOrThrow(a);
    const pb = parseOrThrow(b);
    for (let k = 0; k < 4; k++) {
      const r = compareDigits(pa.parts[k]!, pb.parts[k]!);
      if (r !== 0) return r;
    }
    if (pa.labels.length === 0 || pb.labels.length === 0) {
      return pa.labels.length === pb.labels.length ? 0 : pa.labels.length === 0 ? 1 : -1;
    }
    const n = Math.min(pa.labels.length, pb.labels.length);
    for (let k = 0; k < n; k++) {
      const r = compareLabel(pa.labels[k]!, pb.labels[k]!);
      if (r !== 0) return r;
    }
    return pa.labels.length === pb.labels.length ? 0 : pa.labels.length < pb.labels.length ? -1 : 1;
  },
} as const satisfies VersionScheme;
