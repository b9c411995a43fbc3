/**
 * @module report/markdown
 * GitHub-flavoured Markdown summary (`--format markdown`) for pull-request comments and
 * `$GITHUB_STEP_SUMMARY`: the image, the verdict when `reins check` gives one, a table of counts
 * by severity per scanner, the top findings with their fixes, and collapsible `<details>` with
 * every vulnerability, secret (redacted match only), failed check and suppressed finding. For
 * `reins sbom` it lists the packages per type instead.
 *
 * Specs: https://github.github.com/gfm/ ; https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/workflow-commands-for-github-actions#adding-a-job-summary
 * Size: GitHub caps a comment at 65,536 characters (a step summary at 1 MiB), so tables are cut
 * to `MAX_ROWS` rows, and to fewer when the whole text would still exceed `MAX_CHARS`, with a note
 * pointing at the JSON report.
 */
import type { ScanReport } from '../../scan/types.ts';
import type { Severity } from '../../vuln/types.ts';
import type { Violation } from '../../policy/verdict.ts';
import type { Formatter, RenderInput } from '../types.ts';
import { activeVulns, compareVulns, countBySeverity, displayVersion, imageName, layerLabel, platformLabel, qualifiedName, SEVERITIES_DESC, severityRank, verdictsOf } from '../shared.ts';

/** Rows per table before the rest is summarised. */
export const MAX_ROWS = 200;
/** Target size of the whole summary (below GitHub's 65,536-character comment limit). */
export const MAX_CHARS = 60_000;
const ROW_LIMITS = [MAX_ROWS, 50, 10, 3];
/** Rows per table for the render in progress (rendering is synchronous, so this is never shared). */
let rowLimit = MAX_ROWS;
const TOP = 10;

const ICON: Record<Severity, string> = { CRITICAL: '🟥', HIGH: '🟧', MEDIUM: '🟨', LOW: '🟦', UNKNOWN: '⬜' };

