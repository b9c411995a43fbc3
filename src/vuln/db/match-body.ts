/**
 * @module vuln/db/match-body
 * The match-only copy of a record stored in each index entry (one entry of `entries.m`, schema 6; grouped per package since schema 7): the range
 * summary of the entry's package (osv/summary.ts), then exactly the fields matching and finding
 * assembly read, for the `affected[]` entries of that package only. Matching reads it with the index
 * entry itself, so candidate records are never fetched from `records` one by one (the full record
 * stays in `records.body` for `record()`, `records()` and export).
 *
 * Kept: id, modified, published, aliases, summary, withdrawn, record severity, the string
 * `database_specific.severity`, reference URLs, and per `affected[]` entry of the package: its
 * position in `affected[]`, ecosystem and name, ECOSYSTEM/SEMVER ranges (type and events),
 * versions, severity and the Debian urgency (`database_specific.urgency`, else
 * `ecosystem_specific.urgency`, when a string). Dropped: details, credits, GIT ranges, purls,
 * reference types (decoded as ''), every other `*_specific` field.
 *
 * Layout: `<summary> SEP1 <body>`. The summary never holds a C0 control character (osv/summary.ts
 * writes its JSON form then), so the first U+0001 ends it. The body is either
 *
 * - compact, `c` then fields separated by U+0001: id, modified, published, aliases, summary,
 *   withdrawn, severity, `database_specific.severity`, references, then one field per entry. Inside
 *   a field the levels are U+0002 (list items; an entry's parts: index, ecosystem, name, ranges,
 *   versions, severity, urgency), U+0003 (an entry's ranges, versions, severity items; a record
 *   severity's type and score), U+0004 (a range's type then events, each one letter `i` introduced,
 *   `f` fixed, `l` last_affected, `L` limit and its version; an entry severity's type and score).
 *   An optional string is empty when absent; an optional list is empty when absent, else `+` then
 *   its items. Decoding walks the text with `indexOf` and slices out the values only: no JSON
 *   parser, no intermediate arrays or strings (5,400 copies of the bench: ~5 ms against ~18 ms for
 *   the JSON form, same machine state), about three quarters of the JSON form's bytes.
 * - JSON, `j` then the schema-5 positional JSON array, for the rare record the compact form cannot
 *   hold exactly: a value with a C0 control character, an optional string present but empty, an
 *   empty list item, an event with other than one field.
 *
 * `decodeMatchBody` returns the same objects for both forms (tested against each other).
 */
import type { OsvAffected, OsvEvent, OsvRange, OsvRecord } from '../osv/schema.ts';
import { encodeSummary, eventToken, hasControl } from '../osv/summary.ts';

type Severity = NonNullable<OsvRecord['severity']>;

type EntryRow = [index: number, ecosystem: string, name: string, ranges: OsvRange[], versions: string[] | null, severity: Severity | null, urgency: string | null];
type BodyRow = [
  id: string,
  modified: string,
  published: string | null,
  aliases: string[] | null,
  summary: string | null,
  withdrawn: string | null,
  severity: Severity | null,
  databaseSeverity: string | null,
  references: string[],
  entries: EntryRow[],
];

/** One `affected[]` entry as matching sees it, with its position in the record's `affected[]`. */
export interface MatchEntry {
  index: number;
  affected: OsvAffected;
}

/** A decoded index entry: the record's fields (`affected` left empty) and the package's entries. */
export interface MatchBody {
  record: OsvRecord;
  entries: MatchEntry[];
}

/** Ends the summary, separates the compact body's fields. */
export const SEP1 = '\u0001';
const SEP2 = '\u0002';
const SEP3 = '\u0003';
const SEP4 = '\u0004';
const COMPACT = 0x63; // c

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** The positional rows of a record's entries at `indices` (one package's), as schema 5 stored them. */
function bodyRow(r: OsvRecord, indices: readonly number[]): BodyRow {
  const entries: EntryRow[] = [];
  const all = r.affected ?? [];
  for (const i of indices) {
    const a = all[i];
    if (a?.package === undefined) continue;
    const ranges = (a.ranges ?? []).filter((x) => x.type === 'ECOSYSTEM' || x.type === 'SEMVER').map((x) => ({ type: x.type, events: x.events }));
    const urgency = str(a.database_specific?.urgency) ?? str(a.ecosystem_specific?.urgency);
    entries.push([i, a.package.ecosystem, a.package.name, ranges, a.versions ?? null, a.severity ?? null, urgency]);
  }
  return [
    r.id,
    r.modified,
    r.published ?? null,
    r.aliases ?? null,
    r.summary ?? null,
    r.withdrawn ?? null,
    r.severity ?? null,
    str(r.database_specific?.severity),
    (r.references ?? []).map((x) => x.url),
    entries,
  ];
}

