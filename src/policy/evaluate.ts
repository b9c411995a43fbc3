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
import { candidatesFor, exceptionRef, isExpired, matchesFinding, type PolicyException } from './exceptions.ts';
import { matchAny, matchGlob } from './glob.ts';
import { checkInput, imageInput, pkgInputs, secretInput, vulnInputs, type ImageInput, type PkgInput, type VulnInput } from './input.ts';
import type { CompiledPolicy, CompiledRule } from './load.ts';
import type { Verdict, Violation } from './verdict.ts';

export type Gate = 'ci' | 'registry' | 'admission' | 'runtime';

export interface EvaluateOptions {
  gate: Gate;
  now?: Date;
}

const PURL_TYPES: ReadonlySet<string> = new Set(['deb', 'apk', 'rpm', 'npm', 'pypi', 'maven', 'golang', 'gem', 'composer', 'cargo', 'nuget', 'generic']);

const RANK: ReadonlyMap<string, number> = new Map(SEVERITY_ORDER.map((s, i) => [s, i]));
/** Position in SEVERITY_ORDER (-1 when absent): `a` is above `b` when rank(a) > rank(b). */
const rank = (s: Severity): number => RANK.get(s) ?? -1;
/** Below every rank: a VEX-suppressed finding never counts. */
const SUPPRESSED = -2;
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

type Vuln = NonNullable<ScanReport['vulnerabilities']>[number];
type Pkg = ScanReport['packages'][number];
type Secret = NonNullable<ScanReport['secrets']>[number];
type Check = NonNullable<ScanReport['misconfigurations']>[number];
type Location = NonNullable<Violation['location']>;

/**
 * What one evaluation derives from the report, built on first use and shared by every rule: the
 * CEL inputs, and per finding or package the strings several rules would otherwise each rebuild
 * (evidence, full names, license tokens).
 */
