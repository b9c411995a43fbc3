/**
 * @module report/junit
 * JUnit XML (`--format junit`) for CI test-report views (GitLab, Jenkins, Azure DevOps, GitHub
 * actions that read JUnit): `<testsuites>` → one `<testsuite>` per scanner that ran
 * (vulnerabilities, secrets, misconfigurations) and per platform → one `<testcase>` per package
 * (vulnerabilities), per secret finding, or per image check. A finding is a `<failure>` whose
 * `type` is the severity; findings suppressed by VEX or an exception make the case `<skipped>`.
 * For `reins check`, a policy suite per verdict: blocking violations fail, warnings pass with
 * `<system-out>`, excepted violations are skipped.
 *
 * Conventions: the de-facto Ant/Surefire schema as read by Jenkins and GitLab
 * (https://github.com/testmoapp/junitxml, https://llg.cubic.org/docs/junit/). `time` is 0: reins
 * does not time findings. One `<failure>` per test case (several vulnerabilities of a package are
 * listed in its body), because some readers show only the first.
 * Limits: no per-file secret "passes" (only findings are known), so a clean secret scan is one
 * passing case.
 */
import type { ScanReport } from '../../scan/types.ts';
import type { Verdict, Violation } from '../../policy/verdict.ts';
import type { Formatter, RenderInput } from '../types.ts';
import { compareVulns, displayVersion, imageName, layerLabel, platformLabel, qualifiedName, severityRank, verdictsOf } from '../shared.ts';
import { el } from './xml.ts';

interface Case {
  classname: string;
  name: string;
  failure?: { type: string; message: string; body: string };
  skipped?: string;
  systemOut?: string;
}

function vulnCases(r: ScanReport): Case[] {
  const byPkg = new Map<string, NonNullable<ScanReport['vulnerabilities']>>();
  for (const v of r.vulnerabilities ?? []) byPkg.set(v.packageId, [...(byPkg.get(v.packageId) ?? []), v]);
  return [...r.packages]
    .sort((a, b) => a.type.localeCompare(b.type) || qualifiedName(a).localeCompare(qualifiedName(b)))
    .map((p): Case => {
      const all = (byPkg.get(p.id) ?? []).sort(compareVulns);
      const active = all.filter((v) => !v.suppressed);
      const c: Case = { classname: `vulnerabilities.${p.type}`, name: `${qualifiedName(p)}@${displayVersion(p)}` };
      if (active.length) {
        const worst = active[0]!;
        c.failure = {
          type: worst.severity,
          message: `${active.length} vulnerabilit${active.length === 1 ? 'y' : 'ies'}: ${active.map((v) => `${v.id} (${v.severity})`).join(', ')}`,
          body: active
            .map((v) =>
              [
                `${v.id} ${v.severity}${v.aliases.length ? ` (aliases: ${v.aliases.join(', ')})` : ''}`,
                `  installed ${v.installedVersion}, fixed in ${v.fixedVersions.join(', ') || 'no fix yet'}`,
                `  ${v.remediation}`,
                `  layer ${layerLabel(v.layer)}, ${v.locations[0]?.path ?? ''}`,
              ].join('\n'),
            )
            .join('\n'),
        };
      } else if (all.length) {
        c.skipped = all.map((v) => `${v.id} suppressed by ${v.suppressed?.by} ${v.suppressed?.id}`).join('; ');
      }
      return c;
    });
}

function secretCases(r: ScanReport): Case[] {
  const secrets = [...(r.secrets ?? [])].sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || a.path.localeCompare(b.path));
  if (secrets.length === 0) return [{ classname: 'secrets', name: 'no secrets found' }];
  return secrets.map((s) => ({
    classname: `secrets.${s.source}`,
    name: `${s.path}:${s.line} ${s.ruleId}`,
    failure: {
      type: s.severity,
      message: `${s.title}${s.deleted ? ' (deleted by a later layer, still in the image)' : ''}`,
      // Only the redacted match, never the secret.
      body: `${s.match}\nrule ${s.ruleId} (${s.category}), layer ${layerLabel(s.layer)}`,
    },
  }));
}

