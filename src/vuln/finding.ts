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
  return [...new Set(versions)].sort((a, b) => {
    try {
      return compare(a, b);
    } catch {
      return a < b ? -1 : a > b ? 1 : 0;
    }
  });
}

function evidence(m: RecordMatch, q: EcosystemQuery): MatchEvidence[] {
  const base = {
    recordId: m.record.id,
    ecosystem: m.affected.package?.ecosystem ?? '',
    recordPackage: m.affected.package?.name ?? '',
  };
  if (m.unknown) {
    return [{ ...base, rangeType: 'unknown', comparison: `installed version ${q.version} is not a valid ${q.scheme} version` }];
  }
  return m.hits.map((h) => ({
    ...base,
    rangeType: h.rangeType,
    ...(h.introduced !== undefined ? { introduced: h.introduced } : {}),
    ...(h.fixed !== undefined ? { fixed: h.fixed } : {}),
    ...(h.lastAffected !== undefined ? { lastAffected: h.lastAffected } : {}),
    ...(h.limit !== undefined ? { limit: h.limit } : {}),
    comparison: h.comparison,
  }));
}

function primaryId(ids: string[], recordIds: string[]): string {
  const cves = ids.filter((id) => id.startsWith('CVE-')).sort();
  return cves[0] ?? recordIds[0] ?? ids[0] ?? '';
}

function remediation(pkg: Package, q: EcosystemQuery, id: string, fixed: string[], lastAffected: string[], unknown: boolean): string {
  const source = pkg.source && pkg.source.name !== pkg.name ? ` (source ${pkg.source.name})` : '';
  if (unknown) return `cannot compare ${pkg.name}${source} version ${q.version}: check ${id} by hand`;
  const target = fixed[fixed.length - 1];
  const last = lastAffected[lastAffected.length - 1];
  if (target === undefined && last !== undefined) {
    return `upgrade ${pkg.name}${source} from ${q.version} to a version after ${last} (the last affected one; the record names no fixed version)`;
  }
  if (target === undefined) return `no fix yet: ${pkg.name}${source} ${q.version} is affected by ${id} and no fixed version is published`;
  return `upgrade ${pkg.name}${source} from ${q.version} to ${target}`;
}

export function buildFinding(pkg: Package, q: EcosystemQuery, group: RecordMatch[], compare: Compare): VulnFinding {
  const recordIds = [...new Set(group.map((m) => m.record.id))].sort();
  const allIds = new Set<string>(recordIds);
  for (const m of group) for (const a of m.record.aliases ?? []) allIds.add(a);
  const id = primaryId([...allIds], recordIds);
  const aliases = [...allIds].filter((x) => x !== id).sort();
  const unknown = group.every((m) => m.unknown);
  const fixedVersions = sortVersions(
    group.flatMap((m) => m.hits.flatMap((h) => (h.fixed !== undefined ? [h.fixed] : []))),
    compare,
  );
  const lastAffected = sortVersions(
    group.flatMap((m) => m.hits.flatMap((h) => (h.lastAffected !== undefined ? [h.lastAffected] : []))),
    compare,
  );
  // The record carrying the primary id (or the first) speaks first for summary and severity.
  const ordered = [...group].sort((a, b) => Number(b.record.id === id || b.record.aliases?.includes(id)) - Number(a.record.id === id));
  const sev = pickSeverity(ordered);
  const published = group.map((m) => m.record.published).filter((p): p is string => !!p).sort()[0];
  const modified = group.map((m) => m.record.modified).sort().at(-1);
  const summary = ordered.map((m) => m.record.summary).find((s) => !!s);
  const references = [...new Set(group.flatMap((m) => (m.record.references ?? []).map((r) => r.url)))];
  return {
    id,
    aliases,
    ...(summary ? { summary } : {}),
    packageId: pkg.id,
    packageName: pkg.name,
    packageType: pkg.type,
    purl: pkg.purl,
    installedVersion: pkg.version,
    fixedVersions,
    status: unknown ? 'unknown' : 'affected',
    severity: sev.severity,
    severitySource: sev.severitySource,
    cvss: sev.cvss,
    locations: pkg.locations,
    layer: pkg.layer,
    origin: pkg.origin,
    evidence: group.flatMap((m) => evidence(m, q)),
    remediation: remediation(pkg, q, id, fixedVersions, lastAffected, unknown),
    references,
    ...(published ? { published } : {}),
    ...(modified ? { modified } : {}),
  };
}