/** Thrown inside the compact encoder when a value cannot be written so; the JSON form is used. */
class NotCompact extends Error {}

function plain(s: string): string {
  if (hasControl(s)) throw new NotCompact();
  return s;
}

function optional(s: string | null): string {
  if (s === null) return '';
  if (s === '') throw new NotCompact();
  return plain(s);
}

function list<T>(xs: readonly T[] | null, item: (x: T) => string, sep: string): string {
  if (xs === null) return '';
  const parts: string[] = [];
  for (const x of xs) {
    const s = item(x);
    if (s === '') throw new NotCompact();
    parts.push(s);
  }
  return `+${parts.join(sep)}`;
}

/** The summary's event token (osv/summary.ts), for an event with no other field: the compact form would drop it. */
function eventText(e: OsvEvent): string {
  const token = Object.keys(e).length === 1 ? eventToken(e) : undefined;
  if (token === undefined) throw new NotCompact();
  return plain(token);
}

function compactBody(row: BodyRow): string {
  const fields: string[] = [
    `c${plain(row[0])}`,
    plain(row[1]),
    optional(row[2]),
    list(row[3], plain, SEP2),
    optional(row[4]),
    optional(row[5]),
    list(row[6], (s) => `${plain(s.type)}${SEP3}${plain(s.score)}`, SEP2),
    optional(row[7]),
    list(row[8], plain, SEP2),
  ];
  for (const [index, ecosystem, name, ranges, versions, severity, urgency] of row[9]) {
    const rangeText = ranges.map((x) => [plain(x.type), ...x.events.map(eventText)].join(SEP4)).join(SEP3);
    fields.push(
      [
        String(index),
        plain(ecosystem),
        plain(name),
        rangeText,
        list(versions, plain, SEP3),
        list(severity, (s) => `${plain(s.type)}${SEP4}${plain(s.score)}`, SEP3),
        optional(urgency),
      ].join(SEP2),
    );
  }
  return fields.join(SEP1);
}

/** The index entry body of a validated record for its entries at `indices` (one package's), without the summary. */
export function encodeMatchBody(r: OsvRecord, indices: readonly number[]): string {
  const row = bodyRow(r, indices);
  try {
    return compactBody(row);
  } catch (err) {
    if (!(err instanceof NotCompact)) throw err;
    return jsonBody(row);
  }
}

/** The JSON form: `j` then the positional row. */
function jsonBody(row: BodyRow): string {
  return `j${JSON.stringify(row)}`;
}

/** The whole index entry: the summary of the entries at `indices`, SEP1, the body. */
export function encodeIndexEntry(r: OsvRecord, indices: readonly number[]): string {
  const all = r.affected ?? [];
  const entries: OsvAffected[] = [];
  for (const i of indices) if (all[i] !== undefined) entries.push(all[i]);
  return `${encodeSummary(entries)}${SEP1}${encodeMatchBody(r, indices)}`;
}

/** Where the body of an index entry starts (after the summary and its separator). */
export function bodyStart(m: string): number {
  return m.indexOf(SEP1) + 1;
}

/** The record id of an index entry whose body starts at `start`. */
export function idOf(m: string, start: number): string {
  if (m.charCodeAt(start) !== COMPACT) return (JSON.parse(m.slice(start + 1)) as BodyRow)[0];
  const end = m.indexOf(SEP1, start + 1);
  return m.slice(start + 1, end < 0 ? m.length : end);
}

