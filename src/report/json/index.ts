/**
 * @module report/json
 * The reins JSON report: the ScanReport exactly as `scan/types.ts` defines it (field names are a
 * contract: added to, never renamed). One platform gives the report object itself; several
 * (`--platform all`) give `{ "reports": [...] }`. `reins check` adds `verdict` next to them.
 *
 * Key order is stable whatever order producers built their objects in: the report's own fields in
 * the order of `ScanReport` (then any others alphabetically), every nested object alphabetically,
 * arrays kept in their order. So two runs over the same image diff cleanly.
 *
 * Spec: src/scan/types.ts. Limits: no JSON schema of our own is published yet.
 */
import type { Formatter, RenderInput } from '../types.ts';

const TOP_ORDER = [
  'reportVersion',
  'tool',
  'createdAt',
  'artifact',
  'distro',
  'packages',
  'vulnerabilities',
  'secrets',
  'misconfigurations',
  'database',
  'diagnostics',
];

/** Copies a JSON value with object keys sorted (`first` names keys to put in front, in that order). */
export function sortKeys(value: unknown, first: readonly string[] = []): unknown {
  if (Array.isArray(value)) return value.map((v) => sortKeys(v));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined);
  const rank = (k: string): number => {
    const i = first.indexOf(k);
    return i === -1 ? first.length : i;
  };
  keys.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = sortKeys(obj[k]);
  return out;
}

export function toJsonDocument(input: RenderInput): unknown {
  const reports = input.reports.map((r) => sortKeys(r, TOP_ORDER));
  const verdict = input.verdict === undefined ? {} : { verdict: sortKeys(input.verdict) };
  if (reports.length === 1) return { ...(reports[0] as object), ...verdict };
  return { reports, ...verdict };
}

export const jsonFormat = {
  id: 'json',
  title: 'reins JSON report',
  specUrls: ['https://www.rfc-editor.org/rfc/rfc8259'],
  mediaType: 'application/json',
  commands: ['sbom', 'scan', 'check'],
  render(input: RenderInput): string {
    return `${JSON.stringify(toJsonDocument(input), null, 2)}\n`;
  },
} as const satisfies Formatter;
