/**
 * @module version/ecosystems
 * OSV ecosystem name → version scheme. Names are the OSV schema's
 * (https://ossf.github.io/osv-schema/#affectedpackage-field, "Defined ecosystems"), accepted with or
 * without a `:release` suffix (`Debian:12`, `Alpine:v3.19`, `Red Hat:enterprise_linux:9`).
 */
import { InputError } from '../common/errors.ts';
import type { VersionScheme } from './types.ts';
import { schemes } from './index.ts';
import type { SchemeId } from './index.ts';

/** Every OSV ecosystem reins can order versions for. */
export const ecosystemSchemes = {
  // dpkg
  Debian: 'dpkg',
  Ubuntu: 'dpkg',
  // apk
  Alpine: 'apk',
  Chainguard: 'apk',
  MinimOS: 'apk',
  Wolfi: 'apk',
  // rpm (CBL-Mariner is the former name of Azure Linux; both appear in OSV data)
  AlmaLinux: 'rpm',
  'Azure Linux': 'rpm',
  'CBL-Mariner': 'rpm',
  Mageia: 'rpm',
  openEuler: 'rpm',
  openSUSE: 'rpm',
  'Photon OS': 'rpm',
  'Red Hat': 'rpm',
  'Rocky Linux': 'rpm',
  SUSE: 'rpm',
  // language ecosystems
  Go: 'go',
  Maven: 'maven',
  npm: 'npm',
  NuGet: 'nuget',
  Packagist: 'packagist',
  PyPI: 'pep440',
  RubyGems: 'rubygems',
  'crates.io': 'semver',
  // Hex (Elixir) and Pub (Dart) declare SemVer 2.0.0 in OSV; Pub's `+build` ordering differences
  // are not modelled (build metadata is ignored, as SemVer says).
  Hex: 'semver',
  Pub: 'semver',
} as const satisfies Record<string, SchemeId>;

export type Ecosystem = keyof typeof ecosystemSchemes;

const lowerCase = new Map<string, SchemeId>(
  Object.entries(ecosystemSchemes).map(([name, id]) => [name.toLowerCase(), id]),
);

/** The scheme id for an OSV ecosystem (release suffix allowed), or undefined when unknown. */
export function schemeIdForEcosystem(ecosystem: string): SchemeId | undefined {
  const colon = ecosystem.indexOf(':');
  const base = (colon >= 0 ? ecosystem.slice(0, colon) : ecosystem).trim();
  return lowerCase.get(base.toLowerCase());
}

/** The scheme for an OSV ecosystem. Throws InputError E_INPUT when the ecosystem is unknown. */
export function schemeForEcosystem(ecosystem: string): VersionScheme {
  const id = schemeIdForEcosystem(ecosystem);
  if (id === undefined) {
    const known = Object.keys(ecosystemSchemes).sort().join(', ');
    throw new InputError('E_INPUT', `unknown ecosystem "${ecosystem}" (known: ${known})`);
  }
  return schemes[id];
}

/**
 * Orders two versions of an OSV ecosystem: -1, 0 or 1. Throws InputError for an unknown ecosystem
 * and VersionError when either version cannot be parsed (callers report "unknown", never "safe").
 * OSV's `introduced: "0"` sentinel is not a version in every scheme; callers treat it as "since the
 * beginning" before calling this.
 */
export function compareVersions(ecosystem: string, a: string, b: string): -1 | 0 | 1 {
  return schemeForEcosystem(ecosystem).compare(a, b);
}