function misconfigCases(r: ScanReport): Case[] {
  return (r.misconfigurations ?? []).map((m) => ({
    classname: 'misconfigurations',
    name: `${m.id}${m.cisId ? ` (CIS ${m.cisId})` : ''} ${m.title}`,
    failure:
      m.status === 'fail'
        ? { type: m.severity, message: m.message, body: `${m.rationale}\nRemediation: ${m.remediation}${m.evidence.length ? `\nEvidence: ${m.evidence.join('; ')}` : ''}` }
        : undefined,
  }));
}

function policyCases(v: Verdict): Case[] {
  const cls = `policy.${v.gate}`;
  const text = (x: Violation): string => `${x.evidence}\nFix: ${x.remediation}`;
  const cases: Case[] = [
    ...v.violations.map((x) => ({ classname: cls, name: `${x.ruleId} ${x.subjectId}`, failure: { type: x.severity, message: `${x.ruleId}: ${x.description}`, body: text(x) } })),
    ...v.warnings.map((x) => ({ classname: cls, name: `${x.ruleId} ${x.subjectId}`, systemOut: `warning (does not fail the gate): ${x.description}\n${text(x)}` })),
    ...v.excepted.map((x) => ({ classname: cls, name: `${x.ruleId} ${x.subjectId}`, skipped: `excepted by ${x.exception?.id ?? '?'} (owner ${x.exception?.owner ?? '?'}${x.exception?.expires ? `, expires ${x.exception.expires}` : ''})` })),
  ];
  return cases.length ? cases : [{ classname: cls, name: `policy ${v.policy.name} passed` }];
}

function suite(name: string, r: ScanReport, cases: Case[], indent: string): { xml: string; tests: number; failures: number; skipped: number } {
  const failures = cases.filter((c) => c.failure).length;
  const skipped = cases.filter((c) => c.skipped !== undefined).length;
  const i2 = `${indent}  `;
  const i3 = `${i2}  `;
  const props = el(
    'properties',
    {},
    [
      ['image', imageName(r.artifact)],
      ['digest', r.artifact.manifestDigest],
      ['platform', platformLabel(r.artifact)],
    ].map(([n, v]) => el('property', { name: n, value: v }, undefined, i3)),
    i2,
  );
  const testcases = cases.map((c) => {
    const inner = c.failure
      ? [el('failure', { type: c.failure.type, message: c.failure.message }, c.failure.body, i3)]
      : c.skipped !== undefined
        ? [el('skipped', { message: c.skipped }, undefined, i3)]
        : c.systemOut !== undefined
          ? [el('system-out', {}, c.systemOut, i3)]
          : undefined;
    return el('testcase', { classname: c.classname, name: c.name, time: 0 }, inner, i2);
  });
  const xml = el(
    'testsuite',
    { name: `${name}: ${imageName(r.artifact)} (${platformLabel(r.artifact)})`, tests: cases.length, failures, errors: 0, skipped, time: 0, timestamp: r.createdAt.replace(/Z$/, '') },
    [props, ...testcases],
    indent,
  );
  return { xml, tests: cases.length, failures, skipped };
}

export function renderJunit(input: RenderInput): string {
  const suites: ReturnType<typeof suite>[] = [];
  for (const r of input.reports) {
    if (r.vulnerabilities) suites.push(suite('vulnerabilities', r, vulnCases(r), '  '));
    if (r.secrets) suites.push(suite('secrets', r, secretCases(r), '  '));
    if (r.misconfigurations) suites.push(suite('misconfigurations', r, misconfigCases(r), '  '));
  }
  const verdicts = verdictsOf(input.verdict);
  verdicts.forEach((v, i) => {
    const r = input.reports.find((x) => x.artifact.manifestDigest === v.image.digest) ?? input.reports[i] ?? input.reports[0];
    if (r) suites.push(suite(`policy ${v.policy.name} (gate ${v.gate})`, r, policyCases(v), '  '));
  });
  const sum = (k: 'tests' | 'failures' | 'skipped'): number => suites.reduce((n, s) => n + s[k], 0);
  const root = el(
    'testsuites',
    { name: 'reins', tests: sum('tests'), failures: sum('failures'), errors: 0, skipped: sum('skipped'), time: 0 },
    suites.map((s) => s.xml),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
}

export const junitFormat = {
  id: 'junit',
  title: 'JUnit XML',
  specUrls: ['https://github.com/testmoapp/junitxml', 'https://llg.cubic.org/docs/junit/'],
  mediaType: 'application/xml',
  commands: ['scan', 'check'],
  render: renderJunit,
} as const satisfies Formatter;

