/**
 * @module vuln/finding
 * Turns the matched records of one package and one vulnerability into a VulnFinding: primary id
 * (the CVE when any record names one), evidence per matched interval, fixed versions, a one-line
 * remediation and severity (severity.ts). KEV/EPSS are attached by match.ts in one batch.
 */
import type { Package } from '../catalog/types.ts';
import type { EcosystemQuery } from './ecosystems.ts';
import type { OsvAffected, OsvRecord } from './osv/schema.ts';
import type { Compare, RangeHit } from './osv/range.ts';
import { exact, flat } from './flat.ts';
import { pickSeverity } from './severity.ts';
import type { MatchEvidence, VulnFinding } from './types.ts';

/** One record whose `affected` entry matched the package. */
export interface RecordMatch {
  record: OsvRecord;
  affected: OsvAffected;
  hits: RangeHit[];
  /** The installed version could not be compared. */
  unknown: boolean;
}

function sortVersions(versions: string[], compare: Compare): string[] {
  if (versions.length < 2) return exact(versions);
  return [...new Set(versions)].sort((a, b) => {
    try {
      return compare(a, b);
    } catch {
      return a < b ? -1 : a > b ? 1 : 0;
    }
  });
}

/** The element of `xs` equal to `s`, else `s`. */
function same(s: string, xs: readonly string[]): string {
  for (let i = 0; i < xs.length; i++) if (xs[i] === s) return xs[i]!;
  return s;
}

/** Appends the evidence of `m` to `out` (keys in this order: record, ecosystem, package, range type, events, comparison). */
function evidence(m: RecordMatch, q: EcosystemQuery, out: MatchEvidence[]): void {
  const recordId = m.record.id;
  // The query's own strings where they are equal (nearly always): evidence outlives the run, and
  // the record's copies are fresh strings per record.
  const ecosystem = same(m.affected.package?.ecosystem ?? '', q.ecosystems);
  const recordPackage = same(m.affected.package?.name ?? '', q.names);
  if (m.unknown) {
    out.push({ recordId, ecosystem, recordPackage, rangeType: 'unknown', comparison: `installed version ${q.version} is not a valid ${q.scheme} version` });
    return;
  }
  for (const h of m.hits) {
    // The common shapes as literals (fields in-object; evidence survives the run with its finding).
    if (h.limit === undefined && h.lastAffected === undefined && h.introduced !== undefined) {
      if (h.fixed !== undefined) {
        out.push({ recordId, ecosystem, recordPackage, rangeType: h.rangeType, introduced: h.introduced, fixed: h.fixed, comparison: h.comparison });
      } else {
        out.push({ recordId, ecosystem, recordPackage, rangeType: h.rangeType, introduced: h.introduced, comparison: h.comparison });
      }
      continue;
    }
    if (h.introduced === undefined && h.fixed === undefined && h.lastAffected === undefined && h.limit === undefined) {
      out.push({ recordId, ecosystem, recordPackage, rangeType: h.rangeType, comparison: h.comparison });
      continue;
    }
    const e: MatchEvidence = { recordId, ecosystem, recordPackage, rangeType: h.rangeType } as MatchEvidence;
    if (h.introduced !== undefined) e.introduced = h.introduced;
    if (h.fixed !== undefined) e.fixed = h.fixed;
    if (h.lastAffected !== undefined) e.lastAffected = h.lastAffected;
    if (h.limit !== undefined) e.limit = h.limit;
    e.comparison = h.comparison;
    out.push(e);
  }
}

function primaryId(ids: string[], recordIds: string[]): string {
  const cves = ids.filter((id) => id.startsWith('CVE-')).sort();
  return cves[0] ?? recordIds[0] ?? ids[0] ?? '';
}

function remediation(pkg: Package, q: EcosystemQuery, id: string, fixed: string[], lastAffected: string[], unknown: boolean): string {
  const source = pkg.source && pkg.source.name !== pkg.name ? ` (source ${pkg.source.name})` : '';
  if (unknown) return flat('cannot compare ', pkg.name, source, ' version ', q.version, ': check ', id, ' by hand');
  const target = fixed[fixed.length - 1];
  const last = lastAffected[lastAffected.length - 1];
  if (target === undefined && last !== undefined) {
    return flat('upgrade ', pkg.name, source, ' from ', q.version, ' to a version after ', last, ' (the last affected one; the record names no fixed version)');
  }
  if (target === undefined) return flat('no fix yet: ', pkg.name, source, ' ', q.version, ' is affected by ', id, ' and no fixed version is published');
  return flat('upgrade ', pkg.name, source, ' from ', q.version, ' to ', target);
}