function decodeJson(text: string): MatchBody {
  const row = JSON.parse(text) as BodyRow;
  const rows = row[9];
  const entries: MatchEntry[] = [];
  for (let i = 0; i < rows.length; i++) {
    const e = rows[i]!;
    const urgency = e[6];
    entries.push({
      index: e[0],
      affected: {
        package: { ecosystem: e[1], name: e[2] },
        ranges: e[3],
        versions: e[4] ?? undefined,
        severity: e[5] ?? undefined,
        database_specific: urgency === null ? undefined : { urgency },
      },
    });
  }
  const refs = row[8];
  const references: { type: string; url: string }[] = [];
  for (let i = 0; i < refs.length; i++) references.push({ type: '', url: refs[i]! });
  const dbSeverity = row[7];
  const record: OsvRecord = {
    id: row[0],
    modified: row[1],
    published: row[2] ?? undefined,
    withdrawn: row[5] ?? undefined,
    aliases: row[3],
    summary: row[4] ?? undefined,
    severity: row[6],
    affected: [],
    references,
    database_specific: dbSeverity === null ? undefined : { severity: dbSeverity },
  };
  return { record, entries };
}

// The compact decoder walks the text with `indexOf` and slices out only the values: no intermediate
// arrays or strings per level (a `split` per level was ~11 MB of the ~50 MB a bench run allocated).
// Lists are sized by counting their separators first, so no array is grown by `push` (17 slots).

/** End of the item that starts at `from` inside a segment ending at `end`: the next `sep`, else `end`. */
function until(m: string, sep: string, from: number, end: number): number {
  const i = m.indexOf(sep, from);
  return i < 0 || i > end ? end : i;
}

/** Number of `sep`-separated items in the non-empty segment [from, end). */
function count(m: string, sep: string, from: number, end: number): number {
  let n = 1;
  for (let i = m.indexOf(sep, from); i >= 0 && i < end; i = m.indexOf(sep, i + 1)) n++;
  return n;
}

/** The items of [from, end) (non-empty) separated by `sep`. */
function strings(m: string, sep: string, from: number, end: number): string[] {
  const out = new Array<string>(count(m, sep, from, end));
  let p = from;
  for (let k = 0; k < out.length; k++) {
    const q = until(m, sep, p, end);
    out[k] = m.slice(p, q);
    p = q + 1;
  }
  return out;
}

/** An optional list field [from, end): empty when absent, else `+` then its items. */
function optionalList(m: string, sep: string, from: number, end: number): string[] | null {
  if (from === end) return null;
  return end - from === 1 ? [] : strings(m, sep, from + 1, end);
}

/** An optional severity list [from, end): items separated by `sep`, type and score by `part`. */
function severities(m: string, sep: string, part: string, from: number, end: number): Severity | null {
  if (from === end) return null;
  if (end - from === 1) return [];
  const out: Severity = new Array<Severity[number]>(count(m, sep, from + 1, end));
  let p = from + 1;
  for (let k = 0; k < out.length; k++) {
    const q = until(m, sep, p, end);
    const t = until(m, part, p, q);
    out[k] = { type: m.slice(p, t), score: m.slice(t + 1, q) };
    p = q + 1;
  }
  return out;
}

function event(m: string, from: number, end: number): OsvEvent {
  const v = m.slice(from + 1, end);
  switch (m.charCodeAt(from)) {
    case 0x69:
      return { introduced: v };
    case 0x66:
      return { fixed: v };
    case 0x6c:
      return { last_affected: v };
    default:
      return { limit: v };
  }
}

/**
 * A range type [from, end): the two types matching reads as shared constants (a hit keeps its range's
 * type for the finding's evidence; a fresh copy per hit was 5,300 strings that outlive the run).
 */
function rangeType(m: string, from: number, end: number): string {
  if (end - from === 9 && m.startsWith('ECOSYSTEM', from)) return 'ECOSYSTEM';
  if (end - from === 6 && m.startsWith('SEMVER', from)) return 'SEMVER';
  return m.slice(from, end);
}

