/**
 * @module checks/misconfig/types
 * The image checklist contract: one module per check under `checks/`, metadata first, then a pure
 * `evaluate` over the resolved image, its layer walks and its packages. Every check yields exactly
 * one pass or fail result; `runImageChecks` turns it into a `MisconfigFinding`.
 */
import type { Package } from '../../catalog/types.ts';
import type { LayerOrigin, LayerRef, LayerWalkResult, ResolvedImage } from '../../image/types.ts';
import type { Severity } from '../../vuln/types.ts';

export interface ImageCheckInput {
  image: ResolvedImage;
  /** Every layer of the image in order (index 0 first) with what its walk found. */
  layers: { ref: LayerRef; walk: LayerWalkResult }[];
  packages: Package[];
}

export interface CheckResult {
  status: 'pass' | 'fail';
  /** One line: what was found. */
  message: string;
  evidence: string[];
  cause?: LayerOrigin;
  layer?: LayerRef;
}

export interface ImageCheck {
  /** `REINS-IMG-0NN`, stable. */
  id: string;
  /** CIS Docker Benchmark (section 4, container images) item, when there is one. */
  cisId?: string;
  /** Equivalent Trivy image-config check (AVD DS id), when there is one. */
  trivyId?: string;
  title: string;
  severity: Severity;
  rationale: string;
  remediation: string;
  evaluate(input: ImageCheckInput): CheckResult;
}
