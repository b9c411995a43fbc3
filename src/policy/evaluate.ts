/**
 * @module policy/evaluate
 * One function turns (policy, scan report, gate, time) into a verdict. The CLI, and later the
 * server, registry scanner and admission webhook, all call this: the same policy and the same scan
 * give the same verdict at every gate. `now` is explicit because exceptions expire.
 */
import { fullName } from '../catalog/package-name.ts';
import { InputError } from '../common/errors.ts';
import { SEVERITY_ORDER, type Severity } from '../vuln/types.ts';
import type { ScanReport } from '../scan/types.ts';
import { exceptionRef, isExpired, matches, type PolicyException, type ViolationFacts } from './exceptions.ts';
import { matchAny, matchGlob } from './glob.ts';
import { checkInput, imageInput, pkgInput, secretInput, vulnInput, type ImageInput } from './input.ts';
import type { CompiledPolicy, CompiledRule } from './load.ts';
import type { Verdict, Violation } from './verdict.ts';

export type Gate = 'ci' | 'registry' | 'admission' | 'runtime';

export interface EvaluateOptions {
  gate: Gate;
  now?: Date;
}

const PURL_TYPES: ReadonlySet<string> = new Set(['deb', 'apk', 'rpm', 'npm', 'pypi', 'maven', 'golang', 'gem', 'composer', 'cargo', 'nuget', 'generic']);

type Found = { v: Omit<Violation, 'ruleId' | 'description' | 'severity' | 'action'>; facts: Omit<ViolationFacts, 'ruleId' | 'imageName' | 'imageDigest'> };

const above = (s: Severity, max: Severity): boolean => SEVERITY_ORDER.indexOf(s) > SEVERITY_ORDER.indexOf(max);
/** Root when the user part (before any `:group`) is empty, `root` or uid 0. */
const isRoot = (user: string): boolean => /^(root|0)?(:.*)?$/.test(user);

function inScope(rule: CompiledRule, image: ImageInput, gate: Gate): boolean {
  const s = rule.scope;
  if (!s) return true;
  if (s.gates && !s.gates.includes(gate)) return false;
  if (s.images && !matchAny(s.images, image.name || image.reference)) return false;
  if (s.registries && !matchAny(s.registries, image.registry)) return false;
  if (s.labels && !Object.entries(s.labels).every(([k, v]) => image.labels[k] === v)) return false;
  return true;
}

function licenseTokens(expr: string): string[] {
  return expr.split(/[\s()]+/).filter((t) => t && !/^(AND|OR|WITH)$/i.test(t));
}

