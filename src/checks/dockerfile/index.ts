/**
 * @module checks/dockerfile
 * `reins check dockerfile`: the image checklist's rule classes judged on a Dockerfile's source, with
 * 1-based line numbers. A failing rule yields one fail finding per offending instruction; a rule
 * with nothing to report yields one pass finding. Malformed files throw InputError (parse.ts).
 * Compared with `trivy config` on the node-app Dockerfile: see index.test.ts.
 */
import type { MisconfigFinding } from '../types.ts';
import { parseDockerfile } from './parse.ts';
import { DOCKERFILE_RULES } from './rules.ts';

export { DOCKERFILE_RULES } from './rules.ts';
export type { DockerfileRule } from './rules.ts';

export function checkDockerfile(text: string, file: string): MisconfigFinding[] {
  const df = parseDockerfile(text, file);
  const out: MisconfigFinding[] = [];
  for (const rule of DOCKERFILE_RULES) {
    const m = rule.meta;
    const base = {
      id: m.id,
      ...(m.cisId === undefined ? {} : { cisId: m.cisId }),
      title: m.title,
      severity: m.severity,
      rationale: m.rationale,
      remediation: m.remediation,
    };
    const hits = rule.find(df, text, file);
    if (hits.length === 0) out.push({ ...base, status: 'pass', message: 'ok', evidence: [] });
    for (const h of hits) out.push({ ...base, status: 'fail', message: h.message, evidence: h.evidence, line: h.line, cause: 'app' });
  }
  return out;
}