/** An entry's ranges [from, end): ranges separated by SEP3, each its type then its events, by SEP4. */
function ranges(m: string, from: number, end: number): OsvRange[] {
  if (from === end) return [];
  const out = new Array<OsvRange>(count(m, SEP3, from, end));
  let p = from;
  for (let k = 0; k < out.length; k++) {
    const q = until(m, SEP3, p, end);
    const t = until(m, SEP4, p, q);
    const events = new Array<OsvEvent>(t === q ? 0 : count(m, SEP4, t + 1, q));
    let a = t + 1;
    for (let e = 0; e < events.length; e++) {
      const b = until(m, SEP4, a, q);
      events[e] = event(m, a, b);
      a = b + 1;
    }
    out[k] = { type: rangeType(m, p, t), events };
    p = q + 1;
  }
  return out;
}

/** A non-negative decimal integer [from, end) (an entry's position in `affected[]`). */
function integer(m: string, from: number, end: number): number {
  let n = 0;
  for (let i = from; i < end; i++) n = n * 10 + (m.charCodeAt(i) - 0x30);
  return n;
}

function decodeCompact(m: string, start: number): MatchBody {
  const len = m.length;
  // Fields 0-8 (see the module comment), then one field per entry.
  const at = new Array<number>(10);
  let p = start + 1;
  for (let k = 0; k < 9; k++) {
    at[k] = p;
    p = until(m, SEP1, p, len) + 1;
  }
  at[9] = p;
  const entries = new Array<MatchEntry>(p > len ? 0 : count(m, SEP1, p, len));
  for (let k = 0; k < entries.length; k++) {
    const q = until(m, SEP1, p, len);
    const a1 = until(m, SEP2, p, q);
    const a2 = until(m, SEP2, a1 + 1, q);
    const a3 = until(m, SEP2, a2 + 1, q);
    const a4 = until(m, SEP2, a3 + 1, q);
    const a5 = until(m, SEP2, a4 + 1, q);
    const a6 = until(m, SEP2, a5 + 1, q);
    const versions = optionalList(m, SEP3, a4 + 1, a5);
    const severity = severities(m, SEP3, SEP4, a5 + 1, a6);
    const urgency = a6 + 1 < q ? m.slice(a6 + 1, q) : '';
    entries[k] = {
      index: integer(m, p, a1),
      affected: {
        package: { ecosystem: m.slice(a1 + 1, a2), name: m.slice(a2 + 1, a3) },
        ranges: ranges(m, a3 + 1, a4),
        versions: versions ?? undefined,
        severity: severity ?? undefined,
        database_specific: urgency === '' ? undefined : { urgency },
      },
    };
    p = q + 1;
  }
  const urls = optionalList(m, SEP2, at[8]!, at[9] - 1);
  const references = new Array<{ type: string; url: string }>(urls === null ? 0 : urls.length);
  for (let k = 0; k < references.length; k++) references[k] = { type: '', url: urls![k]! };
  const published = m.slice(at[2], at[3]! - 1);
  const summary = m.slice(at[4], at[5]! - 1);
  const withdrawn = m.slice(at[5], at[6]! - 1);
  const dbSeverity = m.slice(at[7], at[8]! - 1);
  const record: OsvRecord = {
    id: m.slice(at[0], at[1]! - 1),
    modified: m.slice(at[1], at[2]! - 1),
    published: published === '' ? undefined : published,
    withdrawn: withdrawn === '' ? undefined : withdrawn,
    aliases: optionalList(m, SEP2, at[3]!, at[4]! - 1),
    summary: summary === '' ? undefined : summary,
    severity: severities(m, SEP2, SEP3, at[6]!, at[7]! - 1),
    affected: [],
    references,
    database_specific: dbSeverity === '' ? undefined : { severity: dbSeverity },
  };
  return { record, entries };
}

/** Decodes the body of an index entry starting at `start` (see the module comment for the fields present). */
export function decodeMatchBody(m: string, start = 0): MatchBody {
  return m.charCodeAt(start) === COMPACT ? decodeCompact(m, start) : decodeJson(m.slice(start + 1));
}

/** The schema-5 form (`j` + positional JSON) of the same body: the reference the compact form is tested against. */
export function encodeMatchBodyJson(r: OsvRecord, indices: readonly number[]): string {
  return jsonBody(bodyRow(r, indices));
}