/** Primary id and sorted aliases of one record (the common case: no Set, one pass). */
function idsOfOne(recordId: string, recordAliases: readonly string[]): { id: string; aliases: string[] } {
  let cve: string | undefined;
  if (recordId.startsWith('CVE-')) cve = recordId;
  for (const a of recordAliases) if (a.startsWith('CVE-') && (cve === undefined || a < cve)) cve = a;
  const id = cve ?? recordId;
  const aliases: string[] = [];
  if (recordId !== id) aliases.push(recordId);
  for (const a of recordAliases) if (a !== id && a !== recordId && !aliases.includes(a)) aliases.push(a);
  return { id, aliases: exact(aliases.length < 2 ? aliases : aliases.sort()) };
}

export function buildFinding(pkg: Package, q: EcosystemQuery, group: RecordMatch[], compare: Compare): VulnFinding {
  let id: string;
  let aliases: string[];
  if (group.length === 1) {
    ({ id, aliases } = idsOfOne(group[0]!.record.id, group[0]!.record.aliases ?? []));
  } else {
    const recordIds = [...new Set(group.map((m) => m.record.id))].sort();
    const allIds = new Set<string>(recordIds);
    for (const m of group) for (const a of m.record.aliases ?? []) allIds.add(a);
    id = primaryId([...allIds], recordIds);
    aliases = exact([...allIds].filter((x) => x !== id).sort());
  }
  let unknown = true;
  const fixed: string[] = [];
  const last: string[] = [];
  const evidenceList: MatchEvidence[] = [];
  let published: string | undefined;
  let modified: string | undefined;
  // Reference URLs in first-seen order, each once (usually a handful: a scan of the list; a Set
  // only once the list is long).
  const refs: string[] = [];
  let refSet: Set<string> | undefined;
  for (const m of group) {
    if (!m.unknown) unknown = false;
    for (const h of m.hits) {
      if (h.fixed !== undefined) fixed.push(h.fixed);
      if (h.lastAffected !== undefined) last.push(h.lastAffected);
    }
    evidence(m, q, evidenceList);
    // earliest publication, latest modification (string order, as the ISO timestamps sort)
    const p = m.record.published;
    if (p && (published === undefined || p < published)) published = p;
    const mod = m.record.modified;
    if (modified === undefined || mod > modified) modified = mod;
    const list = m.record.references;
    if (list) {
      for (let i = 0; i < list.length; i++) {
        const url = list[i]!.url;
        if (refSet !== undefined) {
          if (refSet.has(url)) continue;
          refSet.add(url);
        } else if (refs.includes(url)) {
          continue;
        } else if (refs.length === 32) {
          refSet = new Set(refs);
          refSet.add(url);
        }
        refs.push(url);
      }
    }
  }
  const fixedVersions = sortVersions(fixed, compare);
  const lastAffected = sortVersions(last, compare);
  // The record carrying the primary id (or the first) speaks first for summary and severity.
  const ordered = group.length < 2 ? group : [...group].sort((a, b) => Number(b.record.id === id || b.record.aliases?.includes(id)) - Number(a.record.id === id));
  const sev = pickSeverity(ordered);
  let summary: string | undefined;
  for (const m of ordered) {
    if (m.record.summary) {
      summary = m.record.summary;
      break;
    }
  }
  const status = unknown ? 'unknown' : 'affected';
  const fix = remediation(pkg, q, id, fixedVersions, lastAffected, unknown);
  if (summary && published && modified) {
    // The common case as one literal: one object with its fields in-object, where adding them one by
    // one grows an out-of-object property array several times (findings survive the run, so every
    // byte of them is copied by the young-generation GC).
    return {
      id,
      aliases,
      summary,
      packageId: pkg.id,
      packageName: pkg.name,
      packageType: pkg.type,
      purl: pkg.purl,
      installedVersion: pkg.version,
      fixedVersions,
      status,
      severity: sev.severity,
      severitySource: sev.severitySource,
      cvss: sev.cvss,
      locations: pkg.locations,
      layer: pkg.layer,
      origin: pkg.origin,
      evidence: exact(evidenceList),
      remediation: fix,
      references: exact(refs),
      published,
      modified,
    };
  }
  // Keys are added in the order of the VulnFinding interface (reports and tests compare them as JSON).
  const finding = { id, aliases } as VulnFinding;
  if (summary) finding.summary = summary;
  finding.packageId = pkg.id;
  finding.packageName = pkg.name;
  finding.packageType = pkg.type;
  finding.purl = pkg.purl;
  finding.installedVersion = pkg.version;
  finding.fixedVersions = fixedVersions;
  finding.status = status;
  finding.severity = sev.severity;
  finding.severitySource = sev.severitySource;
  finding.cvss = sev.cvss;
  finding.locations = pkg.locations;
  finding.layer = pkg.layer;
  finding.origin = pkg.origin;
  finding.evidence = exact(evidenceList);
  finding.remediation = fix;
  finding.references = exact(refs);
  if (published) finding.published = published;
  if (modified) finding.modified = modified;
  return finding;
}
