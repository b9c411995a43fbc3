/**
 * @module scan/types
 * The report of one scan of one image platform: what `reins sbom`, `reins scan` and `reins check`
 * produce, what every output format renders, and what the server, the admission webhook and the
 * runtime agent consume. Field names are part of the JSON output: add, never rename.
 */
import type { Diagnostic } from '../common/diagnostic.ts';
import type { Distro, Package } from '../catalog/types.ts';
import type { MisconfigFinding, SecretFinding } from '../checks/types.ts';
import type {
  BaseImageInfo,
  ImageConfig,
  LayerRef,
  Platform,
  SourceKind,
} from '../image/types.ts';
import type { DbSnapshot, VulnFinding } from '../vuln/types.ts';

export type ScannerName = 'vuln' | 'secret' | 'misconfig';

export interface ReportLayer extends LayerRef {
  mediaType: string;
  /** Stored (compressed) size in bytes. */
  size: number;
}

export interface ReportArtifact {
  reference: string;
  /** How the image was read; `sbom` when `reins scan sbom:FILE` rescanned an SBOM without the image. */
  sourceKind: SourceKind | 'sbom';
  name?: string;
  tag?: string;
  manifestDigest: string;
  indexDigest?: string;
  configDigest: string;
  platform: Platform;
  layers: ReportLayer[];
  base: BaseImageInfo;
  config: ImageConfig;
}

export interface ScanReport {
  reportVersion: 1;
  tool: { name: 'reins'; version: string };
  createdAt: string;
  artifact: ReportArtifact;
  distro?: Distro;
  packages: Package[];
  /** Present when the vuln scanner ran. */
  vulnerabilities?: VulnFinding[];
  secrets?: SecretFinding[];
  misconfigurations?: MisconfigFinding[];
  database?: DbSnapshot;
  diagnostics: Diagnostic[];
}
