/**
 * @module report/sarif
 * SARIF 2.1.0 for GitHub code scanning (`--format sarif`): one run whose `tool.driver` is reins
 * with one rule per vulnerability id, secret rule and failed image check (short and full
 * description, `help.markdown` with the remediation, `properties.security-severity` = CVSS score
 * or a severity-derived score, `tags`); one result per finding with a level from the severity,
 * a message, a location (the path inside the image — for OS packages the package database, e.g.
 * `var/lib/dpkg/status` — with `region.startLine` ≥ 1) and `partialFingerprints`.
 *
 * With a `reins check` verdict, policy violations are results too (rules `policy/<id>`; blocking
 * ones are errors, warn-only ones warnings, excepted ones suppressed).
 *
 * Suppressed findings (VEX, exceptions) are kept with SARIF `suppressions`, so viewers hide them
 * without losing the audit trail. Findings not in a file (env, labels, history, image config) are
 * located at the image name. Several platforms share the one run; messages name the platform.
 *
 * Specs: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html ;
 * https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 * Limits: paths are image paths, not repository paths, so GitHub shows them without source
 * context; only `reins check dockerfile` findings (which carry `line`) point at a repo file.
 */
import { createHash } from 'node:crypto';
import type { Formatter, RenderInput } from '../types.ts';
import { imageName, layerLabel, platformLabel, verdictsOf } from '../shared.ts';
import { levelOf, misconfigRule, policyRule, secretRule, vulnRule } from './rules.ts';
import type { SarifLevel, SarifRule } from './rules.ts';

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: 'external'; status: 'accepted'; justification: string }[];
  properties?: Record<string, unknown>;
}

/** An image path as a relative URI reference (`/var/lib/dpkg/status` → `var/lib/dpkg/status`). */
export function imagePathUri(path: string): string {
  return encodeURI(path.replace(/^\/+/, '').replace(/!\//g, '/')) || '.';
}

/**
 * An image name as a relative URI reference for findings not in a file: segments percent-encoded so
 * that `node-app:latest` is not read as a URI with scheme `node-app`.
 */
export function imageUriOf(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/') || '.';
}

function fingerprint(...parts: string[]): Record<string, string> {
  return { 'reinsFindingHash/v1': createHash('sha256').update(parts.join('\0')).digest('hex') };
}

function location(uri: string, line = 1): SarifResult['locations'] {
  return [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: Math.max(1, Math.trunc(line) || 1) } } }];
}

export function buildSarif(input: RenderInput): Record<string, unknown> {
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const ruleFor = (id: string, make: () => SarifRule): number => {
    let i = ruleIndex.get(id);
    if (i === undefined) {
      i = rules.push(make()) - 1;
      ruleIndex.set(id, i);
    }
    return i;
  };
  const results: SarifResult[] = [];
  const multi = input.reports.length > 1;
  const first = input.reports[0];
  for (const r of input.reports) {
    const image = imageName(r.artifact);
    const imageUri = imageUriOf(image);
    const on = multi ? ` (${platformLabel(r.artifact)})` : '';
    for (const v of r.vulnerabilities ?? []) {
      const loc = v.locations[0];
      const fixed = v.fixedVersions.length ? v.fixedVersions.join(', ') : 'no fix yet';
      results.push({
        ruleId: v.id,
        ruleIndex: ruleFor(v.id, () => vulnRule(v)),
        level: levelOf(v.severity),
        message: {
          text: `${v.id} (${v.severity}) in ${v.packageName} ${v.installedVersion}, fixed in ${fixed}${on}. ${v.remediation}. Layer ${layerLabel(v.layer)} ${v.layer.diffId}.`,
        },
        locations: location(loc ? imagePathUri(loc.path) : imageUri),
        partialFingerprints: fingerprint(v.id, v.purl, loc?.path ?? '', platformLabel(r.artifact)),
        ...(v.suppressed
          ? {
              suppressions: [
                {
                  kind: 'external' as const,
                  status: 'accepted' as const,
                  justification: [v.suppressed.by, v.suppressed.id, v.suppressed.justification, v.suppressed.statement].filter(Boolean).join(': '),
                },
              ],
            }
          : {}),
        properties: { purl: v.purl, layerDiffId: v.layer.diffId, origin: v.origin },
      });
    }
    for (const s of r.secrets ?? []) {
      const inFile = s.source === 'file';
      results.push({
        ruleId: s.ruleId,
        ruleIndex: ruleFor(s.ruleId, () => secretRule(s)),
        level: levelOf(s.severity),
        // Only the redacted match, never the secret.
        message: {
          text: `${s.title} in ${inFile ? s.path : `image ${s.source} ${s.path}`}${s.deleted ? ' (deleted by a later layer, still in the image)' : ''}${on}: ${s.match}`,
        },
        locations: inFile ? location(imagePathUri(s.path), s.line) : location(imageUri),
        partialFingerprints: fingerprint(s.ruleId, s.source, s.path, String(s.line), platformLabel(r.artifact)),
        properties: s.layer ? { layerDiffId: s.layer.diffId, origin: s.origin } : undefined,
      });
    }
    for (const m of (r.misconfigurations ?? []).filter((x) => x.status === 'fail')) {
      results.push({
        ruleId: m.id,
        ruleIndex: ruleFor(m.id, () => misconfigRule(m)),
        level: levelOf(m.severity),
        message: { text: `${m.title}: ${m.message}${on}. ${m.remediation}` },
        locations: m.line !== undefined ? location('Dockerfile', m.line) : location(imageUri),
        partialFingerprints: fingerprint(m.id, image, platformLabel(r.artifact)),
      });
    }
  }
  for (const v of verdictsOf(input.verdict)) {
    const on = multi ? ` (${v.image.platform})` : '';
    const imageUri = imageUriOf(v.image.reference);
    const kinds = [
      ...v.violations.map((x) => ({ x, level: 'error' as const })),
      ...v.warnings.map((x) => ({ x, level: 'warning' as const })),
      ...v.excepted.map((x) => ({ x, level: x.action === 'block' ? ('error' as const) : ('warning' as const) })),
    ];
    for (const { x, level } of kinds) {
      const id = `policy/${x.ruleId}`;
      results.push({
        ruleId: id,
        ruleIndex: ruleFor(id, () => policyRule(x, v.policy.name)),
        level,
        message: { text: `${x.description}: ${x.evidence}${on}. ${x.remediation}` },
        locations: x.location?.path ? location(imagePathUri(x.location.path)) : location(imageUri),
        partialFingerprints: fingerprint(id, x.subjectId, x.location?.path ?? '', v.image.platform),
        ...(x.exception
          ? { suppressions: [{ kind: 'external' as const, status: 'accepted' as const, justification: `exception ${x.exception.id} (owner ${x.exception.owner})` }] }
          : {}),
      });
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'reins',
            version: first?.tool.version,
            rules,
          },
        },
        automationDetails: { id: `reins/${first ? imageName(first.artifact) : 'image'}/` },
        results,
        properties: first ? { imageName: imageName(first.artifact), manifestDigest: first.artifact.manifestDigest } : undefined,
      },
    ],
  };
}

export const sarifFormat = {
  id: 'sarif',
  title: 'SARIF 2.1.0 (GitHub code scanning)',
  specUrls: [
    'https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html',
    'https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning',
  ],
  mediaType: 'application/sarif+json',
  commands: ['scan', 'check'],
  render(input: RenderInput): string {
    return `${JSON.stringify(buildSarif(input), null, 2)}\n`;
  },
} as const satisfies Formatter;
