/**
 * @module report/shared
 * Small helpers every format uses: how an image and a package version are named, severity
 * counting and ordering, and which findings are active (not suppressed).
 */
import { createHash } from 'node:crypto';
import { PackageURL } from 'packageurl-js';
import type { Package } from '../catalog/types.ts';
import type { Verdict } from '../policy/verdict.ts';
import type { ReportArtifact, ScanReport } from '../scan/types.ts';
import { SEVERITY_ORDER } from '../vuln/types.ts';
import type { Severity, VulnFinding } from '../vuln/types.ts';

/** Severities from the worst down. */
export const SEVERITIES_DESC: readonly Severity[] = [...SEVERITY_ORDER].reverse();

/** `name:tag`, else `name`, else the reference as the user spelled it. */
export function imageName(artifact: ReportArtifact): string {
  if (artifact.name) return artifact.tag ? `${artifact.name}:${artifact.tag}` : artifact.name;
  return artifact.reference;
}

/** `os/arch[/variant]`. */
export function platformLabel(artifact: ReportArtifact): string {
  const p = artifact.platform;
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

/** The version as the ecosystem writes it: Debian/RPM epochs in front (`1:2.66-4`). */
export function displayVersion(pkg: Pick<Package, 'version' | 'epoch'>): string {
  return pkg.epoch && !pkg.version.startsWith(`${pkg.epoch}:`) ? `${pkg.epoch}:${pkg.version}` : pkg.version;
}

/** `@scope/name`, `group:artifact`, `host/path/name`, or the bare name. */
export function qualifiedName(pkg: Pick<Package, 'type' | 'namespace' | 'name'>): string {
  if (!pkg.namespace || pkg.type === 'deb' || pkg.type === 'rpm' || pkg.type === 'apk') return pkg.name;
  if (pkg.type === 'maven') return `${pkg.namespace}:${pkg.name}`;
  return `${pkg.namespace}/${pkg.name}`;
}

/** 0 for the worst severity (CRITICAL), growing towards UNKNOWN: use as a sort key. */
export function severityRank(s: Severity): number {
  return SEVERITIES_DESC.indexOf(s);
}

export function countBySeverity(items: readonly { severity: Severity }[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 };
  for (const i of items) counts[i.severity]++;
  return counts;
}

/** Findings not suppressed by VEX or a policy exception. */
export function activeVulns(report: ScanReport): VulnFinding[] {
  return (report.vulnerabilities ?? []).filter((v) => !v.suppressed);
}

/** Highest CVSS base score of a finding (prefers the newest CVSS version on ties), if any. */
export function bestCvss(v: VulnFinding): VulnFinding['cvss'][number] | undefined {
  let best: VulnFinding['cvss'][number] | undefined;
  for (const c of v.cvss) if (!best || c.baseScore > best.baseScore) best = c;
  return best;
}

/** Worst first, then by id, then by package: the order every format lists vulnerabilities in. */
export function compareVulns(a: VulnFinding, b: VulnFinding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    a.packageName.localeCompare(b.packageName) ||
    a.id.localeCompare(b.id)
  );
}

/** Label of a layer for people: `#1 app`. */
export function layerLabel(layer: { index: number; origin: string } | undefined): string {
  return layer ? `#${layer.index} ${layer.origin}` : '-';
}

/**
 * purl of the image itself (https://github.com/package-url/purl-spec, type `oci`): the last path
 * segment as name, the manifest digest as version, the repository, architecture and tag as qualifiers.
 */
export function ociPurl(artifact: ReportArtifact): string {
  const repo = artifact.name ?? artifact.reference.replace(/[:@][^/]*$/, '');
  const name = (repo.split('/').pop() ?? repo).toLowerCase() || 'image';
  const qualifiers: Record<string, string> = { arch: artifact.platform.architecture };
  if (artifact.name) qualifiers.repository_url = artifact.name;
  if (artifact.tag) qualifiers.tag = artifact.tag;
  return new PackageURL('oci', undefined, name, artifact.manifestDigest, qualifiers).toString();
}

/** Who publishes an advisory id and where to read it. */
export function advisorySource(id: string): { name: string; url: string } {
  const e = encodeURIComponent(id);
  if (id.startsWith('CVE-')) return { name: 'NVD', url: `https://nvd.nist.gov/vuln/detail/${e}` };
  if (id.startsWith('GHSA-')) return { name: 'GitHub', url: `https://github.com/advisories/${e}` };
  if (id.startsWith('GO-')) return { name: 'Go', url: `https://pkg.go.dev/vuln/${e}` };
  if (/^(DSA|DLA|DTSA|DEBIAN)-/.test(id)) {
    return { name: 'Debian', url: `https://security-tracker.debian.org/tracker/${encodeURIComponent(id.replace(/^DEBIAN-/, ''))}` };
  }
  return { name: 'OSV', url: `https://osv.dev/vulnerability/${e}` };
}

/** The hex part of `sha256:…`. */
export function digestHex(digest: string): { algorithm: string; hex: string } {
  const i = digest.indexOf(':');
  return { algorithm: digest.slice(0, i).toUpperCase(), hex: digest.slice(i + 1) };
}

/** A deterministic UUID (RFC 9562 layout, version-5 bits) from the given parts: same input, same id. */
export function stableUuid(parts: readonly string[]): string {
  const h = createHash('sha256').update(parts.join('\n')).digest('hex');
  const variant = ((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The policy verdicts in `RenderInput.verdict` (`reins check` passes one Verdict or one per platform). */
export function verdictsOf(verdict: unknown): Verdict[] {
  const all: unknown[] = Array.isArray(verdict) ? verdict : verdict === undefined ? [] : [verdict];
  return all.filter((v): v is Verdict => {
    const x = v as Partial<Verdict> | null;
    return !!x && typeof x === 'object' && (x.result === 'pass' || x.result === 'fail') && Array.isArray(x.violations);
  });
}
