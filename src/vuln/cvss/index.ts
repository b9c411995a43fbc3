/**
 * @module vuln/cvss
 * CVSS base scores and their qualitative ratings (v3.1 spec §5, v4.0 spec §6: None 0.0,
 * Low 0.1–3.9, Medium 4.0–6.9, High 7.0–8.9, Critical 9.0–10.0).
 */
import type { Severity } from '../types.ts';
import { cvss3BaseScore } from './v3.ts';
import { cvss4BaseScore } from './v4.ts';

export interface CvssResult {
  version: '3.0' | '3.1' | '4.0';
  baseScore: number;
}

/** Base score of a v3.0, v3.1 or v4.0 vector; undefined for anything else (v2 is not scored). */
export function cvssBaseScore(vector: string): CvssResult | undefined {
  if (vector.trimStart().startsWith('CVSS:4.0/')) return cvss4BaseScore(vector);
  return cvss3BaseScore(vector);
}

/** Qualitative rating; a 0.0 ("None") score maps to LOW since reins has no NONE severity. */
export function ratingForScore(score: number): Severity {
  if (score >= 9) return 'CRITICAL';
  if (score >= 7) return 'HIGH';
  if (score >= 4) return 'MEDIUM';
  return 'LOW';
}