/** What each rule kind finds in a report. */
/** CEL inputs, built once per evaluation and shared by every rule. */
class Inputs {
  readonly #report: ScanReport;
  readonly #now: Date;
  #vulns?: ReturnType<typeof vulnInput>[];
  #pkgs?: ReturnType<typeof pkgInput>[];
  constructor(report: ScanReport, now: Date) {
    this.#report = report;
    this.#now = now;
  }
  vulns(): ReturnType<typeof vulnInput>[] {
    return (this.#vulns ??= (this.#report.vulnerabilities ?? []).map((f) => vulnInput(f, this.#now)));
  }
  pkgs(): ReturnType<typeof pkgInput>[] {
    return (this.#pkgs ??= this.#report.packages.map(pkgInput));
  }
}

function findViolations(rule: CompiledRule, report: ScanReport, image: ImageInput, inputs: Inputs): Found[] {
  const out: Found[] = [];
  const imageSubject = (evidence: string, remediation: string): Found => ({
    v: { subject: 'image', subjectId: image.reference, evidence, remediation },
    facts: {},
  });
  switch (rule.kind) {
    case 'maxSeverity':
      for (const f of report.vulnerabilities ?? []) {
        if (f.suppressed?.by === 'vex' || !above(f.severity, rule.maxSeverity!)) continue;
        if (rule.fixAvailable !== undefined && rule.fixAvailable !== f.fixedVersions.length > 0) continue;
        const where = f.locations[0];
        out.push({
          v: {
            subject: 'vulnerability', subjectId: f.id,
            evidence: `${f.id} (${f.severity}) in ${f.packageName} ${f.installedVersion}${where ? ` at ${where.path}, layer ${f.layer.index} (${f.origin})` : ''}`,
            location: { ...(where && { path: where.path }), layer: f.layer.index, origin: f.origin },
            remediation: f.remediation,
          },
          facts: { vulnIds: [f.id, ...f.aliases], packageName: f.packageName, ...(where && { path: where.path }) },
        });
      }
      break;
    case 'denyPackages':
      for (const p of report.packages) {
        const full = fullName(p);
        const hit = rule.denyPackages!.some((d) => {
          if (typeof d === 'string') {
            // `type:name` when the prefix is a purl type (`npm:event-stream`, `maven:org.x:y`); else a bare name (`org.x:y`).
            const colon = d.indexOf(':');
            const prefix = colon > 0 ? d.slice(0, colon) : '';
            return PURL_TYPES.has(prefix) ? prefix === p.type && matchGlob(d.slice(colon + 1), full) : matchGlob(d, full);
          }
          return (d.type === undefined || d.type === p.type) && matchGlob(d.name, full) && (d.versions === undefined || matchAny(d.versions, p.version));
        });
        if (hit) out.push(pkgFound(p, `${p.type} package ${full} ${p.version} is denied`, `remove ${full} from the image (installed in layer ${p.layer.index}, ${p.origin})`));
      }
      break;
    case 'denyLicenses':
      for (const p of report.packages) {
        const denied = p.licenses.flatMap(licenseTokens).filter((t) => rule.denyLicenses!.some((g) => matchGlob(g.toLowerCase(), t.toLowerCase())));
        if (denied.length) out.push(pkgFound(p, `${p.name} ${p.version} is licensed ${denied.join(', ')}`, `replace ${p.name} with a package under an allowed license`));
      }
      break;
    case 'allowedRegistries':
      if (!matchAny(rule.allowedRegistries!, image.registry)) {
        out.push(imageSubject(`image ${image.name || image.reference} comes from registry "${image.registry || 'none (local file)'}"`, `push and pull the image through an allowed registry: ${rule.allowedRegistries!.join(', ')}`));
      }
      break;
    case 'allowedBaseImages':
      if (!image.base.name || !matchAny(rule.allowedBaseImages!, image.base.name)) {
        out.push(imageSubject(
          image.base.name ? `base image ${image.base.name} is not allowed` : 'the base image is not declared (no org.opencontainers.image.base.name annotation)',
          `rebuild FROM an allowed base image (${rule.allowedBaseImages!.join(', ')}) and record it with the org.opencontainers.image.base.name annotation`,
        ));
      }
      break;
    case 'requireNonRoot':
      if (isRoot(image.user)) out.push(imageSubject(`the image runs as ${image.user ? `"${image.user}"` : 'root (no USER)'}`, 'add `USER <non-root uid>` to the Dockerfile after installing packages'));
      break;
    case 'denySecrets':
      for (const s of report.secrets ?? []) out.push(secretFound(s));
      break;
    case 'failedChecks':
      for (const c of report.misconfigurations ?? []) {
        if (c.status === 'fail' && (matchAny(rule.failedChecks!, c.id) || (c.cisId !== undefined && matchAny(rule.failedChecks!, c.cisId)))) out.push(checkFound(c));
      }
      break;
    case 'condition': {
      const evaluate = rule.evaluate!;
      switch (rule.subject!) {
        case 'image':
          if (evaluate({ image })) out.push(imageSubject(`image ${image.reference} matches: ${rule.condition}`, rule.remediation ?? rule.description));
          break;
        case 'vulnerability': {
          const vulns = inputs.vulns();
          const findings = report.vulnerabilities ?? [];
          const scope: Record<string, unknown> = { image, vuln: undefined };
          for (let i = 0; i < findings.length; i++) {
            const f = findings[i]!;
            scope.vuln = vulns[i];
            if (f.suppressed?.by === 'vex' || !evaluate(scope)) continue;
            const where = f.locations[0];
            out.push({
              v: { subject: 'vulnerability', subjectId: f.id, evidence: `${f.id} (${f.severity}) in ${f.packageName} ${f.installedVersion}`, location: { ...(where && { path: where.path }), layer: f.layer.index, origin: f.origin }, remediation: f.remediation },
              facts: { vulnIds: [f.id, ...f.aliases], packageName: f.packageName, ...(where && { path: where.path }) },
            });
          }
          break;
        }
        case 'package':
        {
          const pkgs = inputs.pkgs();
          const scope: Record<string, unknown> = { image, pkg: undefined };
          for (let i = 0; i < report.packages.length; i++) {
            const p = report.packages[i]!;
            scope.pkg = pkgs[i];
            if (evaluate(scope)) out.push(pkgFound(p, `${p.type} package ${p.name} ${p.version}`, `remove or upgrade ${p.name}`));
          }
        }
          break;
        case 'secret':
          for (const s of report.secrets ?? []) if (evaluate({ image, secret: secretInput(s) })) out.push(secretFound(s));
          break;
        case 'misconfiguration':
          for (const c of report.misconfigurations ?? []) if (evaluate({ image, check: checkInput(c) })) out.push(checkFound(c));
          break;
      }
      break;
    }
  }
  return out;
}

function pkgFound(p: ScanReport['packages'][number], evidence: string, remediation: string): Found {
  const where = p.locations[0];
  return {
    v: { subject: 'package', subjectId: p.purl, evidence: `${evidence}${where ? ` at ${where.path}, layer ${p.layer.index} (${p.origin})` : ''}`, location: { ...(where && { path: where.path }), layer: p.layer.index, origin: p.origin }, remediation },
    facts: { packageName: fullName(p), ...(where && { path: where.path }) },
  };
}

function secretFound(s: NonNullable<ScanReport['secrets']>[number]): Found {
  return {
    v: {
      subject: 'secret', subjectId: s.ruleId,
      evidence: `${s.title} in ${s.path}${s.line ? `:${s.line}` : ''}${s.layer ? `, layer ${s.layer.index}` : ''}${s.deleted ? ' (deleted by a later layer: still in the image bytes)' : ''}: ${s.match}`,
      location: { path: s.path, ...(s.layer && { layer: s.layer.index }), ...(s.origin && { origin: s.origin }) },
      remediation: 'revoke the credential, remove it from the build (use build secrets, not files, ENV or ARG), and rebuild: deleting it in a later layer does not remove it',
    },
    facts: { path: s.path },
  };
}

function checkFound(c: NonNullable<ScanReport['misconfigurations']>[number]): Found {
  return {
    v: { subject: 'misconfiguration', subjectId: c.id, evidence: `${c.id}${c.cisId ? ` (CIS ${c.cisId})` : ''}: ${c.message}`, location: { ...(c.layer && { layer: c.layer.index }), ...(c.cause && { origin: c.cause }) }, remediation: c.remediation },
    facts: {},
  };
}

export function evaluatePolicy(policy: CompiledPolicy, report: ScanReport, opts: EvaluateOptions): Verdict {
  const now = opts.now ?? new Date();
  const image = imageInput(report);
  const active: PolicyException[] = [];
  const expired: Verdict['exceptionsExpired'] = [];
  for (const e of policy.exceptions) {
    if (isExpired(e, now)) expired.push({ id: e.id, owner: e.owner, expired: e.expires! });
    else active.push(e);
  }
  const inputs = new Inputs(report, now);
  const used = new Map<string, number>();
  const violations: Violation[] = [];
  const warnings: Violation[] = [];
  const excepted: Violation[] = [];
  for (const rule of policy.rules) {
    if (!inScope(rule, image, opts.gate)) continue;
    let violationsOfRule: Found[];
    try {
      violationsOfRule = findViolations(rule, report, image, inputs);
    } catch (e) {
      throw new InputError('E_POLICY', `rule "${rule.id}": ${e instanceof Error ? e.message : String(e)}`);
    }
    for (const found of violationsOfRule) {
      const v: Violation = Object.assign({ ruleId: rule.id, description: rule.description, severity: rule.severity, action: rule.action }, found.v);
      // The rule's own remediation is added to the finding's (a CEL rule on the image has only the rule's).
      if (rule.remediation && !(rule.kind === 'condition' && rule.subject === 'image')) v.remediation = `${v.remediation}; ${rule.remediation}`;
      let exc: PolicyException | undefined;
      if (active.length) {
        const facts: ViolationFacts = Object.assign(found.facts, { ruleId: rule.id, imageName: image.name || image.reference, imageDigest: image.digest });
        exc = active.find((e) => matches(e, facts));
      }
      if (exc) {
        used.set(exc.id, (used.get(exc.id) ?? 0) + 1);
        excepted.push({ ...v, exception: exceptionRef(exc) });
      } else (rule.action === 'block' ? violations : warnings).push(v);
    }
  }
  const p = report.artifact.platform;
  return {
    result: violations.length ? 'fail' : 'pass',
    gate: opts.gate,
    evaluatedAt: now.toISOString(),
    policy: { name: policy.name, file: policy.file, hash: policy.hash },
    image: { reference: report.artifact.reference, digest: report.artifact.manifestDigest, platform: `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}` },
    violations,
    warnings,
    excepted,
    exceptionsApplied: active
      .filter((e) => used.has(e.id))
      .map((e) => ({ id: e.id, owner: e.owner, approvedBy: e.approvedBy, reason: e.reason, ...(e.expires !== undefined && { expires: e.expires }), ...(e.permanent && { permanent: true }), matched: used.get(e.id)! })),
    exceptionsExpired: expired,
  };
}