class Derived {
  readonly report: ScanReport;
  readonly findings: readonly Vuln[];
  readonly #now: Date;
  #vulns?: VulnInput[];
  #pkgs?: PkgInput[];
  // Per-finding and per-package caches, allocated at full length: filled out of order, a growing
  // array would turn sparse (dictionary elements) on the first far index.
  readonly #vulnEvidence: (string | undefined)[];
  readonly #vulnEvidenceAt: (string | undefined)[];
  readonly #upperVulnIds: (string[] | undefined)[];
  readonly #fullNames: (string | undefined)[];
  readonly #licenses: (string[] | undefined)[];
  constructor(report: ScanReport, now: Date) {
    this.report = report;
    this.findings = report.vulnerabilities ?? [];
    this.#now = now;
    const n = this.findings.length;
    const m = report.packages.length;
    this.#vulnEvidence = new Array<string | undefined>(n);
    this.#vulnEvidenceAt = new Array<string | undefined>(n);
    this.#upperVulnIds = new Array<string[] | undefined>(n);
    this.#fullNames = new Array<string | undefined>(m);
    this.#licenses = new Array<string[] | undefined>(m);
  }
  #triage?: { ranks: Int8Array; fixed: Uint8Array };
  /** Per finding: its severity's rank (SUPPRESSED when a VEX statement suppresses it) and whether it has a fix. */
  triage(): { ranks: Int8Array; fixed: Uint8Array } {
    if (this.#triage) return this.#triage;
    const n = this.findings.length;
    const ranks = new Int8Array(n);
    const fixed = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const f = this.findings[i]!;
      ranks[i] = f.suppressed?.by === 'vex' ? SUPPRESSED : rank(f.severity);
      fixed[i] = f.fixedVersions.length > 0 ? 1 : 0;
    }
    return (this.#triage = { ranks, fixed });
  }
  vulns(): VulnInput[] {
    return (this.#vulns ??= vulnInputs(this.findings, this.#now));
  }
  pkgs(): PkgInput[] {
    return (this.#pkgs ??= pkgInputs(this.report.packages));
  }
  /** `CVE-… (HIGH) in NAME VERSION` (CEL vulnerability rules). */
  vulnEvidence(i: number, f: Vuln): string {
    return (this.#vulnEvidence[i] ??= `${f.id} (${f.severity}) in ${f.packageName} ${f.installedVersion}`);
  }
  /** The same followed by where it is (maxSeverity rules). */
  vulnEvidenceAt(i: number, f: Vuln): string {
    const where = f.locations[0];
    return (this.#vulnEvidenceAt[i] ??= `${this.vulnEvidence(i, f)}${where ? ` at ${where.path}, layer ${f.layer.index} (${f.origin})` : ''}`);
  }
  /** The finding's id and aliases, upper-cased (exceptions match them case-insensitively). */
  upperVulnIds(i: number): string[] {
    const f = this.findings[i]!;
    return (this.#upperVulnIds[i] ??= [f.id, ...f.aliases].map((id) => id.toUpperCase()));
  }
  fullName(i: number, p: Pkg): string {
    return (this.#fullNames[i] ??= fullName(p));
  }
  licenseTokens(i: number, p: Pkg): string[] {
    return (this.#licenses[i] ??= p.licenses.flatMap(licenseTokens));
  }
}

/** Receives each violation of the rule being evaluated, with the facts exceptions match on. */
type Emit = (
  subject: string, subjectId: string, evidence: string, location: Location | undefined, remediation: string,
  /** Index of the vulnerability finding in the report, -1 for other subjects. */
  finding: number, packageName: string | undefined, path: string | undefined,
) => void;

const vulnLocation = (f: Vuln): Location => {
  const where = f.locations[0];
  return where ? { path: where.path, layer: f.layer.index, origin: f.origin } : { layer: f.layer.index, origin: f.origin };
};

function emitPackage(emit: Emit, d: Derived, i: number, p: Pkg, evidence: string, remediation: string): void {
  const where = p.locations[0];
  emit(
    'package', p.purl, `${evidence}${where ? ` at ${where.path}, layer ${p.layer.index} (${p.origin})` : ''}`,
    where ? { path: where.path, layer: p.layer.index, origin: p.origin } : { layer: p.layer.index, origin: p.origin },
    remediation, -1, d.fullName(i, p), where?.path,
  );
}

function emitSecret(emit: Emit, s: Secret): void {
  emit(
    'secret', s.ruleId,
    `${s.title} in ${s.path}${s.line ? `:${s.line}` : ''}${s.layer ? `, layer ${s.layer.index}` : ''}${s.deleted ? ' (deleted by a later layer: still in the image bytes)' : ''}: ${s.match}`,
    { path: s.path, ...(s.layer && { layer: s.layer.index }), ...(s.origin && { origin: s.origin }) },
    'revoke the credential, remove it from the build (use build secrets, not files, ENV or ARG), and rebuild: deleting it in a later layer does not remove it',
    -1, undefined, s.path,
  );
}

function emitCheck(emit: Emit, c: Check): void {
  emit(
    'misconfiguration', c.id, `${c.id}${c.cisId ? ` (CIS ${c.cisId})` : ''}: ${c.message}`,
    { ...(c.layer && { layer: c.layer.index }), ...(c.cause && { origin: c.cause }) }, c.remediation,
    -1, undefined, undefined,
  );
}

/** What each rule kind finds in a report: calls `emit` once per violation, in report order. */
function findViolations(rule: CompiledRule, d: Derived, image: ImageInput, emit: Emit): void {
  const report = d.report;
  const imageSubject = (evidence: string, remediation: string): void =>
    emit('image', image.reference, evidence, undefined, remediation, -1, undefined, undefined);
  switch (rule.kind) {
    case 'maxSeverity': {
      const max = rank(rule.maxSeverity!);
      const fix = rule.fixAvailable;
      const findings = d.findings;
      const { ranks, fixed } = d.triage();
      for (let i = 0; i < findings.length; i++) {
        if (ranks[i]! <= max) continue;
        if (fix !== undefined && fix !== (fixed[i] === 1)) continue;
        const f = findings[i]!;
        emit('vulnerability', f.id, d.vulnEvidenceAt(i, f), vulnLocation(f), f.remediation, i, f.packageName, f.locations[0]?.path);
      }
      break;
    }
    case 'denyPackages': {
      // `type:name` when the prefix is a purl type (`npm:event-stream`, `maven:org.x:y`); else a bare name (`org.x:y`).
      const entries = rule.denyPackages!.map((e) => {
        if (typeof e !== 'string') return e;
        const colon = e.indexOf(':');
        const prefix = colon > 0 ? e.slice(0, colon) : '';
        return PURL_TYPES.has(prefix) ? { type: prefix, name: e.slice(colon + 1), versions: undefined } : { type: undefined, name: e, versions: undefined };
      });
      const packages = report.packages;
      for (let i = 0; i < packages.length; i++) {
        const p = packages[i]!;
        const full = d.fullName(i, p);
        const hit = entries.some((e) => (e.type === undefined || e.type === p.type) && matchGlob(e.name, full) && (e.versions === undefined || matchAny(e.versions, p.version)));
        if (hit) emitPackage(emit, d, i, p, `${p.type} package ${full} ${p.version} is denied`, `remove ${full} from the image (installed in layer ${p.layer.index}, ${p.origin})`);
      }
      break;
    }
    case 'denyLicenses': {
      const globs = rule.denyLicenses!.map((g) => g.toLowerCase());
      const packages = report.packages;
      for (let i = 0; i < packages.length; i++) {
        const p = packages[i]!;
        if (!p.licenses.length) continue;
        const denied = d.licenseTokens(i, p).filter((t) => {
          const lower = t.toLowerCase();
          return globs.some((g) => matchGlob(g, lower));
        });
        if (denied.length) emitPackage(emit, d, i, p, `${p.name} ${p.version} is licensed ${denied.join(', ')}`, `replace ${p.name} with a package under an allowed license`);
      }
      break;
    }
    case 'allowedRegistries':
      if (!matchAny(rule.allowedRegistries!, image.registry)) {
        imageSubject(`image ${image.name || image.reference} comes from registry "${image.registry || 'none (local file)'}"`, `push and pull the image through an allowed registry: ${rule.allowedRegistries!.join(', ')}`);
      }
      break;
    case 'allowedBaseImages':
      if (!image.base.name || !matchAny(rule.allowedBaseImages!, image.base.name)) {
        imageSubject(
          image.base.name ? `base image ${image.base.name} is not allowed` : 'the base image is not declared (no org.opencontainers.image.base.name annotation)',
          `rebuild FROM an allowed base image (${rule.allowedBaseImages!.join(', ')}) and record it with the org.opencontainers.image.base.name annotation`,
        );
      }
      break;
    case 'requireNonRoot':
      if (isRoot(image.user)) imageSubject(`the image runs as ${image.user ? `"${image.user}"` : 'root (no USER)'}`, 'add `USER <non-root uid>` to the Dockerfile after installing packages');
      break;
    case 'denySecrets':
      for (const s of report.secrets ?? []) emitSecret(emit, s);
      break;
    case 'failedChecks':
      for (const c of report.misconfigurations ?? []) {
        if (c.status === 'fail' && (matchAny(rule.failedChecks!, c.id) || (c.cisId !== undefined && matchAny(rule.failedChecks!, c.cisId)))) emitCheck(emit, c);
      }
      break;
    case 'condition': {
      const evaluate = rule.evaluate!;
      switch (rule.subject!) {
        case 'image':
          if (evaluate({ image })) imageSubject(`image ${image.reference} matches: ${rule.condition}`, rule.remediation ?? rule.description);
          break;
        case 'vulnerability': {
          const vulns = d.vulns();
          const findings = d.findings;
          const { ranks } = d.triage();
          const scope: Record<string, unknown> = { image, vuln: undefined };
          for (let i = 0; i < findings.length; i++) {
            if (ranks[i] === SUPPRESSED) continue;
            scope.vuln = vulns[i];
            if (!evaluate(scope)) continue;
            const f = findings[i]!;
            emit('vulnerability', f.id, d.vulnEvidence(i, f), vulnLocation(f), f.remediation, i, f.packageName, f.locations[0]?.path);
          }
          break;
        }
        case 'package': {
          const pkgs = d.pkgs();
          const packages = report.packages;
          const scope: Record<string, unknown> = { image, pkg: undefined };
          for (let i = 0; i < packages.length; i++) {
            const p = packages[i]!;
            scope.pkg = pkgs[i];
            if (evaluate(scope)) emitPackage(emit, d, i, p, `${p.type} package ${p.name} ${p.version}`, `remove or upgrade ${p.name}`);
          }
          break;
        }
        case 'secret':
          for (const s of report.secrets ?? []) if (evaluate({ image, secret: secretInput(s) })) emitSecret(emit, s);
          break;
        case 'misconfiguration':
          for (const c of report.misconfigurations ?? []) if (evaluate({ image, check: checkInput(c) })) emitCheck(emit, c);
          break;
      }
      break;
    }
  }
}

export function evaluatePolicy(policy: CompiledPolicy, report: ScanReport, opts: EvaluateOptions): Verdict {
  const now = opts.now ?? new Date();
  const image = imageInput(report);
  const imageName = image.name || image.reference;
  const active: PolicyException[] = [];
  const expired: Verdict['exceptionsExpired'] = [];
  for (const e of policy.exceptions) {
    if (isExpired(e, now)) expired.push({ id: e.id, owner: e.owner, expired: e.expires! });
    else active.push(e);
  }
  const derived = new Derived(report, now);
  const used = new Map<string, number>();
  const violations: Violation[] = [];
  const warnings: Violation[] = [];
  const excepted: Violation[] = [];
  for (const rule of policy.rules) {
    if (!inScope(rule, image, opts.gate)) continue;
    const { id: ruleId, description, severity, action } = rule;
    // The rule's own remediation is added to the finding's (a CEL rule on the image has only the rule's).
    const extraRemediation = rule.remediation && !(rule.kind === 'condition' && rule.subject === 'image') ? rule.remediation : undefined;
    const candidates = candidatesFor(active, ruleId, imageName, image.digest);
    const out = action === 'block' ? violations : warnings;
    const emit: Emit = (subject, subjectId, evidence, location, remediation, finding, packageName, path) => {
      if (extraRemediation !== undefined) remediation = `${remediation}; ${extraRemediation}`;
      const v: Violation = location === undefined
        ? { ruleId, description, severity, action, subject, subjectId, evidence, remediation }
        : { ruleId, description, severity, action, subject, subjectId, evidence, location, remediation };
      for (const c of candidates) {
        const vulnIds = c.vulnerability !== undefined && finding >= 0 ? derived.upperVulnIds(finding) : undefined;
        if (!matchesFinding(c, vulnIds, packageName, path)) continue;
        const exc = c.exception;
        used.set(exc.id, (used.get(exc.id) ?? 0) + 1);
        v.exception = exceptionRef(exc);
        excepted.push(v);
        return;
      }
      out.push(v);
    };
    try {
      findViolations(rule, derived, image, emit);
    } catch (e) {
      throw new InputError('E_POLICY', `rule "${rule.id}": ${e instanceof Error ? e.message : String(e)}`);
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
