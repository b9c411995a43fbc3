/**
 * @module common/diagnostic
 * A problem found inside an otherwise readable input (a broken package database, an unparsable
 * version, a malformed OSV record). Diagnostics travel with results; the scan goes on.
 */
export type DiagnosticLevel = 'info' | 'warning' | 'error';

export interface Diagnostic {
  level: DiagnosticLevel;
  /** Stable short code, e.g. `dpkg-status-malformed`, `osv-record-invalid`. */
  code: string;
  /** One line: what is wrong and where. */
  message: string;
  /** Path inside the image (or a file on disk) the problem is about. */
  path?: string;
  /** Layer index the file came from. */
  layerIndex?: number;
}
