/**
 * @module vuln/vex/apply
 * Applies VEX statements to findings: for each finding, the LAST statement (in the order given)
 * whose vulnerability id or aliases meet the finding's ids and whose products cover the package
 * purl decides; when it says `not_affected` the finding is marked suppressed (it stays in output).
 */
import type { VulnFinding } from '../types.ts';
import { purlCovers } from './purl.ts';
import type { VexStatement } from './types.ts';

export function applyVex(findings: VulnFinding[], statements: readonly VexStatement[]): void {
  if (statements.length === 0) return;
  for (const f of findings) {
    if (f.suppressed) continue;
    const ids = new Set([f.id, ...f.aliases]);
    let decisive: VexStatement | undefined;
    for (const s of statements) {
      if (!ids.has(s.vulnerability) && !s.aliases.some((a) => ids.has(a))) continue;
      if (!s.products.some((p) => purlCovers(p, f.purl))) continue;
      decisive = s;
    }
    if (decisive?.status === 'not_affected') {
      f.suppressed = {
        by: 'vex',
        id: decisive.vulnerability,
        ...(decisive.justification ? { justification: decisive.justification } : {}),
        ...(decisive.statement ? { statement: decisive.statement } : {}),
      };
    }
  }
}
