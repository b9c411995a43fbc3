/**
 * @module vuln/osv/summary
 * The range summary stored with each index entry (schema 5): the ECOSYSTEM/SEMVER ranges and the
 * `versions` lists of one record's `affected[]` entries for one package, in a flat text form that
 * the matcher scans without `JSON.parse` (one parse per candidate record was most of the pre-check).
 *
 * Form: items separated by U+001E; an item is `v<version>` (a listed version) or `r` followed by the
 * range's events separated by U+001F, each event one letter (`i` introduced, `f` fixed,
 * `l` last_affected, `L` limit) and its version, in the record's order. Example:
 * `ri0\u001ff1.2.3\u001ev1.0.0`. Entries are not delimited: `mayContain` is an OR over all of them.
 * A summary that cannot be written so (a version containing a C0 control character, an event with
 * not exactly one field) is stored as the JSON `[{r: ranges, v: versions}]` instead; it starts with
 * `[` and holds no C0 control character either (JSON escapes them).
 *
 * `summaryMayContain(encodeSummary(entries), v, cmp)` equals `entries.some((a) => mayContain(a, v, cmp))`.
 */
import { mayContain } from './range.ts';
import type { Compare } from './range.ts';
import type { OsvAffected, OsvEvent, OsvRange } from './schema.ts';

const ITEM = '\u001e';
const EVENT = '\u001f';

/** An event as one letter (`i`, `f`, `l`, `L`) and its version; undefined unless exactly one of the four fields is set. */
export function eventToken(e: OsvEvent): string | undefined {
  let token: string | undefined;
  let fields = 0;
  if (e.introduced !== undefined) {
    token = `i${e.introduced}`;
    fields++;
  }
  if (e.fixed !== undefined) {
    token = `f${e.fixed}`;
    fields++;
  }
  if (e.last_affected !== undefined) {
    token = `l${e.last_affected}`;
    fields++;
  }
  if (e.limit !== undefined) {
    token = `L${e.limit}`;
    fields++;
  }
  return fields === 1 ? token : undefined;
}

/** Whether `v` holds a C0 control character (U+0000 to U+001F). */
export function hasControl(v: string): boolean {
  for (let i = 0; i < v.length; i++) if (v.charCodeAt(i) < 0x20) return true;
  return false;
}

// No C0 control character at all (not only the two separators), so the first U+0001 after a
// summary ends it in an index entry (db/match-body.ts).
function clean(v: string): boolean {
  return !hasControl(v);
}

/** The summary of `entries` (one record's `affected[]` entries for one package). */
export function encodeSummary(entries: readonly Pick<OsvAffected, 'ranges' | 'versions'>[]): string {
  const items: string[] = [];
  let ok = true;
  for (const a of entries) {
    for (const v of a.versions ?? []) {
      if (!clean(v)) ok = false;
      items.push(`v${v}`);
    }
    for (const r of a.ranges ?? []) {
      if (r.type !== 'ECOSYSTEM' && r.type !== 'SEMVER') continue;
      const tokens: string[] = [];
      for (const e of r.events) {
        const t = eventToken(e);
        if (t === undefined || !clean(t)) ok = false;
        else tokens.push(t);
      }
      items.push(`r${tokens.join(EVENT)}`);
    }
  }
  if (ok) return items.join(ITEM);
  return JSON.stringify(entries.map((a) => ({ r: (a.ranges ?? []).filter((x) => x.type === 'ECOSYSTEM' || x.type === 'SEMVER'), v: a.versions ?? [] })));
}

// Scratch arrays for one range's events (matching is synchronous; reused to avoid allocation).
const kinds: number[] = [];
const vers: string[] = [];
const I = 0x69; // i
const F = 0x66; // f
const LA = 0x6c; // l
const LIMIT = 0x4c; // L
const ORDER_NONE: readonly number[] = [];
const ORDER_0: readonly number[] = [0];
const ORDER_01: readonly number[] = [0, 1];
const ORDER_10: readonly number[] = [1, 0];