/** Text safe inside a GFM table cell: no HTML, no pipes, no line breaks, no emphasis or links. */
export function cell(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ')
    .replace(/([\\`*_[\]|#])/g, '\\$1');
}

function table(head: string[], rows: string[][]): string[] {
  const shown = rows.slice(0, rowLimit);
  const out = [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`, ...shown.map((r) => `| ${r.join(' | ')} |`)];
  if (rows.length > shown.length) out.push('', `_…and ${rows.length - shown.length} more (see the JSON report)._`);
  return out;
}

function details(summary: string, body: string[]): string[] {
  return ['<details>', `<summary>${summary.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</summary>`, '', ...body, '', '</details>', ''];
}

function sev(s: Severity): string {
  return `${ICON[s]} ${s}`;
}

function violationTable(vs: readonly Violation[], withException = false): string[] {
  return table(
    ['Severity', 'Rule', 'Evidence', 'Fix', ...(withException ? ['Exception'] : [])],
    vs.map((v) => [
      sev(v.severity),
      cell(`${v.ruleId}: ${v.description}`),
      cell(v.evidence),
      cell(v.remediation),
      ...(withException ? [cell(v.exception ? `${v.exception.id} (${v.exception.owner}, ${v.exception.permanent ? 'permanent' : `expires ${v.exception.expires ?? '?'}`})` : '')] : []),
    ]),
  );
}

function verdictLines(verdict: unknown): string[] {
  if (verdict === undefined) return [];
  const verdicts = verdictsOf(verdict);
  if (!verdicts.length) {
    return [...details('Policy verdict', ['```json', JSON.stringify(verdict, null, 2).replace(/```/g, '`\u200b``'), '```'])];
  }
  return verdicts.flatMap((v) => [
    `### Policy ${v.result === 'pass' ? '✅ PASS' : '❌ FAIL'}: ${cell(v.policy.name)} at gate ${cell(v.gate)}${verdicts.length > 1 ? ` (${cell(v.image.platform)})` : ''}`,
    '',
    `${v.violations.length} blocking violation(s), ${v.warnings.length} warning(s), ${v.excepted.length} excepted.`,
    '',
    ...(v.violations.length ? [...violationTable(v.violations), ''] : []),
    ...(v.warnings.length ? details(`Warnings (${v.warnings.length})`, violationTable(v.warnings)) : []),
    ...(v.excepted.length ? details(`Excepted (${v.excepted.length})`, violationTable(v.excepted, true)) : []),
    ...(v.exceptionsExpired.length
      ? [`**Expired exceptions (no longer applied):** ${v.exceptionsExpired.map((e) => cell(`${e.id} (expired ${e.expired}, owner ${e.owner})`)).join(', ')}`, '']
      : []),
  ]);
}

function countsTable(r: ScanReport): string[] {
  const rows: [string, { severity: Severity }[] | undefined][] = [
    ['Vulnerabilities', r.vulnerabilities ? activeVulns(r) : undefined],
    ['Secrets', r.secrets],
    ['Misconfigurations', r.misconfigurations?.filter((m) => m.status === 'fail')],
  ];
  return table(
    ['Scanner', ...SEVERITIES_DESC.map(sev), 'Total'],
    rows
      .filter((x): x is [string, { severity: Severity }[]] => x[1] !== undefined)
      .map(([name, items]) => {
        const c = countBySeverity(items);
        return [name, ...SEVERITIES_DESC.map((s) => String(c[s])), `**${items.length}**`];
      }),
  );
}

function vulnRows(vulns: ReturnType<typeof activeVulns>): string[][] {
  return vulns.map((v) => [
    sev(v.severity),
    cell(v.id),
    cell(v.packageName),
    cell(v.installedVersion),
    cell(v.fixedVersions.join(', ') || 'no fix yet'),
    cell(layerLabel(v.layer)),
    cell(v.remediation),
  ]);
}

const VULN_HEAD = ['Severity', 'ID', 'Package', 'Installed', 'Fixed in', 'Layer', 'Remediation'];

function scanSections(r: ScanReport): string[] {
  const out: string[] = [...countsTable(r), ''];
  const active = activeVulns(r).sort(compareVulns);
  if (active.length) out.push(`### Top vulnerabilities`, '', ...table(VULN_HEAD, vulnRows(active.slice(0, TOP))), '');
  if (active.length > TOP) out.push(...details(`All vulnerabilities (${active.length})`, table(VULN_HEAD, vulnRows(active))));
  const secrets = [...(r.secrets ?? [])].sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
  if (secrets.length) {
    out.push(
      ...details(
        `Secrets (${secrets.length})`,
        table(
          ['Severity', 'Rule', 'Where', 'Match (redacted)', 'Layer', 'Deleted'],
          secrets.map((s) => [sev(s.severity), cell(s.ruleId), cell(`${s.path}:${s.line}`), `\`${s.match.replace(/`/g, "'").replace(/\|/g, '\\|')}\``, cell(layerLabel(s.layer)), s.deleted ? 'yes' : 'no']),
        ),
      ),
    );
  }
  const failed = (r.misconfigurations ?? []).filter((m) => m.status === 'fail').sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
  if (failed.length) {
    out.push(
      ...details(
        `Misconfigurations (${failed.length} failed)`,
        table(
          ['Severity', 'ID', 'Check', 'Found', 'Remediation'],
          failed.map((m) => [sev(m.severity), cell(m.cisId ? `${m.id} (CIS ${m.cisId})` : m.id), cell(m.title), cell(m.message), cell(m.remediation)]),
        ),
      ),
    );
  }
  const suppressed = (r.vulnerabilities ?? []).filter((v) => v.suppressed);
  if (suppressed.length) {
    out.push(
      ...details(
        `Suppressed (${suppressed.length})`,
        table(
          ['ID', 'Package', 'By', 'Why'],
          suppressed.map((v) => [cell(v.id), cell(v.packageName), cell(`${v.suppressed!.by} ${v.suppressed!.id}`), cell(v.suppressed!.justification ?? v.suppressed!.statement ?? '')]),
        ),
      ),
    );
  }
  if (!active.length && !secrets.length && !failed.length) out.push('No findings. ✅', '');
  return out;
}

function sbomSections(r: ScanReport): string[] {
  const perType = new Map<string, number>();
  for (const p of r.packages) perType.set(p.type, (perType.get(p.type) ?? 0) + 1);
  const pkgs = [...r.packages].sort((a, b) => a.type.localeCompare(b.type) || qualifiedName(a).localeCompare(qualifiedName(b)));
  return [
    ...table(['Type', 'Packages'], [...perType].sort().map(([t, n]) => [t, String(n)])),
    '',
    ...details(
      `Packages (${pkgs.length})`,
      table(
        ['Name', 'Version', 'Type', 'Layer', 'Path'],
        pkgs.map((p) => [cell(qualifiedName(p)), cell(displayVersion(p)), p.type, cell(layerLabel(p.layer)), cell(p.locations[0]?.path ?? '')]),
      ),
    ),
  ];
}

export function renderReportMarkdown(r: ScanReport): string[] {
  const a = r.artifact;
  const facts = [
    `\`${a.manifestDigest}\``,
    platformLabel(a),
    r.distro ? cell(r.distro.prettyName ?? `${r.distro.id} ${r.distro.versionId ?? ''}`) : undefined,
    a.base.name ? `base ${cell(a.base.name)}` : undefined,
  ].filter(Boolean);
  const scanned = r.vulnerabilities !== undefined || r.secrets !== undefined || r.misconfigurations !== undefined;
  return [`## reins: ${cell(imageName(a))}`, '', facts.join(' · '), '', ...(scanned ? scanSections(r) : sbomSections(r))];
}

export const markdownFormat = {
  id: 'markdown',
  title: 'Markdown summary (PR comment, job summary)',
  specUrls: ['https://github.github.com/gfm/'],
  mediaType: 'text/markdown',
  commands: ['sbom', 'scan', 'check'],
  render(input: RenderInput): string {
    let text = '';
    for (const limit of ROW_LIMITS) {
      rowLimit = limit;
      try {
        const lines = [...verdictLines(input.verdict), ...input.reports.flatMap(renderReportMarkdown)];
        text = `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
      } finally {
        rowLimit = MAX_ROWS;
      }
      if (text.length <= MAX_CHARS) break;
    }
    return text;
  },
} as const satisfies Formatter;
