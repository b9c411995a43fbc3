/**
 * @module policy/verdict
 * The verdict: pass/fail, every violated rule with its evidence and remediation, and the
 * exceptions that applied (and when they expire) or that have expired.
 */
import type { LayerOrigin } from '../image/types.ts';
import type { Severity } from '../vuln/types.ts';
import type { Gate } from './evaluate.ts';

export interface Violation {
  ruleId: string;
  description: string;
  severity: Severity;
  action: 'block' | 'warn';
  /** What violated it: `vulnerability`, `package`, `secret`, `misconfiguration` or `image`. */
  subject: string;
  /** The finding's id (CVE, purl, secret rule, check id) or the image reference. */
  subjectId: string;
  /** One line: which finding, where. */
  evidence: string;
  location?: { path?: string; layer?: number; origin?: LayerOrigin };
  remediation: string;
  /** Set when an exception covers it: the violation does not count. */
  exception?: { id: string; owner: string; expires?: string; permanent?: boolean };
}

export interface Verdict {
  result: 'pass' | 'fail';
  gate: Gate;
  evaluatedAt: string;
  policy: { name: string; file: string; hash: string };
  image: { reference: string; digest: string; platform: string };
  /** Blocking violations not covered by an exception. */
  violations: Violation[];
  /** `warn` rules' violations: shown, never failing. */
  warnings: Violation[];
  /** Violations covered by an exception. */
  excepted: Violation[];
  exceptionsApplied: { id: string; owner: string; approvedBy: string; reason: string; expires?: string; permanent?: boolean; matched: number }[];
  exceptionsExpired: { id: string; owner: string; expired: string }[];
}
