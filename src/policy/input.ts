/**
 * @module policy/input
 * The documented input of CEL conditions (docs/policy.md): plain objects built once per scan from
 * the ScanReport. Field names here are a public contract for policy authors: add, never rename.
 */
import { fullName } from '../catalog/package-name.ts';
import type { Package } from '../catalog/types.ts';
import type { MisconfigFinding, SecretFinding } from '../checks/types.ts';
import type { ScanReport } from '../scan/types.ts';
import type { VulnFinding } from '../vuln/types.ts';
import type { LayerOrigin, LayerRef } from '../image/types.ts';

export interface ImageInput {
  reference: string;
  name: string;
  registry: string;
  repository: string;
  tag: string;
  digest: string;
  os: string;
  architecture: string;
  user: string;
  labels: Record<string, string>;
  env: string[];
  exposedPorts: string[];
  hasHealthcheck: boolean;
  history: string[];
  layers: number;
  base: { name: string; digest: string; layers: number };
  distro: { id: string; version: string };
}

const DAY = 86400e3;

/** `registry.example.com:5000/team/app` → registry and repository (Docker's rules: a first part with `.`/`:` or `localhost` is a host). */
export function splitName(name: string): { registry: string; repository: string } {
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  if (first && (first.includes('.') || first.includes(':') || first === 'localhost')) return { registry: first, repository: name.slice(slash + 1) };
  return { registry: 'docker.io', repository: slash === -1 ? `library/${name}` : name };
}

export function imageInput(report: ScanReport): ImageInput {
  const a = report.artifact;
  const cfg = a.config.config ?? {};
  const name = a.name ?? '';
  const { registry, repository } = name ? splitName(name) : { registry: '', repository: '' };
  return {
    reference: a.reference,
    name,
    registry,
    repository,
    tag: a.tag ?? '',
    digest: a.manifestDigest,
    os: a.platform.os,
    architecture: a.platform.architecture,
    user: cfg.User ?? '',
    labels: cfg.Labels ?? {},
    env: cfg.Env ?? [],
    exposedPorts: Object.keys(cfg.ExposedPorts ?? {}),
    hasHealthcheck: Boolean(cfg.Healthcheck?.Test?.length && cfg.Healthcheck.Test[0] !== 'NONE'),
    history: (a.config.history ?? []).map((h) => h.created_by ?? ''),
    layers: a.layers.length,
    base: { name: a.base.name ?? '', digest: a.base.digest ?? '', layers: a.base.layerCount },
    distro: { id: report.distro?.id ?? '', version: report.distro?.version ?? report.distro?.versionId ?? '' },
  };
}

/** The `layer` field of `vuln` and `pkg`. */
export interface LayerInput {
  index: number;
  origin: LayerOrigin;
  createdBy: string;
}

const layerInput = (l: LayerRef): LayerInput => ({ index: l.index, origin: l.origin, createdBy: l.createdBy ?? '' });

/** Builds each distinct layer's input once: findings and packages of one layer share it (inputs are read-only). */
function layerInputs(): (l: LayerRef) => LayerInput {
  const seen = new Map<LayerRef, LayerInput>();
  return (l) => {
    let input = seen.get(l);
    if (input === undefined) seen.set(l, (input = layerInput(l)));
    return input;
  };
}

