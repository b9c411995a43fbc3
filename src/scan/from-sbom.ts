/**
 * @module scan/from-sbom
 * `reins scan sbom:FILE`: vulnerabilities for the packages of a CycloneDX or SPDX SBOM (ours or
 * another tool's), without the image. Layer provenance is unknown and says so (index -1).
 */
import { readSbom } from './sbom-input/index.ts';
import type { ScanReport } from './types.ts';
import { VERSION } from './version.ts';
import { matchImagePackages, type VulnOptions } from './vulns.ts';

export async function scanSbomFile(file: string, opts: VulnOptions = {}): Promise<ScanReport> {
  const sbom = await readSbom(file);
  const report: ScanReport = {
    reportVersion: 1,
    tool: { name: 'reins', version: VERSION },
    createdAt: new Date().toISOString(),
    artifact: {
      reference: `sbom:${file}`,
      sourceKind: 'sbom',
      manifestDigest: '',
      configDigest: '',
      platform: { os: 'unknown', architecture: 'unknown' },
      layers: [],
      base: { method: 'none', layerCount: 0 },
      config: { architecture: 'unknown', os: 'unknown', rootfs: { type: 'layers', diff_ids: [] } },
      ...sbom.artifact,
    },
    ...(sbom.distro && { distro: sbom.distro }),
    packages: sbom.packages,
    diagnostics: [],
  };
  const v = await matchImagePackages(report.packages, report.distro, opts);
  report.vulnerabilities = v.findings;
  report.database = v.snapshot;
  report.diagnostics.push(...v.diagnostics);
  return report;
}