/**
 * Same verdict as `rangeContains` of range.ts on the events `s[start, end)`: the events are ordered
 * by the same comparator with Array.prototype.sort (so the same pairs are compared, and a version
 * `compare` rejects throws at the same point), then swept into intervals.
 */
function rangeTokensContain(s: string, start: number, end: number, version: string, compare: Compare): boolean {
  let n = 0;
  let p = start;
  while (p < end) {
    let q = s.indexOf(EVENT, p);
    if (q < 0 || q > end) q = end;
    kinds[n] = s.charCodeAt(p);
    vers[n] = s.slice(p + 1, q);
    n++;
    p = q + 1;
  }
  // Sort positions, as sortEvents does events: `introduced: "0"` first, then by version (two events:
  // one comparison of the second with the first, as Array.prototype.sort makes, without its allocations).
  const byVersion = (a: number, b: number): number => {
    const ra = kinds[a] === I && vers[a] === '0' ? -1 : 0;
    const rb = kinds[b] === I && vers[b] === '0' ? -1 : 0;
    if (ra !== rb) return ra - rb;
    if (ra === -1) return 0;
    return compare(vers[a]!, vers[b]!);
  };
  let order: readonly number[];
  if (n === 2) {
    order = byVersion(1, 0) < 0 ? ORDER_10 : ORDER_01;
  } else if (n < 2) {
    order = n === 0 ? ORDER_NONE : ORDER_0;
  } else {
    const all: number[] = [];
    for (let i = 0; i < n; i++) all.push(i);
    order = all.sort(byVersion);
  }
  let hasLimits = false;
  for (const i of order) if (kinds[i] === LIMIT && vers[i] !== '*') hasLimits = true;
  // Sweep: each introduced opens an interval, the next fixed / last_affected closes it.
  let open: string | undefined;
  for (let k = 0; k <= order.length; k++) {
    let fixed: string | undefined;
    let last: string | undefined;
    let lo: string | undefined;
    if (k < order.length) {
      const i = order[k]!;
      const kind = kinds[i];
      if (kind === I) {
        open ??= vers[i]!;
        continue;
      }
      if (open === undefined) continue;
      if (kind === F) fixed = vers[i]!;
      else if (kind === LA) last = vers[i]!;
      else continue;
      lo = open;
      open = undefined;
    } else {
      if (open === undefined) break;
      lo = open;
    }
    if (lo !== '0' && compare(version, lo) < 0) continue;
    if (fixed !== undefined) {
      if (compare(version, fixed) >= 0) continue;
    } else if (last !== undefined) {
      if (compare(version, last) > 0) continue;
    }
    if (hasLimits) {
      let below = false;
      for (const i of order) {
        if (kinds[i] === LIMIT && vers[i] !== '*' && compare(version, vers[i]!) < 0) {
          below = true;
          break;
        }
      }
      if (!below) continue;
    }
    return true;
  }
  return false;
}

/**
 * Whether any range or listed version of the summary may contain `version` (see mayContain). The
 * summary is `summary.slice(0, length)` (an index entry holds it followed by the record copy).
 */
export function summaryMayContain(summary: string, version: string, compare: Compare, length = summary.length): boolean {
  const n = length;
  if (n === 0) return false;
  if (summary.charCodeAt(0) === 0x5b) {
    const entries = JSON.parse(n === summary.length ? summary : summary.slice(0, n)) as { r: OsvRange[]; v: string[] }[];
    for (const e of entries) if (mayContain({ ranges: e.r, versions: e.v }, version, compare)) return true;
    return false;
  }
  let start = 0;
  while (start <= n) {
    let end = summary.indexOf(ITEM, start);
    if (end < 0 || end > n) end = n;
    if (summary.charCodeAt(start) === 0x76) {
      const v = summary.slice(start + 1, end);
      if (v === version) return true;
      try {
        if (compare(version, v) === 0) return true;
      } catch {
        // an unparsable listed version never equals the installed one
      }
    } else {
      try {
        if (rangeTokensContain(summary, start + 1, end, version, compare)) return true;
      } catch {
        return true; // evaluateAffected reports this range as skipped: the record must be read
      }
    }
    start = end + 1;
  }
  return false;
}