export function vulnInput(v: VulnFinding, now: Date, layer: LayerInput = layerInput(v.layer)) {
  const fixAvailable = v.fixedVersions.length > 0;
  const published = fixAvailable && v.published ? Date.parse(v.published) : NaN;
  // Math.max over the scores, starting at 0 (NaN when a score is NaN, as Math.max(0, ...scores)).
  let cvss = 0;
  for (const c of v.cvss) cvss = Math.max(cvss, c.baseScore);
  return {
    id: v.id,
    aliases: v.aliases,
    // concat allocates the exact length (push would grow the array to 17 slots).
    ids: [v.id].concat(v.aliases),
    severity: v.severity,
    cvss,
    fixAvailable,
    fixedVersions: v.fixedVersions,
    /** Days since the advisory was published when a fix exists (OSV has no separate fix date), else -1. */
    fixAgeDays: fixAvailable && Number.isFinite(published) ? Math.floor((now.getTime() - published) / DAY) : -1,
    kev: v.kev !== undefined,
    epss: v.epss?.score ?? 0,
    epssPercentile: v.epss?.percentile ?? 0,
    status: v.status,
    package: { name: v.packageName, version: v.installedVersion, type: v.packageType, purl: v.purl },
    layer,
    origin: v.origin,
  };
}

export function pkgInput(p: Package, layer: LayerInput = layerInput(p.layer)) {
  return {
    type: p.type,
    name: fullName(p),
    version: p.version,
    purl: p.purl,
    licenses: p.licenses,
    sourceName: p.source?.name ?? '',
    path: p.locations[0]?.path ?? '',
    layer,
    origin: p.origin,
  };
}

export type VulnInput = ReturnType<typeof vulnInput>;
export type PkgInput = ReturnType<typeof pkgInput>;

/** The `vuln` input of every finding, in order. */
export function vulnInputs(findings: readonly VulnFinding[], now: Date): VulnInput[] {
  const layer = layerInputs();
  const out: VulnInput[] = new Array<VulnInput>(findings.length);
  for (let i = 0; i < findings.length; i++) out[i] = vulnInput(findings[i]!, now, layer(findings[i]!.layer));
  return out;
}

/** The `pkg` input of every package, in order. */
export function pkgInputs(packages: readonly Package[]): PkgInput[] {
  const layer = layerInputs();
  const out: PkgInput[] = new Array<PkgInput>(packages.length);
  for (let i = 0; i < packages.length; i++) out[i] = pkgInput(packages[i]!, layer(packages[i]!.layer));
  return out;
}

export function secretInput(s: SecretFinding) {
  return { ruleId: s.ruleId, category: s.category, severity: s.severity, path: s.path, source: s.source, deleted: s.deleted, line: s.line, origin: s.origin ?? '' };
}

export function checkInput(c: MisconfigFinding) {
  return { id: c.id, cisId: c.cisId ?? '', title: c.title, status: c.status, severity: c.severity, cause: c.cause ?? '' };
}

/** A complete sample of every variable, for compile-time trial evaluation of CEL conditions. */
export function sampleInputs() {
  const layer = { index: 0, origin: 'base' as const, createdBy: '' };
  return {
    image: {
      reference: '', name: '', registry: '', repository: '', tag: '', digest: '', os: '', architecture: '', user: '',
      labels: { sample: '' }, env: [''], exposedPorts: [''], hasHealthcheck: false, history: [''], layers: 0,
      base: { name: '', digest: '', layers: 0 }, distro: { id: '', version: '' },
    } satisfies ImageInput,
    vuln: {
      id: '', aliases: [''], ids: [''], severity: 'LOW', cvss: 0, fixAvailable: false, fixedVersions: [''], fixAgeDays: 0, kev: false,
      epss: 0, epssPercentile: 0, status: 'affected', package: { name: '', version: '', type: '', purl: '' }, layer, origin: 'base',
    } satisfies ReturnType<typeof vulnInput>,
    pkg: { type: 'deb', name: '', version: '', purl: '', licenses: [''], sourceName: '', path: '', layer, origin: 'base' } satisfies ReturnType<typeof pkgInput>,
    secret: { ruleId: '', category: '', severity: 'LOW', path: '', source: 'file', deleted: false, line: 0, origin: '' } satisfies ReturnType<typeof secretInput>,
    check: { id: '', cisId: '', title: '', status: 'pass', severity: 'LOW', cause: '' } satisfies ReturnType<typeof checkInput>,
  };
}
