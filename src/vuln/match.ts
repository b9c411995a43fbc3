/**
 * @module vuln/match
 * Matches catalogued packages against the vulnerability database.
 *
 * For each package: map it to OSV ecosystem(s) and name(s) (ecosystems.ts), look up candidate
 * record ids through the `(ecosystem, name)` index, parse only those records, and evaluate each
 * matching `affected[]` entry (osv/range.ts). Records of one package that share an id or alias
 * (DSA, DEBIAN-CVE, GHSA, CVE) become ONE finding (finding.ts). Withdrawn records are ignored.
 * An installed version the ecosystem's scheme cannot parse yields `status: 'unknown'` findings
 * for every candidate record plus a diagnostic: never a silent "not affected".
 *
 * Matching semantics follow the OSV schema (https://ossf.github.io/osv-schema/#evaluation) and
 * osv-scanner's documented behaviour (match on ecosystem + name, then ranges).
 */
import type { Distro, Package } from '../catalog/types.ts';
import type { Diagnostic } from '../common/diagnostic.ts';
// compareVersions/schemeForEcosystem live in version/ecosystems.ts (version/index.ts is the scheme registry only).
import { schemeForEcosystem } from '../version/ecosystems.ts';
import { bodyStart, decodeMatchBody, idOf } from './db/match-body.ts';
import type { MatchEntry } from './db/match-body.ts';
import type { CandidateKey, VulnDb } from './db/store.ts';
import { ecosystemQuery } from './ecosystems.ts';
import type { EcosystemQuery } from './ecosystems.ts';
import { buildFinding } from './finding.ts';
import { detached } from './flat.ts';
import type { RecordMatch } from './finding.ts';
import { evaluateAffected } from './osv/range.ts';
import type { Compare } from './osv/range.ts';
import type { OsvRecord } from './osv/schema.ts';
import { summaryMayContain } from './osv/summary.ts';
import type { DbSnapshot, VulnFinding } from './types.ts';
import { applyVex } from './vex/apply.ts';
import type { VexStatement } from './vex/types.ts';

export interface MatchOptions {
  vex?: VexStatement[];
}

export interface MatchResult {
  findings: VulnFinding[];
  diagnostics: Diagnostic[];
  snapshot: DbSnapshot;
}

/** Whether two records share an id or alias (either's id among the other's ids and aliases, or a common alias). */
function sharesId(a: OsvRecord, b: OsvRecord): boolean {
  if (a.id === b.id) return true;
  const aa = a.aliases;
  const ba = b.aliases;
  if (ba) for (let k = 0; k < ba.length; k++) if (ba[k] === a.id) return true;
  if (aa) {
    for (let k = 0; k < aa.length; k++) {
      const x = aa[k];
      if (x === b.id) return true;
      if (ba) for (let l = 0; l < ba.length; l++) if (ba[l] === x) return true;
    }
  }
  return false;
}

/**
 * Whether any two of the records share an id or alias. A few matches (nearly every package) are
 * compared pairwise: no Set, and no hash of each fresh id string.
 */
function anyShared(matches: RecordMatch[]): boolean {
  if (matches.length <= 8) {
    for (let i = 1; i < matches.length; i++) for (let j = 0; j < i; j++) if (sharesId(matches[i]!.record, matches[j]!.record)) return true;
    return false;
  }
  const seen = new Set<string>();
  for (const m of matches) {
    const own = m.record.aliases;
    if (seen.has(m.record.id)) return true;
    if (own) for (const a of own) if (seen.has(a)) return true;
    seen.add(m.record.id);
    if (own) for (const a of own) seen.add(a);
  }
  return false;
}

