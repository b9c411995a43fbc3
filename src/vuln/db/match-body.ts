/**
 * @module vuln/db/match-body
 * The match-only copy of a record stored in each index entry (`affected.m`, schema 5): exactly the
 * fields matching and finding assembly read, for the `affected[]` entries of that entry's package
 * only, as a positional JSON array. Matching reads it with the index entry itself, so candidate
 * records are never fetched from `records` one by one, and it parses about a third fewer bytes than
 * the record (the full record stays in `records.body` for `record()`, `records()` and export).
 *
 * Kept: id, modified, published, aliases, summary, withdrawn, record severity, the string
 * `database_specific.severity`, reference URLs, and per `affected[]` entry of the package: its
 * position in `affected[]`, ecosystem and name, ECOSYSTEM/SEMVER ranges (type and events),
 * versions, severity and the Debian urgency (`database_specific.urgency`, else
 * `ecosystem_specific.urgency`, when a string). Dropped: details, credits, GIT ranges, purls,
 * reference types (decoded as ''), every other `*_specific` field.
 */
import type { OsvAffected, OsvRange, OsvRecord } from '../osv/schema.ts';

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

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** The `affected.m` text of a validated record for its entries at `indices` (one package's). */
export function encodeMatchBody(r: OsvRecord, indices: readonly number[]): string {
  const entries: EntryRow[] = [];
  const all = r.affected ?? [];
  for (const i of indices) {
    const a = all[i];
    if (a?.package === undefined) continue;
    const ranges = (a.ranges ?? []).filter((x) => x.type === 'ECOSYSTEM' || x.type === 'SEMVER').map((x) => ({ type: x.type, events: x.events }));
    const urgency = str(a.database_specific?.urgency) ?? str(a.ecosystem_specific?.urgency);
    entries.push([i, a.package.ecosystem, a.package.name, ranges, a.versions ?? null, a.severity ?? null, urgency]);
  }
  const row: BodyRow = [
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
  return JSON.stringify(row);
}

/** Decodes `affected.m` (see the module comment for the fields present). */
export function decodeMatchBody(text: string): MatchBody {
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
