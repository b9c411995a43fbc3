/**
 * @module catalog/npm
 * Node.js packages. Reads:
 * - installed package manifests: `package.json` directly inside `node_modules/<name>/`,
 *   `node_modules/@scope/<name>/`, or Debian's `/usr/share/nodejs/<name>/` (the npm CLI's bundled
 *   deps and node-* packages; the merge drops the dpkg-owned ones);
 * - project manifests: any other `package.json` outside `node_modules` (Trivy reports the
 *   application's own package.json too), marked `metadata.project`;
 * - lockfiles outside `node_modules`: `package-lock.json`/`npm-shrinkwrap.json` (v1-v3),
 *   `yarn.lock` (v1 and Berry), `pnpm-lock.yaml` (v5-v9), marked `metadata.lockfile`.
 *
 * Known limits: Trivy's image scan does NOT read lockfiles (only package.json), so lockfile drafts
 * duplicate the installed ones when node_modules is present; the merge decides. Dev-only lockfile
 * entries are skipped (npm, pnpm v5/v6); yarn and pnpm v9 do not record dev-ness. Git/file/link
 * dependencies are skipped.
 */
import type { Cataloger, CatalogFile, CatalogOutput } from '../types.ts';
import { parsePackageJson } from './parse-package-json.ts';
import { parsePackageLock } from './parse-package-lock.ts';
import { parsePnpmLock } from './parse-pnpm-lock.ts';
import { parseYarnLock } from './parse-yarn-lock.ts';
import { npmFileKind } from './paths.ts';

export const npmCataloger = {
  id: 'npm',
  title: 'npm packages (package.json, package-lock.json, yarn.lock, pnpm-lock.yaml)',
  specUrls: [
    'https://docs.npmjs.com/cli/v10/configuring-npm/package-json',
    'https://docs.npmjs.com/cli/v10/configuring-npm/package-lock-json',
    'https://classic.yarnpkg.com/en/docs/yarn-lock',
    'https://github.com/pnpm/spec/tree/master/lockfile',
  ],
  version: 1,
  kind: 'language',
  wants: {
    basenames: ['package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml'],
    predicate: (meta) => npmFileKind(meta.path) !== undefined,
    maxBytes: 64 * 1024 * 1024,
  },
  parse(file: CatalogFile): CatalogOutput {
    const { path } = file.meta;
    const kind = npmFileKind(path);
    if (kind === undefined) return {};
    const text = file.content.toString('utf8');
    switch (kind) {
      case 'installed':
      case 'project':
        return parsePackageJson(text, path, kind);
      case 'package-lock':
        return parsePackageLock(text, path);
      case 'yarn-lock':
        return parseYarnLock(text, path);
      case 'pnpm-lock':
        return parsePnpmLock(text, path);
    }
  },
} as const satisfies Cataloger;