/** Groups matches whose records share any id or alias (union of overlapping id sets). */
function groupByAlias(matches: RecordMatch[]): RecordMatch[][] {
  if (matches.length < 2) return matches.length === 0 ? [] : [matches];
  // Common case: no record shares an id or alias with an earlier one, so every match is its own group.
  if (!anyShared(matches)) return matches.map((m) => [m]);
  const groups: { ids: Set<string>; members: RecordMatch[] }[] = [];
  for (const m of matches) {
    const list = m.record.aliases ? [m.record.id, ...m.record.aliases] : [m.record.id];
    const ids = new Set(list);
    const hit = groups.filter((g) => list.some((id) => g.ids.has(id)));
    const merged = { ids, members: [m] };
    for (const g of hit) {
      for (const id of g.ids) merged.ids.add(id);
      merged.members.push(...g.members);
      groups.splice(groups.indexOf(g), 1);
    }
    groups.push(merged);
  }
  return groups.map((g) => g.members);
}

type Scheme = ReturnType<typeof schemeForEcosystem>;

/** A key the index is read under, with the packages read under it. */
interface Key extends CandidateKey {
  plans: Plan[];
}

/** One package to match: its query, version scheme and the index entries that may affect it. */
interface Plan {
  pkg: Package;
  q: EcosystemQuery;
  /** Set when reins has no ordering for the package's ecosystem. */
  schemeError: Error | undefined;
  valid: boolean;
  compare: Compare;
  /** The index holds entries under one of the package's keys. */
  indexed: boolean;
  /**
   * Index entry texts (of `entries.m`, unparsed), by record id, of the entries that may affect the package: the range
   * summary is evaluated first, so a copy is kept and parsed only when one of its ranges contains the
   * version (or cannot be evaluated, or the installed version is unparsable: then every entry is kept
   * and reported). An entry left out has no range that could produce a hit or a skipped-range
   * diagnostic. Copies are parsed when their package is matched, so the parsed objects die young.
   * Emptied once the package is matched.
   */
  byId: Map<string, string[]>;
  /**
   * The same texts for a package read under ONE key (nearly all): that key's entries come one per
   * record, in record id order (db/schema.ts), so they need no grouping by id, nor the id itself.
   * (SQLite orders ids by code point, `byId`'s sort by UTF-16 unit: the same order unless an id mixes
   * characters above U+FFFF with U+E000-U+FFFF; OSV ids are ASCII.)
   */
  copies: string[];
  /** Keys the package is read under. */
  keys: number;
  /** Keys of the package whose entries are not all read yet: at 0 the package is matched. */
  pending: number;
  /** Candidate records (entries kept, in `copies` or `byId`, when the package was matched). */
  candidates: number;
  /** Its findings: `count` of them from `first` in the list of findings in the order made. */
  first: number;
  count: number;
  /** Ranges skipped for this package (rare). */
  skipped: Diagnostic[] | undefined;
}

// Shared empty values, replaced by the package's own on its first entry (never written to).
const NO_ENTRIES: Map<string, string[]> = new Map();
const NO_COPIES: string[] = [];

const noCompare: Compare = () => 0;

function plan(pkg: Package, q: EcosystemQuery): Plan {
  let scheme: Scheme;
  let valid: boolean;
  try {
    scheme = schemeForEcosystem(q.scheme);
    valid = scheme.isValid(q.version);
  } catch (err) {
    return { pkg, q, schemeError: err as Error, valid: false, compare: noCompare, indexed: false, byId: NO_ENTRIES, copies: NO_COPIES, keys: 0, pending: 0, candidates: 0, first: 0, count: 0, skipped: undefined };
  }
  // Same as compareVersions(q.scheme, a, b), with the scheme looked up once per package. The schemes
  // memoise their parses; a per-package cache of results on top (the pre-check's comparisons that the
  // evaluation repeats) cost more in Map traffic than it saved (bench: median 102 -> 97.5 ms without it).
  const compare: Compare = scheme.compare;
  return { pkg, q, schemeError: undefined, valid, compare, indexed: false, byId: NO_ENTRIES, copies: NO_COPIES, keys: 0, pending: 0, candidates: 0, first: 0, count: 0, skipped: undefined };
}

