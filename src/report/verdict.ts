/**
 * @module report/verdict
 * The policy verdict for people: PASS/FAIL, each violated rule with its evidence and the fix,
 * exceptions that applied (and when they expire) or have expired.
 */
import type { Verdict, Violation } from '../policy/verdict.ts';

const paint = (color: boolean, code: string, s: string): string => (color ? `\u001b[${code}m${s}\u001b[0m` : s);

function lines(title: string, vs: readonly Violation[]): string[] {
  if (!vs.length) return [];
  const out = [`${title} (${vs.length}):`];
  for (const v of vs) {
    out.push(`  [${v.severity}] ${v.ruleId}: ${v.description}`);
    out.push(`      ${v.evidence}`);
    out.push(`      fix: ${v.remediation}`);
    if (v.exception) out.push(`      excepted by ${v.exception.id} (owner ${v.exception.owner}, ${v.exception.permanent ? 'permanent' : `expires ${v.exception.expires}`})`);
  }
  return out;
}

export function renderVerdictText(verdict: Verdict, color: boolean): string {
  const head = verdict.result === 'pass' ? paint(color, '32;1', 'PASS') : paint(color, '31;1', 'FAIL');
  const out = [
    `${head}  policy ${verdict.policy.name} (${verdict.policy.hash.slice(0, 19)}) at gate ${verdict.gate}`,
    `image ${verdict.image.reference} ${verdict.image.digest} ${verdict.image.platform}`,
    `${verdict.violations.length} blocking violation(s), ${verdict.warnings.length} warning(s), ${verdict.excepted.length} excepted`,
    '',
    ...lines('Blocking violations', verdict.violations),
    ...lines('Warnings', verdict.warnings),
    ...lines('Excepted', verdict.excepted),
  ];
  if (verdict.exceptionsApplied.length) {
    out.push('Exceptions applied:');
    for (const e of verdict.exceptionsApplied) out.push(`  ${e.id}: ${e.matched} match(es), owner ${e.owner}, approved by ${e.approvedBy}, ${e.permanent ? 'permanent' : `expires ${e.expires}`}: ${e.reason}`);
  }
  if (verdict.exceptionsExpired.length) {
    out.push(paint(color, '33', 'Expired exceptions (no longer applied):'));
    for (const e of verdict.exceptionsExpired) out.push(`  ${e.id}: expired ${e.expired} (owner ${e.owner})`);
  }
  return `${out.join('\n')}\n`;
}
