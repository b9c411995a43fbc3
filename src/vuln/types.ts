/**
 * @module vuln/types
 * A vulnerability finding: which record matched which package, why, how bad, and how to fix it.
 */
import type { Location } from '../catalog/types.ts';
import type { LayerOrigin, LayerRef } from '../image/types.ts';

export type Severity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'UNKNOWN';

export const SEVERITY_ORDER: readonly Severity[] = ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

export interface CvssScore {
  version: '2.0' | '3.0' | '3.1' | '4.0';
  vector: string;
  baseScore: number;
  /** Who published the vector (OSV record id or source name). */
  source: string;
}

/** Why the match was made: the record, the range and the comparison, so a verdict can be re-checked by hand. */
export interface MatchEvidence {
  recordId: string;
  /** OSV ecosystem the record was matched under, e.g. `Debian:12`. */
  ecosystem: string;
  /** Package name the record names (may be the source package). */
  recordPackage: string;
  /** `ECOSYSTEM` | `SEMVER` | `versions`. */
  rangeType: string;
  introduced?: string;
  fixed?: string;
  lastAffected?: string;
  limit?: string;
  /** Human-readable comparisons, e.g. `1.34+dfsg-1.2+deb12u1 < 1.34+dfsg-1.2+deb12u2 (dpkg)`. */
  comparison: string;
}

export interface VulnFinding {
  /** Primary id (a CVE when one is known, else the record id). */
  id: string;
  /** Every other id of the same vulnerability (DSA, DEBIAN-CVE, GHSA, GO-...). */
  aliases: string[];
  summary?: string;
  packageId: string;
  packageName: string;
  packageType: string;
  purl: string;
  installedVersion: string;
  /** Empty when there is no fix yet. */
  fixedVersions: string[];
  /** `affected` = matched; `unknown` = the installed version could not be compared (never silently "not affected"). */
  status: 'affected' | 'unknown';
  severity: Severity;
  /** Where the severity came from and why that source won (e.g. `cvss-v3.1 from NVD vector in DEBIAN-CVE-…`). */
  severitySource: string;
  cvss: CvssScore[];
  kev?: { dateAdded: string; dueDate?: string; knownRansomware?: boolean };
  epss?: { score: number; percentile: number; date?: string };
  locations: Location[];
  layer: LayerRef;
  origin: LayerOrigin;
  evidence: MatchEvidence[];
  /** One sentence a developer can act on: `upgrade tar to 1.34+dfsg-1.2+deb12u2`. */
  remediation: string;
  references: string[];
  published?: string;
  modified?: string;
  /** Present when VEX or a policy exception suppressed it; suppressed findings stay in JSON output. */
  suppressed?: { by: 'vex' | 'exception'; id: string; justification?: string; statement?: string };
}

/** The database snapshot a report used, so a verdict can be reproduced. */
export interface DbSnapshot {
  schemaVersion: number;
  /** Content hash over all records (sha256). */
  contentHash: string;
  sources: { name: string; kind: 'osv' | 'kev' | 'epss'; records: number; updatedAt: string; url?: string }[];
}
