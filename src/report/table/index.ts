/**
 * @module report/table
 * The human-readable report (`--format table`, the default on a terminal): a header naming the
 * image, then for `reins sbom` the packages with their layer and path, and for `reins scan` /
 * `check` the vulnerabilities grouped by package (installed → fixed), secrets (redacted match
 * only), failed image checks and a summary line of counts by severity.
 *
 * Which view is shown follows the report: when no scanner ran (no `vulnerabilities`, `secrets`
 * or `misconfigurations` field), it is an SBOM. Width comes from the terminal (`COLUMNS` or the
 * TTY), 120 otherwise; long cells are cut with `…`. Colour only when `input.color`.
 *
 * Limits: widths count code points, so wide CJK characters may misalign a column.
 */
import type { Severity, VulnFinding } from '../../vuln/types.ts';
import type { ScanReport } from '../../scan/types.ts';
import type { Formatter, RenderInput } from '../types.ts';
import {
  activeVulns,
  compareVulns,
  countBySeverity,
  displayVersion,
  imageName,
  layerLabel,
  platformLabel,
  qualifiedName,
  SEVERITIES_DESC,
  severityRank,
  verdictsOf,
} from '../shared.ts';
import { renderVerdictText } from '../verdict.ts';
import { renderGrid, truncate } from './grid.ts';
import type { Cell } from './grid.ts';

const ANSI: Record<Severity, string> = {
  CRITICAL: '\x1b[1;31m',
  HIGH: '\x1b[31m',
  MEDIUM: '\x1b[33m',
  LOW: '\x1b[36m',
  UNKNOWN: '\x1b[90m',
};
const BOLD = '\x1b[1m';
const RESET = '\x1b[0m';

interface Ctx {
  width: number;
  color: boolean;
}

function sev(s: Severity, ctx: Ctx): Cell {
  return ctx.color ? { text: s, paint: (t) => `${ANSI[s]}${t}${RESET}` } : { text: s };
}

function heading(text: string, ctx: Ctx): string {
  return ctx.color ? `${BOLD}${text}${RESET}` : text;
}

function header(r: ScanReport): string[] {
  const a = r.artifact;
  const d = r.distro;
  const rows: [string, string | undefined][] = [
    ['Image', imageName(a)],
    ['Digest', a.manifestDigest],
    ['Platform', platformLabel(a)],
    ['Distro', d ? `${d.prettyName ?? `${d.id} ${d.versionId ?? ''}`.trim()}${d.version ? ` (${d.version})` : ''}` : undefined],
    [
      'Base image',
      a.base.method === 'none'
        ? 'unknown'
        : `${a.base.name ?? 'unnamed'} (${a.base.layerCount} of ${a.layers.length} layers, from ${a.base.method})`,
    ],
  ];
  return rows.filter((x): x is [string, string] => x[1] !== undefined).map(([k, v]) => `${k.padEnd(11)}${v}`);
}

function packagesSection(r: ScanReport, ctx: Ctx): string[] {
  const pkgs = [...r.packages].sort(
    (a, b) => a.type.localeCompare(b.type) || qualifiedName(a).localeCompare(qualifiedName(b)),
  );
  const rows = pkgs.map((p) => [
    qualifiedName(p),
    displayVersion(p),
    p.type,
    layerLabel(p.layer),
    (p.locations[0]?.path ?? '') + (p.locations.some((l) => l.deleted) ? ' (deleted)' : ''),
  ]);
  const perType = new Map<string, number>();
  for (const p of pkgs) perType.set(p.type, (perType.get(p.type) ?? 0) + 1);
  const counts = [...perType].map(([t, n]) => `${t} ${n}`).join(', ');
  return [
    heading(`Packages (${pkgs.length}${counts ? `: ${counts}` : ''})`, ctx),
    ...renderGrid(['NAME', 'VERSION', 'TYPE', 'LAYER', 'PATH'], rows, { width: ctx.width, flex: [0, 1, 4] }),
  ];
}

/**
 * The one remediation line shown under a package's findings: the fix that reaches the highest fixed
 * version (numeric-aware string order, a display heuristic: the exact order is the ecosystem's),
 * plus how many findings have no fix yet.
 */
export function groupRemediation(vulns: readonly VulnFinding[]): string {
  const fixable = vulns.filter((v) => v.fixedVersions.length);
  const top = [...fixable].sort((a, b) => (a.fixedVersions.at(-1) ?? '').localeCompare(b.fixedVersions.at(-1) ?? '', 'en', { numeric: true })).at(-1);
  const unfixed = vulns.length - fixable.length;
  const parts = top ? [top.remediation] : [vulns[0]?.remediation ?? ''];
  if (top && unfixed) parts.push(`${unfixed} with no fix yet`);
  return parts.join('; ');
}

