/**
 * @module vuln/db/match-body
 * The match-only copy of a record stored in each index entry (`affected.m`, schema 6): the range
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
 *   its items. Decoding is `split` and `slice` only: no JSON parser, no intermediate arrays of the
 *   positional form, about half the bytes of the JSON form.
 * - JSON, `j` then the schema-5 positional JSON array, for the rare record the compact form cannot
 *   hold exactly: a value with a C0 control character, an optional string present but empty, an
 *   empty list item, an event with other than one field.
 *
 * `decodeMatchBody` returns the same objects for both forms (tested against each other).
 */
import type { OsvAffected, OsvEvent, OsvRange, OsvRecord } from '../osv/schema.ts';
import { encodeSummary, hasControl } from '../osv/summary.ts';

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

function eventToken(e: OsvEvent): string {
  const keys = Object.keys(e);
  if (keys.length !== 1) throw new NotCompact();
  if (e.introduced !== undefined) return `i${plain(e.introduced)}`;
  if (e.fixed !== undefined) return `f${plain(e.fixed)}`;
  if (e.last_affected !== undefined) return `l${plain(e.last_affected)}`;
  if (e.limit !== undefined) return `L${plain(e.limit)}`;
  throw new NotCompact();
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
    const rangeText = ranges.map((x) => [plain(x.type), ...x.events.map(eventToken)].join(SEP4)).join(SEP3);
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

/** The `affected.m` body of a validated record for its entries at `indices` (one package's), without the summary. */
export function encodeMatchBody(r: OsvRecord, indices: readonly number[]): string {
  const row = bodyRow(r, indices);
  try {
    return compactBody(row);
  } catch (err) {
    if (!(err instanceof NotCompact)) throw err;
    return `j${JSON.stringify(row)}`;
  }
}

/** The whole `affected.m` text: the summary of the entries at `indices`, SEP1, the body. */
export function encodeIndexEntry(r: OsvRecord, indices: readonly number[]): string {
  const all = r.affected ?? [];
  const entries: OsvAffected[] = [];
  for (const i of indices) if (all[i] !== undefined) entries.push(all[i]);
  return `${encodeSummary(entries)}${SEP1}${encodeMatchBody(r, indices)}`;
}

/** Where the body of an `affected.m` text starts (after the summary and its separator). */
export function bodyStart(m: string): number {
  return m.indexOf(SEP1) + 1;
}

/** The record id of an `affected.m` text whose body starts at `start`. */
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

function optionalList(s: string, sep: string): string[] | null {
  if (s === '') return null;
  return s.length === 1 ? [] : s.slice(1).split(sep);
}

function severities(s: string, sep: string, part: string): Severity | null {
  if (s === '') return null;
  const out: Severity = [];
  if (s.length === 1) return out;
  const items = s.slice(1).split(sep);
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const k = item.indexOf(part);
    out.push({ type: item.slice(0, k), score: item.slice(k + 1) });
  }
  return out;
}

function event(token: string): OsvEvent {
  const v = token.slice(1);
  switch (token.charCodeAt(0)) {
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

function ranges(s: string): OsvRange[] {
  const out: OsvRange[] = [];
  if (s === '') return out;
  const items = s.split(SEP3);
  for (let i = 0; i < items.length; i++) {
    const tokens = items[i]!.split(SEP4);
    const events: OsvEvent[] = [];
    for (let k = 1; k < tokens.length; k++) events.push(event(tokens[k]!));
    out.push({ type: tokens[0]!, events });
  }
  return out;
}

function decodeCompact(m: string, start: number): MatchBody {
  const f = m.slice(start + 1).split(SEP1);
  const entries: MatchEntry[] = [];
  for (let i = 9; i < f.length; i++) {
    const p = f[i]!.split(SEP2);
    const versions = optionalList(p[4]!, SEP3);
    const severity = severities(p[5]!, SEP3, SEP4);
    const urgency = p[6]!;
    entries.push({
      index: Number(p[0]),
      affected: {
        package: { ecosystem: p[1]!, name: p[2]! },
        ranges: ranges(p[3]!),
        versions: versions ?? undefined,
        severity: severity ?? undefined,
        database_specific: urgency === '' ? undefined : { urgency },
      },
    });
  }
  const refs = f[8]!;
  const references: { type: string; url: string }[] = [];
  if (refs.length > 1) {
    const urls = refs.slice(1).split(SEP2);
    for (let i = 0; i < urls.length; i++) references.push({ type: '', url: urls[i]! });
  }
  const published = f[2]!;
  const summary = f[4]!;
  const withdrawn = f[5]!;
  const dbSeverity = f[7]!;
  const record: OsvRecord = {
    id: f[0]!,
    modified: f[1]!,
    published: published === '' ? undefined : published,
    withdrawn: withdrawn === '' ? undefined : withdrawn,
    aliases: optionalList(f[3]!, SEP2),
    summary: summary === '' ? undefined : summary,
    severity: severities(f[6]!, SEP2, SEP3),
    affected: [],
    references,
    database_specific: dbSeverity === '' ? undefined : { severity: dbSeverity },
  };
  return { record, entries };
}

/** Decodes the body of an `affected.m` text starting at `start` (see the module comment for the fields present). */
export function decodeMatchBody(m: string, start = 0): MatchBody {
  return m.charCodeAt(start) === COMPACT ? decodeCompact(m, start) : decodeJson(m.slice(start + 1));
}

/** The schema-5 form (`j` + positional JSON) of the same body: the reference the compact form is tested against. */
export function encodeMatchBodyJson(r: OsvRecord, indices: readonly number[]): string {
  return `j${JSON.stringify(bodyRow(r, indices))}`;
}
