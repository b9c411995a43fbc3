/**
 * @module vuln/flat
 * Strings that findings keep, built flat. A string made with `+` or a template literal is a tree of
 * cons cells (one per concatenation) that every young-generation collection copies cell by cell
 * until something reads it whole; a finding keeps its comparison, remediation and severity-source
 * texts until the report is written, so they are joined into one flat string when made
 * (Array.prototype.join writes a single sequential string).
 */
export function flat(...parts: string[]): string {
  return parts.join('');
}
