/**
 * @module vuln/cvss/v4
 * CVSS v4.0 base scores (https://www.first.org/cvss/v4-0/specification-document).
 * Not implemented yet: the v4.0 score needs the expert-ranked MacroVector table (§8.2) and its
 * interpolation; until then v4 vectors are recorded but not scored, and severity falls back to
 * another source.
 */
import type { CvssResult } from './index.ts';

export function cvss4BaseScore(_vector: string): CvssResult | undefined {
  return undefined;
}
