/**
 * Policy evaluation speed: `evaluatePolicy` over a report with 5,000 vulnerability findings (on
 * 1,000 packages, with secrets and checklist results) against a 50-rule policy — the simple rule
 * kinds plus 27 CEL rules over vulnerabilities, packages and the image, some scoped — loaded from
 * YAML with `loadPolicy` like the CLI does. Target (policy issue): median <= 50 ms per evaluation.
 * The report is generated deterministically from the format-test fixture (no testbed needed).
 * Prints the median of 20 runs after a warm-up; never run by tests.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Package } from '../src/catalog/types.ts';
import type { LayerRef } from '../src/image/types.ts';
import { evaluatePolicy, loadPolicy } from '../src/policy/index.ts';
import { isCompiled } from '../src/policy/cel.ts';
import { fixtureReport } from '../src/report/fixtures/report.ts';
import type { ScanReport } from '../src/scan/types.ts';
import type { Severity, VulnFinding } from '../src/vuln/types.ts';
import type { CompiledPolicy } from '../src/policy/index.ts';
import { median } from './measure.ts';
import { seededRandom } from '../src/version/prng.ts';

const FINDINGS = 5000;
const PACKAGES = 1000;
const TARGET_MS = 50;
const WARMUP = 5;
const RUNS = 20;


const TYPES = ['deb', 'npm', 'maven', 'golang', 'pypi'] as const;
const LICENSES = ['MIT', 'Apache-2.0', 'BSD-3-Clause', 'GPL-2.0-only', 'GPL-3.0-or-later', 'LGPL-2.1-or-later', 'ISC', 'AGPL-3.0-only', 'MPL-2.0', 'BSD-3-Clause OR GPL-2.0-only'];
const SEVERITY_MIX: Severity[] = ['LOW', 'LOW', 'MEDIUM', 'MEDIUM', 'MEDIUM', 'HIGH', 'HIGH', 'CRITICAL', 'UNKNOWN'];

/** The fixture report, grown to PACKAGES packages and FINDINGS findings with varied fields. */
export function bigReport(): ScanReport {
  const report = fixtureReport();
  const rand = seededRandom(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const layers: LayerRef[] = report.artifact.layers.map(({ index, digest, diffId, createdBy, origin }) => ({ index, digest, diffId, origin, ...(createdBy !== undefined && { createdBy }) }));
  // More app layers, as a typical Node/Java service image has.
  for (let i = layers.length; i < 8; i++) {
    const d = i.toString(16);
    layers.push({ index: i, digest: `sha256:${d.repeat(64)}`, diffId: `sha256:${d.repeat(64)}`, createdBy: `RUN step ${i}`, origin: 'app' });
  }
  const templates = report.packages;
  const packages: Package[] = [];
  for (let i = 0; i < PACKAGES; i++) {
    const t = structuredClone(templates[i % templates.length]!);
    const type = TYPES[i % TYPES.length]!;
    const layer = type === 'deb' ? layers[0]! : layers[1 + (i % (layers.length - 1))]!;
    const name = `${t.name}-${i}`;
    const version = `${1 + (i % 7)}.${i % 13}.${i % 5}`;
    const path = type === 'deb' ? '/var/lib/dpkg/status' : `/srv/app/lib/${type}/${name}/${version}`;
    packages.push({
      ...t,
      id: `${type}:${name}@${version}:${path}`,
      type,
      ...(type === 'maven' ? { namespace: 'org.example' } : type === 'golang' ? { namespace: 'github.com/example' } : {}),
      name,
      version,
      purl: `pkg:${type}/${name}@${version}`,
      licenses: [pick(LICENSES)],
      locations: [{ path, layer, deleted: rand() < 0.02 }],
      layer,
      origin: layer.origin,
    });
  }
  // Names the deny rules look for, so they find something.
  packages[3]!.name = 'openssh-server';
  packages[11]!.name = 'event-stream';
  packages[12]!.name = 'netcat-traditional';
  report.packages = packages;

  const templateVulns = report.vulnerabilities!;
  const vulns: VulnFinding[] = [];
  for (let i = 0; i < FINDINGS; i++) {
    const t = structuredClone(templateVulns[i % templateVulns.length]!);
    const p = packages[Math.floor(rand() * packages.length)]!;
    const severity = pick(SEVERITY_MIX);
    const fixed = rand() < 0.6;
    const year = 2018 + Math.floor(rand() * 9);
    const kev = rand() < 0.02;
    const hasEpss = rand() < 0.7;
    const score = { LOW: 3.1, MEDIUM: 5.5, HIGH: 7.5, CRITICAL: 9.8, UNKNOWN: 0 }[severity];
    const { suppressed, kev: _kev, epss: _epss, ...rest } = t;
    vulns.push({
      ...rest,
      id: `CVE-${year}-${10000 + i}`,
      aliases: i % 3 === 0 ? [`GHSA-${i.toString(36)}-xxxx-yyyy`] : [`DEBIAN-CVE-${year}-${10000 + i}`],
      packageId: p.id,
      packageName: p.name,
      packageType: p.type,
      purl: p.purl,
      installedVersion: p.version,
      fixedVersions: fixed ? [`${p.version}-fix1`] : [],
      severity,
      cvss: score ? [{ ...t.cvss[0]!, baseScore: score }] : [],
      locations: p.locations,
      layer: p.layer,
      origin: p.origin,
      remediation: fixed ? `upgrade ${p.name} to ${p.version}-fix1` : `no fix available yet: remove ${p.name}`,
      published: `${year}-0${1 + (i % 9)}-15T00:00:00Z`,
      ...(kev && { kev: { dateAdded: `${year}-12-01` } }),
      ...(hasEpss && { epss: { score: rand() * rand(), percentile: rand() } }),
      // About 1% carry a VEX statement, as a team with a few VEX documents would.
      ...(suppressed && i % 100 === 2 && { suppressed }),
    });
  }
  report.vulnerabilities = vulns;
  report.artifact.config.config = { ...report.artifact.config.config, Labels: { team: 'payments', tier: 'prod' } };
  return report;
}

const rule = (id: string, severity: Severity, body: string, extra = ''): string =>
  `  - id: ${id}\n    description: ${id.replace(/-/g, ' ')}\n    severity: ${severity}\n${extra}${body.replace(/^/gm, '    ')}\n`;
const cel = (id: string, sev: Severity, subject: string, condition: string, extra = ''): string =>
  rule(id, sev, `for: ${subject}\ncondition: '${condition}'`, extra);
const SCOPE_PROD = '    scope: { registries: ["registry.example", "*.corp.example"], labels: { tier: prod } }\n';
const SCOPE_TEAM = '    scope: { images: ["registry.example/team/**"], gates: [ci, registry] }\n';
const SCOPE_OTHER = '    scope: { images: ["registry.other.example/**"] }\n';
const WARN = '    action: warn\n';

/** 50 rules: 23 simple rules (every kind) and 27 CEL rules (17 vulnerability, 8 package, 2 image). */
export function bigPolicyYaml(): string {
  const rules = [
    rule('no-critical-fixable', 'CRITICAL', 'maxSeverity: HIGH\nfixAvailable: true'),
    rule('no-critical', 'CRITICAL', 'maxSeverity: HIGH', SCOPE_PROD),
    rule('no-high-fixable', 'HIGH', 'maxSeverity: MEDIUM\nfixAvailable: true', SCOPE_TEAM),
    rule('no-high-unfixed-warn', 'HIGH', 'maxSeverity: MEDIUM\nfixAvailable: false', WARN),
    rule('medium-fixable-warn', 'MEDIUM', 'maxSeverity: LOW\nfixAvailable: true', WARN),
    rule('other-registry-max', 'HIGH', 'maxSeverity: LOW', SCOPE_OTHER),
    rule('deny-remote-shells', 'HIGH', 'denyPackages: [openssh-server, telnetd, "netcat-*", rsh-client]'),
    rule('deny-malicious-npm', 'CRITICAL', 'denyPackages: ["npm:event-stream", "npm:flatmap-stream", { name: ua-parser-js, type: npm, versions: ["0.7.29", "0.8.0", "1.0.0"] }]'),
    rule('deny-log4shell', 'CRITICAL', 'denyPackages: [{ name: "org.apache.logging.log4j:log4j-core", type: maven, versions: ["2.0*", "2.1?.*"] }]'),
    rule('deny-debug-tools', 'LOW', 'denyPackages: [gdb, strace, "valgrind*"]', WARN),
    rule('deny-agpl', 'HIGH', 'denyLicenses: ["AGPL-*"]'),
    rule('deny-gpl3-app', 'MEDIUM', 'denyLicenses: ["GPL-3.0*"]', SCOPE_TEAM + WARN),
    rule('deny-sspl', 'HIGH', 'denyLicenses: [SSPL-1.0, "BUSL-*"]'),
    rule('non-root', 'HIGH', 'requireNonRoot: true'),
    rule('non-root-prod', 'CRITICAL', 'requireNonRoot: true', SCOPE_PROD),
    rule('cis-checklist', 'MEDIUM', 'failedChecks: ["4.*"]', WARN),
    rule('no-add', 'LOW', 'failedChecks: [REINS-IMG-009]'),
    rule('all-checks-prod', 'MEDIUM', 'failedChecks: ["*"]', SCOPE_PROD),
    rule('no-secrets', 'HIGH', 'denySecrets: true'),
    rule('trusted-registries', 'HIGH', 'allowedRegistries: [registry.example, "*.corp.example"]'),
    rule('trusted-registries-prod', 'HIGH', 'allowedRegistries: [registry.example]', SCOPE_PROD),
    rule('golden-bases', 'MEDIUM', 'allowedBaseImages: ["debian:bookworm*", "registry.example/base/**", "gcr.io/distroless/**"]'),
    rule('golden-bases-prod', 'HIGH', 'allowedBaseImages: ["registry.example/base/**"]', SCOPE_PROD + WARN),
    // CEL over vulnerabilities
    cel('kev', 'CRITICAL', 'vulnerability', 'vuln.kev'),
    cel('epss-high', 'HIGH', 'vulnerability', 'vuln.epss > 0.5 || vuln.epssPercentile > 0.97'),
    cel('critical-cvss', 'CRITICAL', 'vulnerability', 'vuln.cvss >= 9.0 && vuln.fixAvailable'),
    cel('fix-sla-critical', 'CRITICAL', 'vulnerability', 'vuln.severity == "CRITICAL" && vuln.fixAgeDays > 7'),
    cel('fix-sla-high', 'HIGH', 'vulnerability', 'vuln.severity == "HIGH" && vuln.fixAgeDays > 30'),
    cel('fix-sla-medium', 'MEDIUM', 'vulnerability', 'vuln.severity == "MEDIUM" && vuln.fixAgeDays > 90', WARN),
    cel('app-layer-high', 'HIGH', 'vulnerability', 'vuln.origin == "app" && vuln.severity in ["HIGH", "CRITICAL"] && vuln.fixAvailable', SCOPE_TEAM),
    cel('base-critical-prod', 'CRITICAL', 'vulnerability', 'vuln.layer.origin == "base" && vuln.severity == "CRITICAL"', SCOPE_PROD),
    cel('ghsa-npm', 'HIGH', 'vulnerability', 'vuln.package.type == "npm" && vuln.ids.exists(i, i.startsWith("GHSA-")) && vuln.cvss >= 7.0'),
    cel('unknown-status', 'MEDIUM', 'vulnerability', 'vuln.status == "unknown"', WARN),
    cel('maven-rce', 'CRITICAL', 'vulnerability', 'vuln.package.type == "maven" && vuln.cvss >= 9.0'),
    cel('go-stdlib', 'HIGH', 'vulnerability', 'vuln.package.type == "golang" && vuln.package.name.startsWith("stdlib") && vuln.fixAvailable'),
    cel('old-cves', 'LOW', 'vulnerability', 'vuln.id.startsWith("CVE-2018-") && vuln.fixAvailable', WARN),
    cel('kev-ransomware-prod', 'CRITICAL', 'vulnerability', 'vuln.kev && vuln.severity != "LOW"', SCOPE_PROD),
    cel('other-registry-any', 'HIGH', 'vulnerability', 'vuln.severity != "LOW"', SCOPE_OTHER),
    cel('pypi-high', 'HIGH', 'vulnerability', 'vuln.package.type == "pypi" && vuln.severity == "HIGH" && vuln.fixedVersions.size() > 0'),
    cel('deb-critical-nofix', 'HIGH', 'vulnerability', 'vuln.package.type == "deb" && !vuln.fixAvailable && vuln.cvss >= 9.0', WARN),
    // CEL over packages
    cel('copyleft-in-app', 'MEDIUM', 'package', 'pkg.origin == "app" && pkg.licenses.exists(l, l.contains("GPL") && !l.startsWith("LGPL"))', WARN),
    cel('no-license', 'LOW', 'package', 'pkg.type != "deb" && size(pkg.licenses) == 0', WARN),
    cel('npm-prerelease', 'LOW', 'package', 'pkg.type == "npm" && pkg.version.matches("^0\\\\.0\\\\.")', WARN),
    cel('jar-in-tmp', 'MEDIUM', 'package', 'pkg.type == "maven" && pkg.path.startsWith("/tmp/")'),
    cel('compilers', 'MEDIUM', 'package', 'pkg.type == "deb" && pkg.name in ["gcc", "g++", "make", "build-essential"]', SCOPE_PROD),
    cel('curl-in-prod', 'LOW', 'package', 'pkg.name == "curl" || pkg.sourceName == "curl"', SCOPE_PROD + WARN),
    cel('vendored-go', 'LOW', 'package', 'pkg.type == "golang" && pkg.layer.index == 0', WARN),
    cel('pkg-purl-scope', 'LOW', 'package', 'pkg.purl.startsWith("pkg:npm/%40internal/")', SCOPE_TEAM),
    // CEL over the image
    cel('healthcheck', 'LOW', 'image', '!image.hasHealthcheck', WARN),
    cel('team-label', 'MEDIUM', 'image', '!("team" in image.labels)'),
  ];
  return `apiVersion: reins.dev/v1\nkind: Policy\nmetadata:\n  name: bench\n  owner: security@example.com\nrules:\n${rules.join('')}exceptions:
  - { id: EXC-1, match: { vulnerability: CVE-2020-10001 }, reason: not reachable, justification: vulnerable_code_not_in_execute_path, owner: app@example.com, approvedBy: sec@example.com, expires: 2027-06-30 }
  - { id: EXC-2, match: { package: "libssl3-*", rule: fix-sla-medium }, reason: base image refresh planned, owner: platform@example.com, approvedBy: sec@example.com, expires: 2026-12-31 }
  - { id: EXC-3, match: { rule: healthcheck, image: "registry.example/team/*" }, reason: the orchestrator probes HTTP, owner: app@example.com, approvedBy: sec@example.com, permanent: true }
  - { id: EXC-4, match: { rule: no-secrets, path: "/srv/app/.env.backup" }, reason: test credential, owner: app@example.com, approvedBy: sec@example.com, expires: 2026-01-31 }
`;
}

/** Median wall time of `evaluatePolicy` (ms) after a warm-up, and the last verdict. */
function time(policy: CompiledPolicy, report: ScanReport, now: Date) {
  let verdict = evaluatePolicy(policy, report, { gate: 'ci', now });
  for (let i = 1; i < WARMUP; i++) verdict = evaluatePolicy(policy, report, { gate: 'ci', now });
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    verdict = evaluatePolicy(policy, report, { gate: 'ci', now });
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { ms: median(times), min: Math.min(...times), max: Math.max(...times), cpuMs: median(cpu), verdict };
}

export async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'reins-bench-policy-'));
  try {
    const file = join(dir, 'policy.yaml');
    writeFileSync(file, bigPolicyYaml());
    const policy = await loadPolicy(file);
    const report = bigReport();
    const now = new Date('2026-11-22T12:00:00Z');
    const celRules = policy.rules.filter((r) => r.kind === 'condition');
    const n = report.vulnerabilities?.length ?? 0;
    // Timings are wall-clock: on a shared machine, read them with the load average printed here.
    console.log(`  machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    const interpreted = celRules.filter((r) => !isCompiled(r.evaluate!)).map((r) => r.id);
    console.log(`  report: ${n} findings, ${report.packages.length} packages; policy: ${policy.rules.length} rules (${celRules.length} CEL, ${celRules.length - interpreted.length} compiled${interpreted.length ? `; interpreted: ${interpreted.join(', ')}` : ''}), ${policy.exceptions.length} exceptions`);
    // Where the time goes: the simple rules alone and the CEL rules alone.
    const simple = time({ ...policy, rules: policy.rules.filter((r) => r.kind !== 'condition') }, report, now);
    const celOnly = time({ ...policy, rules: celRules }, report, now);
    console.log(`  ${policy.rules.length - celRules.length} simple rules alone: ${simple.ms.toFixed(1)} ms (CPU ${simple.cpuMs.toFixed(1)} ms); ${celRules.length} CEL rules alone: ${celOnly.ms.toFixed(1)} ms (CPU ${celOnly.cpuMs.toFixed(1)} ms)`);
    const all = time(policy, report, now);
    const v = all.verdict;
    console.log(`  verdict: ${v.result}, ${v.violations.length} violations, ${v.warnings.length} warnings, ${v.excepted.length} excepted`);
    console.log(`  ${RUNS} runs after ${WARMUP} warm-up: min ${all.min.toFixed(1)} ms, max ${all.max.toFixed(1)} ms; median CPU time ${all.cpuMs.toFixed(1)} ms (process-wide, GC threads included)`);
    console.log(`policy eval: ${n} findings x ${policy.rules.length} rules: ${all.ms.toFixed(1)} ms (target <= ${TARGET_MS} ms) ratio ${(all.ms / TARGET_MS).toFixed(2)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) await main();
