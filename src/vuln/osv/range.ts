/**
 * @module vuln/osv/range
 * Evaluates one OSV `affected[]` entry against an installed version, following the OSV schema's
 * "Evaluation" section (https://ossf.github.io/osv-schema/#evaluation):
 * events are sorted by version (`introduced: "0"` first); each `introduced` opens an interval that
 * the next `fixed` (exclusive) or `last_affected` (inclusive) closes; `limit` events cap every
 * interval of their range; `versions` lists are exact matches. GIT ranges name commits, not
 * versions, and are ignored (reins has no commit for an installed package).
 *
 * Limits: SEMVER ranges are compared with the package ecosystem's own ordering (npm, Go and
 * crates.io are SemVer anyway); an event version the ordering rejects skips that range and is
 * reported by the caller.
 */
import type { OsvAffected, OsvEvent, OsvRange } from './schema.ts';

export type Compare = (a: string, b: string) => -1 | 0 | 1;

/** One interval (or versions-list entry) that contains the installed version. */
export interface RangeHit {
  rangeType: string;
  introduced?: string;
  fixed?: string;
  lastAffected?: string;
  limit?: string;
  comparison: string;
}

export interface AffectedVerdict {
  hits: RangeHit[];
  /** Ranges skipped because an event version could not be ordered: `<type>: <message>`. */
  skipped: string[];
}

interface Interval {
  introduced: string;
  fixed?: string;
  lastAffected?: string;
}

function eventVersion(e: OsvEvent): string {
  return e.introduced ?? e.fixed ?? e.last_affected ?? e.limit ?? '';
}

function sortEvents(events: readonly OsvEvent[], compare: Compare): OsvEvent[] {
  const rank = (e: OsvEvent): number => (e.introduced === '0' ? -1 : 0);
  return [...events].sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    if (ra !== rb) return ra - rb;
    if (ra === -1) return 0;
    return compare(eventVersion(a), eventVersion(b));
  });
}

function intervals(events: readonly OsvEvent[]): Interval[] {
  const out: Interval[] = [];
  let open: string | undefined;
  for (const e of events) {
    if (e.introduced !== undefined) {
      open ??= e.introduced;
    } else if (e.fixed !== undefined && open !== undefined) {
      out.push({ introduced: open, fixed: e.fixed });
      open = undefined;
    } else if (e.last_affected !== undefined && open !== undefined) {
      out.push({ introduced: open, lastAffected: e.last_affected });
      open = undefined;
    }
  }
  if (open !== undefined) out.push({ introduced: open });
  return out;
}

function evaluateRange(range: OsvRange, version: string, compare: Compare, label: string): RangeHit[] {
  const sorted = sortEvents(range.events, compare);
  const limits = sorted.flatMap((e) => (e.limit !== undefined && e.limit !== '*' ? [e.limit] : []));
  const hits: RangeHit[] = [];
  for (const iv of intervals(sorted)) {
    const parts: string[] = [];
    if (iv.introduced !== '0') {
      if (compare(version, iv.introduced) < 0) continue;
      parts.push(`${version} >= ${iv.introduced} (introduced)`);
    } else {
      parts.push(`introduced 0`);
    }
    if (iv.fixed !== undefined) {
      if (compare(version, iv.fixed) >= 0) continue;
      parts.push(`${version} < ${iv.fixed} (fixed)`);
    } else if (iv.lastAffected !== undefined) {
      if (compare(version, iv.lastAffected) > 0) continue;
      parts.push(`${version} <= ${iv.lastAffected} (last_affected)`);
    } else {
      parts.push('no fix');
    }
    let limit: string | undefined;
    if (limits.length > 0) {
      limit = limits.find((l) => compare(version, l) < 0);
      if (limit === undefined) continue;
      parts.push(`${version} < ${limit} (limit)`);
    }
    hits.push({
      rangeType: range.type,
      introduced: iv.introduced,
      ...(iv.fixed !== undefined ? { fixed: iv.fixed } : {}),
      ...(iv.lastAffected !== undefined ? { lastAffected: iv.lastAffected } : {}),
      ...(limit !== undefined ? { limit } : {}),
      comparison: `${parts.join(' and ')} [${label}]`,
    });
  }
  return hits;
}

/**
 * The intervals of `affected` that contain `version`. `compare` orders versions of the package's
 * ecosystem and throws for versions it cannot parse; the caller must check the installed version
 * first, so a throw here means an event version of the record is unparsable.
 */
export function evaluateAffected(affected: OsvAffected, version: string, compare: Compare, label: string): AffectedVerdict {
  const hits: RangeHit[] = [];
  const skipped: string[] = [];
  for (const v of affected.versions ?? []) {
    let equal = v === version;
    if (!equal) {
      try {
        equal = compare(version, v) === 0;
      } catch {
        equal = false;
      }
    }
    if (equal) {
      hits.push({ rangeType: 'versions', comparison: `${version} listed in affected versions [${label}]` });
      break;
    }
  }
  for (const range of affected.ranges ?? []) {
    if (range.type !== 'ECOSYSTEM' && range.type !== 'SEMVER') continue;
    try {
      hits.push(...evaluateRange(range, version, compare, label));
    } catch (err) {
      skipped.push(`${range.type}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { hits, skipped };
}

function rangeContains(range: OsvRange, version: string, compare: Compare): boolean {
  const sorted = sortEvents(range.events, compare);
  let limits: string[] | undefined;
  for (const e of sorted) if (e.limit !== undefined && e.limit !== '*') (limits ??= []).push(e.limit);
  for (const iv of intervals(sorted)) {
    if (iv.introduced !== '0' && compare(version, iv.introduced) < 0) continue;
    if (iv.fixed !== undefined) {
      if (compare(version, iv.fixed) >= 0) continue;
    } else if (iv.lastAffected !== undefined) {
      if (compare(version, iv.lastAffected) > 0) continue;
    }
    if (limits !== undefined && !limits.some((l) => compare(version, l) < 0)) continue;
    return true;
  }
  return false;
}

/**
 * Same as `evaluateAffected(affected, version, compare, label)` having a hit or a skipped range,
 * without building the evidence: the pre-check that decides whether a record is read at all.
 */
export function mayContain(affected: Pick<OsvAffected, 'ranges' | 'versions'>, version: string, compare: Compare): boolean {
  for (const v of affected.versions ?? []) {
    if (v === version) return true;
    try {
      if (compare(version, v) === 0) return true;
    } catch {
      // an unparsable listed version never equals the installed one
    }
  }
  for (const range of affected.ranges ?? []) {
    if (range.type !== 'ECOSYSTEM' && range.type !== 'SEMVER') continue;
    try {
      if (rangeContains(range, version, compare)) return true;
    } catch {
      return true; // evaluateAffected reports this range as skipped: the record must be read
    }
  }
  return false;
}