function vulnSection(r: ScanReport, ctx: Ctx): string[] {
  const active = activeVulns(r).sort(compareVulns);
  const byPkg = new Map<string, VulnFinding[]>();
  for (const v of active) byPkg.set(v.packageId, [...(byPkg.get(v.packageId) ?? []), v]);
  const groups = [...byPkg.values()].sort(
    (a, b) => severityRank(a[0]!.severity) - severityRank(b[0]!.severity) || a[0]!.packageName.localeCompare(b[0]!.packageName),
  );
  const rows: (Cell | string)[][] = [];
  const after = new Map<number, string>();
  for (const g of groups) {
    g.forEach((v, i) => {
      rows.push([
        i === 0 ? v.packageName : '',
        i === 0 ? v.installedVersion : '',
        v.fixedVersions.join(', ') || '(no fix)',
        sev(v.severity, ctx),
        v.aliases.length ? `${v.id} (+${v.aliases.length})` : v.id,
        i === 0 ? layerLabel(v.layer) : '',
      ]);
    });
    after.set(rows.length - 1, truncate(`  ↳ ${groupRemediation(g)}`, ctx.width));
  }
  const suppressed = (r.vulnerabilities ?? []).filter((v) => v.suppressed);
  const out = [heading(`Vulnerabilities (${active.length})`, ctx)];
  if (rows.length) {
    const lines = renderGrid(['PACKAGE', 'INSTALLED', 'FIXED', 'SEVERITY', 'ID', 'LAYER'], rows, { width: ctx.width, flex: [0, 1, 2] });
    out.push(...lines.slice(0, 2));
    lines.slice(2).forEach((line, i) => {
      out.push(line);
      const note = after.get(i);
      if (note) out.push(note);
    });
  } else out.push('none');
  if (suppressed.length) {
    out.push(
      `${suppressed.length} suppressed: ${suppressed.map((v) => `${v.id} in ${v.packageName} (${v.suppressed!.by} ${v.suppressed!.justification ?? v.suppressed!.id})`).join('; ')}`,
    );
  }
  return out;
}

function secretSection(r: ScanReport, ctx: Ctx): string[] {
  const secrets = [...(r.secrets ?? [])].sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
  const rows = secrets.map((s) => [
    s.path,
    String(s.line),
    sev(s.severity, ctx),
    s.ruleId,
    s.match,
    layerLabel(s.layer),
    s.deleted ? 'yes' : 'no',
  ]);
  return [
    heading(`Secrets (${secrets.length})`, ctx),
    ...(rows.length
      ? renderGrid(['PATH', 'LINE', 'SEVERITY', 'RULE', 'MATCH', 'LAYER', 'DELETED'], rows, { width: ctx.width, flex: [0, 4] })
      : ['none']),
  ];
}

function misconfigSection(r: ScanReport, ctx: Ctx): string[] {
  const all = r.misconfigurations ?? [];
  const failed = all.filter((m) => m.status === 'fail').sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
  const rows = failed.map((m) => [m.id, m.cisId ?? '', sev(m.severity, ctx), m.title, m.remediation]);
  return [
    heading(`Misconfigurations (${failed.length} failed, ${all.length - failed.length} passed)`, ctx),
    ...(rows.length
      ? renderGrid(['ID', 'CIS', 'SEVERITY', 'TITLE', 'REMEDIATION'], rows, { width: ctx.width, flex: [3, 4] })
      : ['none']),
  ];
}

function summary(r: ScanReport): string {
  const counts = countBySeverity([
    ...activeVulns(r),
    ...(r.secrets ?? []),
    ...(r.misconfigurations ?? []).filter((m) => m.status === 'fail'),
  ]);
  const total = SEVERITIES_DESC.reduce((n, s) => n + counts[s], 0);
  return `Total: ${total} (${SEVERITIES_DESC.map((s) => `${s}: ${counts[s]}`).join(', ')})`;
}

/** Renders one report for a terminal of the given width. */
export function renderReportTable(r: ScanReport, opts: { width: number; color: boolean }): string {
  const ctx: Ctx = { width: Math.max(40, opts.width), color: opts.color };
  const sections: string[][] = [header(r)];
  const scanned = r.vulnerabilities !== undefined || r.secrets !== undefined || r.misconfigurations !== undefined;
  if (!scanned) sections.push(packagesSection(r, ctx));
  if (r.vulnerabilities) sections.push(vulnSection(r, ctx));
  if (r.secrets) sections.push(secretSection(r, ctx));
  if (r.misconfigurations) sections.push(misconfigSection(r, ctx));
  if (scanned) sections.push([summary(r)]);
  return sections.map((s) => s.join('\n')).join('\n\n');
}

function terminalWidth(): number {
  const fromEnv = Number(process.env.COLUMNS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return process.stdout.columns || 120;
}

export const tableFormat = {
  id: 'table',
  title: 'Table for people',
  specUrls: [],
  mediaType: 'text/plain',
  commands: ['sbom', 'scan', 'check'],
  render(input: RenderInput): string {
    const width = terminalWidth();
    const parts = input.reports.map((r) => renderReportTable(r, { width, color: input.color }));
    const verdicts = verdictsOf(input.verdict);
    if (verdicts.length) parts.push(...verdicts.map((v) => renderVerdictText(v, input.color).trimEnd()));
    else if (input.verdict !== undefined) parts.push(`Verdict: ${JSON.stringify(input.verdict)}`);
    return `${parts.join('\n\n')}\n`;
  },
} as const satisfies Formatter;
