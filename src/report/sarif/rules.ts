/**
 * @module report/sarif/rules
 * SARIF reporting descriptors (rules) for reins findings: one per vulnerability id, secret rule
 * and image check, with the severity GitHub code scanning reads (`properties.security-severity`).
 */
import type { MisconfigFinding, SecretFinding } from '../../checks/types.ts';
import type { Violation } from '../../policy/verdict.ts';
import type { Severity, VulnFinding } from '../../vuln/types.ts';
import { advisorySource, bestCvss } from '../shared.ts';

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri?: string;
  help: { text: string; markdown: string };
  defaultConfiguration: { level: SarifLevel };
  properties: { 'security-severity': string; tags: string[]; precision: 'very-high' | 'high' };
}

export type SarifLevel = 'error' | 'warning' | 'note';

/** GitHub: ≥9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low; used when no CVSS score is known. */
const SCORE_OF: Record<Severity, string> = { CRITICAL: '9.5', HIGH: '8.0', MEDIUM: '5.5', LOW: '2.0', UNKNOWN: '0.0' };

export function levelOf(s: Severity): SarifLevel {
  if (s === 'CRITICAL' || s === 'HIGH') return 'error';
  return s === 'MEDIUM' ? 'warning' : 'note';
}

/** Escapes text for inclusion in Markdown (GitHub renders help.markdown). */
export function md(s: string): string {
  return s.replace(/([\\`*_{}[\]()#+!|<>])/g, '\\$1');
}

function pascal(s: string): string {
  return s.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_, _sep: string, c: string) => c.toUpperCase());
}

export function vulnRule(v: VulnFinding): SarifRule {
  const cvss = bestCvss(v);
  const title = v.summary ?? `${v.id} in ${v.packageName}`;
  const fixed = v.fixedVersions.length ? v.fixedVersions.join(', ') : 'no fix available yet';
  const src = advisorySource(v.id);
  const text = `${title}\nPackage: ${v.packageName} ${v.installedVersion}\nFixed in: ${fixed}\nRemediation: ${v.remediation}`;
  const markdown = [
    `**${md(v.id)}**: ${md(title)}`,
    '',
    '| Package | Installed | Fixed in | Severity | CVSS |',
    '| --- | --- | --- | --- | --- |',
    `| ${md(v.packageName)} | ${md(v.installedVersion)} | ${md(fixed)} | ${v.severity} | ${cvss ? `${cvss.baseScore} ${md(cvss.vector)}` : '-'} |`,
    '',
    `**Remediation:** ${md(v.remediation)}`,
    '',
    ...[src.url, ...v.references].filter((u, i, all) => all.indexOf(u) === i).map((u) => `- <${u}>`),
  ].join('\n');
  return {
    id: v.id,
    name: pascal(`${v.packageType} ${v.id}`),
    shortDescription: { text: `${v.id}: ${title}`.slice(0, 1024) },
    fullDescription: { text: title },
    helpUri: src.url,
    help: { text, markdown },
    defaultConfiguration: { level: levelOf(v.severity) },
    properties: {
      'security-severity': cvss ? cvss.baseScore.toFixed(1) : SCORE_OF[v.severity],
      tags: ['security', 'vulnerability', v.severity, v.packageType],
      precision: 'very-high',
    },
  };
}

export function secretRule(s: SecretFinding): SarifRule {
  const remediation = 'Remove the secret from the image (a deleted file stays in its layer: rebuild without it) and rotate it.';
  return {
    id: s.ruleId,
    name: pascal(s.ruleId),
    shortDescription: { text: s.title },
    fullDescription: { text: `${s.title} (${s.category})` },
    help: { text: `${s.title}. ${remediation}`, markdown: `**${md(s.title)}** (${md(s.category)})\n\n**Remediation:** ${md(remediation)}` },
    defaultConfiguration: { level: levelOf(s.severity) },
    properties: { 'security-severity': SCORE_OF[s.severity], tags: ['security', 'secret', s.category], precision: 'high' },
  };
}

export function misconfigRule(m: MisconfigFinding): SarifRule {
  const cis = m.cisId ? ` (CIS Docker Benchmark ${m.cisId})` : '';
  return {
    id: m.id,
    name: pascal(m.title),
    shortDescription: { text: `${m.title}${cis}` },
    fullDescription: { text: m.rationale },
    help: {
      text: `${m.rationale}\nRemediation: ${m.remediation}`,
      // reins' own check texts: their Markdown (code spans) is meant to render.
      markdown: `${m.rationale}\n\n**Remediation:** ${m.remediation}`,
    },
    defaultConfiguration: { level: levelOf(m.severity) },
    properties: {
      'security-severity': SCORE_OF[m.severity],
      tags: ['security', 'misconfiguration', ...(m.cisId ? [`CIS-${m.cisId}`] : [])],
      precision: 'very-high',
    },
  };
}

/** A policy rule of `reins check` (rule id prefixed `policy/` so it never collides with a finding id). */
export function policyRule(v: Violation, policyName: string): SarifRule {
  return {
    id: `policy/${v.ruleId}`,
    name: pascal(`policy ${v.ruleId}`),
    shortDescription: { text: v.description },
    fullDescription: { text: `${v.description} (policy ${policyName}, ${v.action === 'block' ? 'blocking' : 'warning only'})` },
    help: { text: `${v.description}\nRemediation: ${v.remediation}`, markdown: `${md(v.description)}\n\n**Remediation:** ${md(v.remediation)}` },
    defaultConfiguration: { level: v.action === 'block' ? 'error' : 'warning' },
    properties: { 'security-severity': SCORE_OF[v.severity], tags: ['security', 'policy', v.subject], precision: 'very-high' },
  };
}
