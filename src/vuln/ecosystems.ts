/**
 * @module vuln/ecosystems
 * Maps a catalogued package (purl type + the image's distro) to the OSV ecosystem(s), package
 * name(s) and version string its advisories use (https://ossf.github.io/osv-schema/#affectedpackage-field,
 * ecosystem list: https://ossf.github.io/osv-schema/#defined-ecosystems).
 *
 * OS packages are matched by SOURCE package (Debian/Ubuntu `Source:`, Alpine origin), because
 * distribution advisories name source packages; the installed version is the source version when
 * dpkg records one (binNMU `+bN` binaries carry their source's version), else the binary version.
 *
 * Limits: Red Hat advisories are keyed by CPE-like ecosystems (`Red Hat:enterprise_linux:9::appstream`);
 * reins queries the common repositories only. SUSE and openEuler are not mapped yet.
 */
import type { Distro, Package } from '../catalog/types.ts';

export interface EcosystemQuery {
  /** OSV ecosystems to look up (several for Ubuntu's `:LTS` forms or Red Hat repositories). */
  ecosystems: string[];
  /** Package names to look up, already normalised with `normalizeName`. */
  names: string[];
  /** The version compared against the ranges. */
  version: string;
  /** Ecosystem name given to `compareVersions` (the part before the first `:`). */
  scheme: string;
}

/** `Debian:12` → `Debian`; `Red Hat:enterprise_linux:9::appstream` → `Red Hat`. */
export function ecosystemBase(ecosystem: string): string {
  const i = ecosystem.indexOf(':');
  return i < 0 ? ecosystem : ecosystem.slice(0, i);
}

/** Name form used in the index: PEP 503 for PyPI, lower-case for ecosystems that are case-insensitive. */
export function normalizeName(ecosystem: string, name: string): string {
  switch (ecosystemBase(ecosystem)) {
    case 'PyPI':
      return name.toLowerCase().replace(/[-_.]+/g, '-');
    case 'NuGet':
    case 'Packagist':
    case 'Hex':
      return name.toLowerCase();
    default:
      return name;
  }
}

function major(distro: Distro): string | undefined {
  const v = distro.versionId ?? distro.version;
  return v?.split('.')[0];
}

function majorMinor(distro: Distro): string | undefined {
  const v = distro.versionId ?? distro.version;
  if (v === undefined) return undefined;
  const [a, b] = v.split('.');
  return b === undefined ? a : `${a}.${b}`;
}

function osEcosystems(type: 'deb' | 'apk' | 'rpm', distro: Distro | undefined): string[] {
  if (!distro) return [];
  const id = distro.id.toLowerCase();
  const m = major(distro);
  const mm = majorMinor(distro);
  if (type === 'deb') {
    if (id === 'debian' && m) return [`Debian:${m}`];
    if (id === 'ubuntu' && distro.versionId) {
      const v = distro.versionId;
      return [`Ubuntu:${v}`, `Ubuntu:${v}:LTS`, `Ubuntu:Pro:${v}:LTS`];
    }
    return [];
  }
  if (type === 'apk') {
    // Wolfi and Chainguard are rolling: their ecosystems carry no release.
    if (id === 'wolfi') return ['Wolfi'];
    if (id === 'chainguard') return ['Chainguard'];
    if (id === 'minimos') return ['MinimOS'];
    return id === 'alpine' && mm ? [`Alpine:v${mm}`] : [];
  }
  // Rolling rpm distributions first (no VERSION_ID needed).
  if (id === 'opensuse-tumbleweed') return ['openSUSE:Tumbleweed'];
  if (!m) return [];
  const v = distro.versionId ?? distro.version ?? m;
  switch (id) {
    case 'rhel':
      return ['baseos', 'appstream', 'crb'].map((r) => `Red Hat:enterprise_linux:${m}::${r}`);
    case 'rocky':
      return [`Rocky Linux:${m}`];
    case 'almalinux':
      return [`AlmaLinux:${m}`];
    case 'mariner': // CBL-Mariner 2.0 is published as `Azure Linux:2`
    case 'azurelinux':
      return [`Azure Linux:${m}`];
    case 'opensuse-leap':
      return [`openSUSE:Leap ${v}`];
    case 'opensuse-leap-micro':
      return [`openSUSE:Leap Micro ${v}`];
    case 'sles': {
      // The product, and the modules SLE 15 files its base packages under (a BCI image's packages come from Basesystem).
      const sp = v.split('.')[1];
      const release = sp === undefined || sp === '0' ? m : `${m} SP${sp}`;
      return ['Server', 'Module for Basesystem', 'Module for Server Applications'].map((p) => `SUSE:Linux Enterprise ${p} ${release}`);
    }
    case 'photon':
      return [`Photon OS:${mm?.includes('.') === true ? mm : `${m}.0`}`];
    case 'mageia':
      return [`Mageia:${m}`];
    default:
      return [];
  }
}

const LANGUAGE: Partial<Record<Package['type'], string>> = {
  npm: 'npm',
  pypi: 'PyPI',
  maven: 'Maven',
  golang: 'Go',
  gem: 'RubyGems',
  composer: 'Packagist',
  cargo: 'crates.io',
  nuget: 'NuGet',
};

function joinName(pkg: Package, sep: string): string {
  if (!pkg.namespace || pkg.name.startsWith(pkg.namespace)) return pkg.name;
  return `${pkg.namespace}${sep}${pkg.name}`;
}

/** Go toolchain and module versions carry `go`/`v` prefixes; OSV's Go records do not. */
function goVersion(v: string): string {
  if (v.startsWith('go')) return v.slice(2);
  return v.startsWith('v') ? v.slice(1) : v;
}

/** What to look up for `pkg`, or undefined when reins knows no OSV ecosystem for it. */
export function ecosystemQuery(pkg: Package, distro: Distro | undefined): EcosystemQuery | undefined {
  if (pkg.type === 'deb' || pkg.type === 'apk' || pkg.type === 'rpm') {
    const ecosystems = osEcosystems(pkg.type, distro);
    const first = ecosystems[0];
    if (first === undefined) return undefined;
    let version = pkg.source?.version ?? pkg.version;
    if (pkg.type !== 'apk' && pkg.epoch && !version.includes(':')) version = `${pkg.epoch}:${version}`;
    const names = pkg.type === 'rpm' ? [...new Set([pkg.source?.name ?? pkg.name, pkg.name])] : [pkg.source?.name ?? pkg.name];
    return { ecosystems, names, version, scheme: ecosystemBase(first) };
  }
  const ecosystem = LANGUAGE[pkg.type];
  if (ecosystem === undefined) return undefined;
  let name: string;
  let version = pkg.version;
  switch (ecosystem) {
    case 'Maven':
      name = joinName(pkg, ':');
      break;
    case 'Go':
      name = joinName(pkg, '/');
      version = goVersion(version);
      break;
    case 'npm':
    case 'Packagist':
      name = joinName(pkg, '/');
      break;
    default:
      name = pkg.name;
  }
  return { ecosystems: [ecosystem], names: [normalizeName(ecosystem, name)], version, scheme: ecosystem };
}
