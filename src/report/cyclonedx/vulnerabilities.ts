/**
 * @module report/cyclonedx/vulnerabilities
 * reins findings as CycloneDX vulnerabilities (spec 1.6 §vulnerabilities): ratings from the CVSS
 * vectors, `affects` pointing at the package components, aliases as `references`, and `analysis`
 * for findings VEX or an exception suppressed.
 */
import { Enums, Models } from '@cyclonedx/cyclonedx-library';
import type { CvssScore, Severity, VulnFinding } from '../../vuln/types.ts';
import { advisorySource } from '../shared.ts';
import { PROP } from './components.ts';

const V = Models.Vulnerability;
const E = Enums.Vulnerability;

const METHOD: Record<CvssScore['version'], Enums.Vulnerability.RatingMethod> = {
  '2.0': E.RatingMethod.CVSSv2,
  '3.0': E.RatingMethod.CVSSv3,
  '3.1': E.RatingMethod.CVSSv31,
  '4.0': E.RatingMethod.CVSSv4,
};

const SEVERITY: Record<Severity, Enums.Vulnerability.Severity> = {
  CRITICAL: E.Severity.Critical,
  HIGH: E.Severity.High,
  MEDIUM: E.Severity.Medium,
  LOW: E.Severity.Low,
  UNKNOWN: E.Severity.Unknown,
};

/** OpenVEX status justifications → CycloneDX impact analysis justifications. */
const JUSTIFICATION: Record<string, Enums.Vulnerability.AnalysisJustification> = {
  component_not_present: E.AnalysisJustification.CodeNotPresent,
  vulnerable_code_not_present: E.AnalysisJustification.CodeNotPresent,
  vulnerable_code_not_in_execute_path: E.AnalysisJustification.CodeNotReachable,
  vulnerable_code_cannot_be_controlled_by_adversary: E.AnalysisJustification.RequiresEnvironment,
  inline_mitigations_already_exist: E.AnalysisJustification.ProtectedByMitigatingControl,
};

function source(id: string): Models.Vulnerability.Source {
  const s = advisorySource(id);
  return new V.Source({ name: s.name, url: s.url });
}

function analysisOf(v: VulnFinding): Models.Vulnerability.Analysis | undefined {
  const s = v.suppressed;
  if (!s) return undefined;
  const detail = [`suppressed by ${s.by} ${s.id}`, s.statement].filter(Boolean).join(': ');
  if (s.by === 'vex') {
    const justification = s.justification ? (JUSTIFICATION[s.justification] ?? JUSTIFICATION[s.justification.replace(/-/g, '_')]) : undefined;
    return new V.Analysis({ state: E.AnalysisState.NotAffected, justification, detail });
  }
  // A policy exception accepts the risk: the finding stands, the team will not fix it (now).
  const a = new V.Analysis({ state: E.AnalysisState.Exploitable, detail });
  a.response.add(E.AnalysisResponse.WillNotFix);
  return a;
}

export function vulnerabilityOf(v: VulnFinding, bomRef: string, affected: Models.Component): Models.Vulnerability.Vulnerability {
  const ratings = new V.RatingRepository(
    v.cvss.map(
      (c) =>
        new V.Rating({
          source: new V.Source({ name: c.source }),
          score: c.baseScore,
          severity: c === v.cvss[0] ? SEVERITY[v.severity] : undefined,
          method: METHOD[c.version],
          vector: c.vector,
        }),
    ),
  );
  if (ratings.size === 0) {
    ratings.add(new V.Rating({ source: new V.Source({ name: 'reins' }), severity: SEVERITY[v.severity], justification: v.severitySource }));
  }
  const vuln = new V.Vulnerability({
    bomRef,
    id: v.id,
    source: source(v.id),
    ratings,
    description: v.summary,
    recommendation: v.remediation,
    published: v.published ? new Date(v.published) : undefined,
    updated: v.modified ? new Date(v.modified) : undefined,
    analysis: analysisOf(v),
  });
  for (const alias of v.aliases) vuln.references.add(new V.Reference(alias, source(alias)));
  for (const url of v.references) {
    try {
      vuln.advisories.add(new V.Advisory(new URL(url)));
    } catch {
      // not a URL: nothing to link
    }
  }
  const versions = new V.AffectedVersionRepository([new V.AffectedSingleVersion(v.installedVersion, { status: E.AffectStatus.Affected })]);
  vuln.affects.add(new V.Affect(affected.bomRef, { versions }));
  const prop = (name: string, value: string): void => void vuln.properties.add(new Models.Property(`${PROP}:${name}`, value));
  prop('status', v.status);
  prop('severitySource', v.severitySource);
  for (const f of v.fixedVersions) prop('fixedVersion', f);
  if (v.kev) prop('kev:dateAdded', v.kev.dateAdded);
  if (v.epss) prop('epss:score', String(v.epss.score));
  return vuln;
}
