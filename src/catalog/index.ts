/**
 * @module catalog
 * The registry of catalogers: one line per ecosystem, sorted, explicit imports, no self-registration.
 * `index.test.ts` checks that the folders on disk equal these ids.
 */
import { apkCataloger } from './apk/index.ts';
import { dotnetCataloger } from './dotnet/index.ts';
import { dpkgCataloger } from './dpkg/index.ts';
import { goCataloger } from './go/index.ts';
import { javaCataloger } from './java/index.ts';
import { npmCataloger } from './npm/index.ts';
import { osReleaseCataloger } from './os-release/index.ts';
import { phpCataloger } from './php/index.ts';
import { pythonCataloger } from './python/index.ts';
import { rpmCataloger } from './rpm/index.ts';
import { rubyCataloger } from './ruby/index.ts';
import { runtimeCataloger } from './runtime/index.ts';
import { rustCataloger } from './rust/index.ts';
import type { Cataloger, CatalogerKind } from './types.ts';

export const catalogers = {
  apk: apkCataloger,
  dotnet: dotnetCataloger,
  dpkg: dpkgCataloger,
  go: goCataloger,
  java: javaCataloger,
  npm: npmCataloger,
  'os-release': osReleaseCataloger,
  php: phpCataloger,
  python: pythonCataloger,
  rpm: rpmCataloger,
  ruby: rubyCataloger,
  runtime: runtimeCataloger,
  rust: rustCataloger,
} as const satisfies Record<string, Cataloger>;

export type CatalogerId = keyof typeof catalogers;

export function allCatalogers(): Cataloger[] {
  return Object.values(catalogers);
}

export function catalogerKinds(): Map<string, CatalogerKind> {
  return new Map(allCatalogers().map((c) => [c.id, c.kind]));
}
