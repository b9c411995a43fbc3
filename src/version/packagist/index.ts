/**
 * @module version/packagist
 * Packagist (Composer) versions: normalised like Composer's VersionParser (`v1.2.3` → `1.2.3.0`,
 * `1.2.3-beta2`, `1.0.0RC1`, `-p1`/`.pl1` patches, datetime versions, `2.x-dev` branches), then
 * ordered with PHP's `version_compare`, so stabilities order `dev < alpha < beta < RC < stable <
 * patch`. Build metadata is ignored.
 *
 * Specs: https://getcomposer.org/doc/articles/versions.md,
 * https://github.com/composer/semver (VersionParser::normalize, Comparator),
 * https://www.php.net/manual/en/function.version-compare.php
 *
 * Known limits: `dev-<branch>` names are not versions (Composer never orders them) and are rejected;
 * aliases (`1.0 as 2.0`) and `#commit` references are rejected; the datetime form is accepted a bit
 * more liberally than Composer's pattern.
 */
import { VersionError } from '../types.ts';
import type { VersionScheme } from '../types.ts';
import { normalizeComposer } from './normalize.ts';
import { phpVersionCompare } from './php-compare.ts';

const ID = 'packagist';

function normalizeOrThrow(v: string): string {
  const n = normalizeComposer(v);
  if (n === undefined) throw new VersionError(ID, v, 'not a Composer version');
  return n;
}

export const packagistScheme = {
  id: ID,
  title: 'Packagist (Composer)',
  specUrls: ['https://getcomposer.org/doc/articles/versions.md', 'https://github.com/composer/semver'],
  isValid(v: string): boolean {
    return normalizeComposer(v) !== undefined;
  },
  compare(a: string, b: string): -1 | 0 | 1 {
    return phpVersionCompare(normalizeOrThrow(a), normalizeOrThrow(b));
  },
} as const satisfies VersionScheme;
