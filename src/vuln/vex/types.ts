/**
 * @module vuln/vex/types
 * One VEX statement, normalised from OpenVEX or CycloneDX VEX: "vulnerability V does (not) affect
 * products P, because J".
 */
export type VexStatus = 'not_affected' | 'affected' | 'fixed' | 'under_investigation';

export interface VexStatement {
  /** Vulnerability id as the document names it (CVE, GHSA, ...). */
  vulnerability: string;
  /** Other ids the document gives for the same vulnerability. */
  aliases: string[];
  /** Product purls the statement is about. */
  products: string[];
  status: VexStatus;
  /** Machine-readable justification (OpenVEX `justification`, CycloneDX `analysis.justification`). */
  justification?: string;
  /** Free text (OpenVEX `impact_statement` / `status_notes`, CycloneDX `analysis.detail`). */
  statement?: string;
  /** Document the statement came from (file name or document id). */
  document: string;
}
