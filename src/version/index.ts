/**
 * @module version
 * The registry of version schemes: one entry per folder under src/version/, keyed by the scheme's
 * `id`. A plain, sorted literal with explicit imports (no self-registration); `contract.test.ts`
 * checks it against the folders on disk and runs the shared contract suite over every entry.
 * The OSV ecosystem → scheme table and `compareVersions` live in `./ecosystems.ts`.
 */
import type { VersionScheme } from './types.ts';
import { apkScheme } from './apk/index.ts';
import { dpkgScheme } from './dpkg/index.ts';
import { goScheme } from './go/index.ts';
import { mavenScheme } from './maven/index.ts';
import { npmScheme } from './npm/index.ts';
import { nugetScheme } from './nuget/index.ts';
import { packagistScheme } from './packagist/index.ts';
import { pep440Scheme } from './pep440/index.ts';
import { rpmScheme } from './rpm/index.ts';
import { rubygemsScheme } from './rubygems/index.ts';
import { semverScheme } from './semver/index.ts';

export const schemes = {
  apk: apkScheme,
  dpkg: dpkgScheme,
  go: goScheme,
  maven: mavenScheme,
  npm: npmScheme,
  nuget: nugetScheme,
  packagist: packagistScheme,
  pep440: pep440Scheme,
  rpm: rpmScheme,
  rubygems: rubygemsScheme,
  semver: semverScheme,
} as const satisfies Record<string, VersionScheme>;

export type SchemeId = keyof typeof schemes;

/** True when `id` names a registered scheme. */
export function isSchemeId(id: string): id is SchemeId {
  return Object.hasOwn(schemes, id);
}