/** The record and the package's entries (under any of its ecosystems and names, in record order). */
function entriesOf(copies: string[]): { record: OsvRecord; entries: MatchEntry[] } {
  const m0 = copies[0]!;
  const first = decodeMatchBody(m0, bodyStart(m0));
  if (copies.length === 1) return first;
  const entries: MatchEntry[] = [...first.entries];
  for (let i = 1; i < copies.length; i++) {
    const m = copies[i]!;
    for (const e of decodeMatchBody(m, bodyStart(m)).entries) entries.push(e);
  }
  entries.sort((a, b) => a.index - b.index);
  return { record: first.record, entries };
}

/** KEV and EPSS for every finding in two queries (by the CVE among its ids). */
function enrich(db: VulnDb, findings: VulnFinding[]): void {
  if (findings.length === 0 || !db.hasEnrichment()) return;
  const cvesOf = (f: VulnFinding): string[] => [f.id, ...f.aliases].filter((x) => x.startsWith('CVE-'));
  const perFinding = findings.map(cvesOf);
  const cves = [...new Set(perFinding.flat())];
  if (cves.length === 0) return;
  const kev = db.kevMany(cves);
  const epss = db.epssMany(cves);
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i]!;
    const mine = perFinding[i]!;
    if (mine.length === 0) continue;
    const k = kev.size === 0 ? undefined : mine.map((c) => kev.get(c)).find((x) => x !== undefined);
    const e = epss.size === 0 ? undefined : mine.map((c) => epss.get(c)).find((x) => x !== undefined);
    if (k) f.kev = { dateAdded: k.dateAdded, ...(k.dueDate ? { dueDate: k.dueDate } : {}), ...(k.knownRansomware !== undefined ? { knownRansomware: k.knownRansomware } : {}) };
    if (e) f.epss = { score: e.score, percentile: e.percentile, ...(e.date ? { date: e.date } : {}) };
  }
}

/**
 * Matches the package of `p` against its candidate entries, appending its findings to `out` (and
 * recording where they are), then drops the entries: a package is matched as soon as all its keys are
 * read, so the record copies of one batch die young instead of surviving to the end of the run.
 */
function matchPlan(p: Plan, out: VulnFinding[]): void {
  const { pkg, q, byId, copies } = p;
  p.byId = NO_ENTRIES;
  p.copies = NO_COPIES;
  p.candidates = p.keys === 1 ? copies.length : byId.size;
  p.first = out.length;
  if (!p.indexed || p.schemeError !== undefined || p.candidates === 0) {
    p.compare = noCompare;
    return;
  }
  const matches: RecordMatch[] = [];
  if (p.keys === 1) {
    for (let i = 0; i < copies.length; i++) {
      const m = copies[i]!;
      const { record, entries } = decodeMatchBody(m, bodyStart(m));
      evaluateRecord(p, record, entries, matches);
    }
  } else {
    // Records in id order (an array either way: a loop over one kind of iterable is optimised
    // without an iterator result per step).
    const ids = [...byId.keys()];
    if (ids.length > 1) ids.sort();
    for (const id of ids) {
      const { record, entries } = entriesOf(byId.get(id)!);
      evaluateRecord(p, record, entries, matches);
    }
  }
  for (const group of groupByAlias(matches)) out.push(buildFinding(pkg, q, group, p.compare));
  p.compare = noCompare;
  p.count = out.length - p.first;
}

/** Appends to `matches` the entries of `rec` (the package's) that contain its version, or all of them when that version is unparsable. */
function evaluateRecord(p: Plan, rec: OsvRecord, entries: MatchEntry[], matches: RecordMatch[]): void {
  if (rec.withdrawn) return;
  const { q, valid, compare } = p;
  for (const { affected } of entries) {
    const a = affected.package;
    if (!a) continue;
    if (!valid) {
      matches.push({ record: rec, affected, hits: [], unknown: true });
      continue;
    }
    const verdict = evaluateAffected(affected, q.version, compare, q.scheme);
    for (const s of verdict.skipped) {
      (p.skipped ??= []).push({ level: 'warning', code: 'osv-range-unparsable', message: `record ${rec.id} (${a.name}): range skipped, ${s}` });
    }
    if (verdict.hits.length > 0) matches.push({ record: rec, affected, hits: verdict.hits, unknown: false });
  }
}

