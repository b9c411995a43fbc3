/**
 * @module checks/types
 * Findings of the image checklist (CIS Docker Benchmark section 4 and build hygiene) and of the secret scanner.
 */
import type { LayerOrigin, LayerRef } from '../image/types.ts';
import type { Severity } from '../vuln/types.ts';

export interface MisconfigFinding {
  /** Stable reins id, e.g. `REINS-IMG-001`. */
  id: string;
  /** CIS Docker Benchmark id where one exists, e.g. `4.1`. */
  cisId?: string;
  title: string;
  severity: Severity;
  status: 'pass' | 'fail';
  /** What was found, one line. */
  message: string;
  /** Why it matters. */
  rationale: string;
  /** How to fix it. */
  remediation: string;
  /** Who can fix it: the base image's maintainers, the app's, or the image config (Dockerfile). */
  cause?: LayerOrigin;
  layer?: LayerRef;
  /** Paths, history lines or config keys that show it. */
  evidence: string[];
  /** Line in a Dockerfile (for `reins check dockerfile`). */
  line?: number;
}

export interface SecretFinding {
  ruleId: string;
  category: string;
  title: string;
  severity: Severity;
  /** `file` (a layer's file), `env`, `label`, `history`. */
  source: 'file' | 'env' | 'label' | 'history';
  /** File path, or the config key (`Env[3]`, `Labels.x`, `history[5]`). */
  path: string;
  layer?: LayerRef;
  origin?: LayerOrigin;
  /** True when a later layer deleted the file: still in the image's bytes. */
  deleted: boolean;
  line: number;
  /** The matched text with the secret redacted (never the secret in full). */
  match: string;
}
