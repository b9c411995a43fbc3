/**
 * @module scan/threshold
 * `--fail-on SEVERITY` (Trivy's `--exit-code 1 --severity ...`): which findings are at or above it.
 * Suppressed findings (VEX, exceptions) never count; passed checks never count.
 */
import { UsageError } from '../common/errors.ts';
import { SEVERITY_ORDER, type Severity } from '../vuln/types.ts';
import type { ScanReport } from './types.ts';

export function parseSeverity(value: string, flag: string): Severity {
  const s = value.toUpperCase() as Severity;
  if (!SEVERITY_ORDER.includes(s) || s === 'UNKNOWN') {
    throw new UsageError(`${flag} "${value}": expected one of LOW, MEDIUM, HIGH, CRITICAL`);
  }
  return s;
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_ORDER.indexOf(severity) >= SEVERITY_ORDER.indexOf(threshold);
}

/** Ids of the findings that fail the gate. */
export function failingFindings(report: ScanReport, threshold: Severity): string[] {
  const out: string[] = [];
  for (const v of report.vulnerabilities ?? []) if (!v.suppressed && atLeast(v.severity, threshold)) out.push(`${v.id} (${v.packageName})`);
  for (const s of report.secrets ?? []) if (atLeast(s.severity, threshold)) out.push(`${s.ruleId} (${s.path})`);
  for (const m of report.misconfigurations ?? []) if (m.status === 'fail' && atLeast(m.severity, threshold)) out.push(m.id);
  return out;
}