/** Matches `packages` (of an image whose OS is `distro`) against `db`. */
export function matchPackages(db: VulnDb, packages: Package[], distro: Distro | undefined, opts: MatchOptions = {}): MatchResult {
  const diagnostics: Diagnostic[] = [];
  // Two queries for the whole image: index entries (with range summaries and match-only record
  // copies, streamed in batches; each package is matched once its keys are read), then KEV/EPSS (enrich).
  const plans: Plan[] = [];
  const byKey = new Map<string, Key>();
  const keys: Key[] = [];
  for (const pkg of packages) {
    const q = ecosystemQuery(pkg, distro);
    if (!q) continue;
    const p = plan(pkg, q);
    plans.push(p);
    for (const ecosystem of q.ecosystems) {
      for (const name of q.names) {
        const id = `${ecosystem}\u0000${name}`;
        const key = byKey.get(id);
        if (key === undefined) {
          const k: Key = { ecosystem, name, plans: [p] };
          byKey.set(id, k);
          keys.push(k);
          p.pending++;
        } else if (key.plans[key.plans.length - 1] !== p) {
          key.plans.push(p);
          p.pending++;
        }
      }
    }
    p.keys = p.pending;
  }
  // Findings in the order packages are matched; put in package order below.
  const made: VulnFinding[] = [];
  db.scanCandidates(
    keys,
    (key, m) => {
      // `m` is the range summary, U+0001, then the record copy (db/match-body.ts).
      const start = bodyStart(m);
      let id: string | undefined;
      let own: string | undefined;
      for (const p of key.plans) {
        p.indexed = true;
        if (p.schemeError !== undefined) continue;
        if (p.valid && !summaryMayContain(m, p.q.version, p.compare, start - 1)) continue;
        own ??= detached(m);
        if (p.keys === 1) {
          if (p.copies === NO_COPIES) p.copies = [own];
          else p.copies.push(own);
          continue;
        }
        id ??= idOf(own, start);
        if (p.byId === NO_ENTRIES) p.byId = new Map();
        const list = p.byId.get(id);
        if (list === undefined) p.byId.set(id, [own]);
        else list.push(own);
      }
    },
    (key) => {
      for (const p of key.plans) if (--p.pending === 0) matchPlan(p, made);
    },
  );
  const findings: VulnFinding[] = [];
  const noScheme = new Set<string>();
  // Range diagnostics follow the per-package ones.
  const rangeDiagnostics: Diagnostic[] = [];
  for (const p of plans) {
    if (p.pending > 0) {
      p.pending = 0;
      matchPlan(p, made);
    }
    const { pkg, q, schemeError } = p;
    if (!p.indexed) continue;
    if (schemeError !== undefined) {
      if (!noScheme.has(q.scheme)) {
        noScheme.add(q.scheme);
        diagnostics.push({ level: 'warning', code: 'vuln-no-version-scheme', message: `cannot match ${q.scheme} packages: ${schemeError.message}` });
      }
      continue;
    }
    if (!p.valid) {
      diagnostics.push({
        level: 'warning',
        code: 'vuln-version-unparsable',
        message: `${pkg.name} ${q.version}: not a valid ${q.scheme} version; ${p.candidates} candidate record(s) reported as unknown`,
        ...(pkg.locations[0] ? { path: pkg.locations[0].path, layerIndex: pkg.locations[0].layer.index } : {}),
      });
    }
    for (let i = p.first; i < p.first + p.count; i++) findings.push(made[i]!);
    if (p.skipped) for (const d of p.skipped) rangeDiagnostics.push(d);
  }
  for (const d of rangeDiagnostics) diagnostics.push(d);
  enrich(db, findings);
  if (opts.vex) applyVex(findings, opts.vex);
  return { findings, diagnostics, snapshot: db.snapshot() };
}
