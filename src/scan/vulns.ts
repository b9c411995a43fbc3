/**
 * @module scan/vulns
 * The vulnerability step of a scan: open the local database (never the network: `reins db update`
 * is the only thing that downloads), warn when it is stale, load VEX documents, match.
 */
import type { Diagnostic } from '../common/diagnostic.ts';
import type { Distro, Package } from '../catalog/types.ts';
// Direct modules, not the vuln/ barrel: a scan needs neither the importers (OSV, KEV, EPSS) nor,
// without --vex, the VEX parsers, and loading them (zod among them) cost start-up on every scan.
import { isStale, snapshotAgeDays } from '../vuln/db/status.ts';
import { openDb } from '../vuln/db/store.ts';
import { matchPackages } from '../vuln/match.ts';
import type { DbSnapshot, VulnFinding } from '../vuln/types.ts';
import type { VexStatement } from '../vuln/vex/types.ts';

export interface VulnOptions {
  /** Database file (default: the user cache dir). */
  dbPath?: string;
  /** OpenVEX / CycloneDX VEX files whose `not_affected` statements suppress findings. */
  vex?: readonly string[];
  /** Scans never download; `offline` only silences the staleness hint about `reins db update`. */
  offline?: boolean;
  /** Warn when the database is older than this (default 7 days). */
  maxDbAgeDays?: number;
  warn?(message: string): void;
}

/**
 * Throws E_DB when the database is missing or of another schema: a scan checks this before it reads
 * the image, so a missing `reins db update` costs a second, not a whole image read.
 */
export function checkDb(opts: Pick<VulnOptions, 'dbPath'>): void {
  openDb(opts.dbPath, { readonly: true }).close();
}

export async function matchImagePackages(
  packages: Package[],
  distro: Distro | undefined,
  opts: VulnOptions,
): Promise<{ findings: VulnFinding[]; snapshot: DbSnapshot; diagnostics: Diagnostic[] }> {
  const db = openDb(opts.dbPath, { readonly: true });
  try {
    let vex: VexStatement[] = [];
    if (opts.vex !== undefined && opts.vex.length > 0) {
      const { readVexFile } = await import('../vuln/vex/index.ts');
      vex = (await Promise.all(opts.vex.map((f) => readVexFile(f)))).flat();
    }
    const result = matchPackages(db, packages, distro, { vex });
    // The age from the snapshot the result records (its sources rows): the full status also counts
    // every record, which reads the whole database.
    const maxAge = opts.maxDbAgeDays ?? 7;
    if (isStale({ ageDays: snapshotAgeDays(result.snapshot) }, maxAge)) {
      opts.warn?.(`the vulnerability database is older than ${maxAge} days${opts.offline ? '' : ": run 'reins db update'"}`);
    }
    return result;
  } finally {
    db.close();
  }
}
