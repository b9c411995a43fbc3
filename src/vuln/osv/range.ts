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
import { flat } from '../flat.ts';
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

function rank(e: OsvEvent): number {
  return e.introduced === '0' ? -1 : 0;
}

function byVersion(compare: Compare): (a: OsvEvent, b: OsvEvent) => number {
  return (a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    if (ra !== rb) return ra - rb;
    if (ra === -1) return 0;
    return compare(eventVersion(a), eventVersion(b));
  };
}

/**
 * Events ordered as OSV evaluation requires (`introduced: "0"` first, then by version; stable).
 * Ranges of one or two events (nearly all) are ordered without Array.prototype.sort, which
 * allocates its work state on every call: one comparison of the second with the first, as a
 * stable sort of two elements makes, and the same exception when a version cannot be ordered.
 */
export function sortEvents(events: readonly OsvEvent[], compare: Compare): readonly OsvEvent[] {
  if (events.length < 2) return events;
  if (events.length === 2) {
    const a = events[0]!;
    const b = events[1]!;
    const ra = rank(a);
    const rb = rank(b);
    const order = ra !== rb ? rb - ra : ra === -1 ? 0 : compare(eventVersion(b), eventVersion(a));
    return order < 0 ? [b, a] : events;
  }
  return [...events].sort(byVersion(compare));
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

/** Appends to `hits` the interval [introduced, fixed | last_affected | none] if it contains `version`. */
function evaluateInterval(range: OsvRange, iv: Interval, limits: string[] | undefined, version: string, compare: Compare, label: string, hits: RangeHit[]): void {
  let text: string;
  if (iv.introduced !== '0') {
    if (compare(version, iv.introduced) < 0) return;
    text = `${version} >= ${iv.introduced} (introduced)`;
  } else {
    text = 'introduced 0';
  }
  if (iv.fixed !== undefined) {
    if (compare(version, iv.fixed) >= 0) return;
    text += ` and ${version} < ${iv.fixed} (fixed)`;
  } else if (iv.lastAffected !== undefined) {
    if (compare(version, iv.lastAffected) > 0) return;
    text += ` and ${version} <= ${iv.lastAffected} (last_affected)`;
  } else {
    text += ' and no fix';
  }
  let limit: string | undefined;
  if (limits !== undefined) {
    limit = limits.find((l) => compare(version, l) < 0);
    if (limit === undefined) return;
    text += ` and ${version} < ${limit} (limit)`;
  }
  // Keys in this order (evidence is copied from hits in it); absent bounds are not set. The common
  // shapes are literals (one allocation each, no property array grown field by field).
  if (limit === undefined && iv.lastAffected === undefined) {
    const comparison = flat(text, ' [', label, ']');
    hits.push(iv.fixed !== undefined ? { rangeType: range.type, introduced: iv.introduced, fixed: iv.fixed, comparison } : { rangeType: range.type, introduced: iv.introduced, comparison });
    return;
  }
  const hit: RangeHit = { rangeType: range.type, introduced: iv.introduced } as RangeHit;
  if (iv.fixed !== undefined) hit.fixed = iv.fixed;
  if (iv.lastAffected !== undefined) hit.lastAffected = iv.lastAffected;
  if (limit !== undefined) hit.limit = limit;
  hit.comparison = flat(text, ' [', label, ']');
  hits.push(hit);
}

// One interval at a time (evaluation is synchronous): the sweep reuses it instead of building the
// list of intervals (an array grown from empty and an object per interval, for every range read).
const scratch: { introduced: string; fixed: string | undefined; lastAffected: string | undefined } = { introduced: '', fixed: undefined, lastAffected: undefined };

/**
 * Appends to `hits` the intervals of `range` that contain `version`: the same intervals as
 * `intervals(sortEvents(...))`, evaluated in the same order as the sweep closes them.
 */
function evaluateRange(range: OsvRange, version: string, compare: Compare, label: string, hits: RangeHit[]): void {
  const sorted = sortEvents(range.events, compare);
  let limits: string[] | undefined;
  for (const e of sorted) if (e.limit !== undefined && e.limit !== '*') (limits ??= []).push(e.limit);
  let open: string | undefined;
  for (let i = 0; i <= sorted.length; i++) {
    const iv = scratch;
    iv.fixed = undefined;
    iv.lastAffected = undefined;
    if (i < sorted.length) {
      const e = sorted[i]!;
      if (e.introduced !== undefined) {
        open ??= e.introduced;
        continue;
      }
      if (open === undefined) continue;
      if (e.fixed !== undefined) iv.fixed = e.fixed;
      else if (e.last_affected !== undefined) iv.lastAffected = e.last_affected;
      else continue;
      iv.introduced = open;
      open = undefined;
    } else {
      if (open === undefined) break;
      iv.introduced = open;
    }
    evaluateInterval(range, iv, limits, version, compare, label, hits);
  }
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
      hits.push({ rangeType: 'versions', comparison: flat(version, ' listed in affected versions [', label, ']') });
      break;
    }
  }
  for (const range of affected.ranges ?? []) {
    if (range.type !== 'ECOSYSTEM' && range.type !== 'SEMVER') continue;
    const before = hits.length;
    try {
      evaluateRange(range, version, compare, label, hits);
    } catch (err) {
      hits.length = before; // a range that throws part-way contributes no hit (as when its hits were returned whole)
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
