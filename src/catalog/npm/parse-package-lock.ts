/**
 * @module catalog/npm/parse-package-lock
 * `package-lock.json` / `npm-shrinkwrap.json`, lockfileVersion 1, 2 and 3
 * (https://docs.npmjs.com/cli/v10/configuring-npm/package-lock-json).
 * v2/v3: the `packages` map keyed by install path (`node_modules/a/node_modules/b`); v1: the
 * nested `dependencies` tree. Dev-only entries are skipped (Trivy's default), as are links and
 * workspace folders (keys without `node_modules/`). Each name@version is reported once per file.
 */
import type { CatalogOutput, PackageDraft } from '../types.ts';
import { parseJsonObject, readLicenses } from './parse-package-json.ts';
import { splitScope } from './paths.ts';

const MAX_DEPTH = 64;
const MAX_PACKAGES = 200_000;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

class Collector {
  readonly seen = new Set<string>();
  readonly packages: PackageDraft[] = [];
  add(fullName: string, version: string, entry: Obj): void {
    if (fullName === '' || version === '' || this.packages.length >= MAX_PACKAGES) return;
    const key = `${fullName}@${version}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const draft: PackageDraft = { type: 'npm', ...splitScope(fullName), version, metadata: { lockfile: true } };
    const licenses = readLicenses(entry);
    if (licenses.length > 0) draft.licenses = licenses;
    this.packages.push(draft);
  }
}

/** `node_modules/a/node_modules/@s/b` → `@s/b`. */
function nameFromInstallPath(key: string): string | undefined {
  const at = key.lastIndexOf('node_modules/');
  if (at === -1) return undefined;
  return key.slice(at + 'node_modules/'.length);
}

function walkV1(deps: Obj, out: Collector, depth: number): void {
  if (depth > MAX_DEPTH) return;
  for (const [name, entry] of Object.entries(deps)) {
    if (!isObj(entry)) continue;
    const { version } = entry;
    // v1 aliases carry `npm:real@1.2.3` as version.
    if (typeof version === 'string' && entry.dev !== true) {
      if (version.startsWith('npm:')) {
        const spec = version.slice(4);
        const at = spec.lastIndexOf('@');
        if (at > 0) out.add(spec.slice(0, at), spec.slice(at + 1), entry);
      } else if (!/^(file|link|git\+|git:|github:|https?:)/.test(version)) {
        out.add(name, version, entry);
      }
    }
    if (isObj(entry.dependencies)) walkV1(entry.dependencies, out, depth + 1);
  }
}

export function parsePackageLock(text: string, path: string): CatalogOutput {
  const lock = parseJsonObject(text);
  if (!lock) {
    return { diagnostics: [{ level: 'warning', code: 'npm-lockfile-malformed', message: `${path}: not a JSON object`, path }] };
  }
  const out = new Collector();
  if (isObj(lock.packages)) {
    for (const [key, entry] of Object.entries(lock.packages)) {
      if (!isObj(entry) || entry.link === true || entry.dev === true) continue;
      const fromKey = nameFromInstallPath(key);
      if (fromKey === undefined) continue;
      const name = typeof entry.name === 'string' ? entry.name : fromKey;
      if (typeof entry.version === 'string') out.add(name, entry.version, entry);
    }
  } else if (isObj(lock.dependencies)) {
    walkV1(lock.dependencies, out, 0);
  } else {
    return {
      diagnostics: [{ level: 'warning', code: 'npm-lockfile-malformed', message: `${path}: neither "packages" nor "dependencies"`, path }],
    };
  }
  return { packages: out.packages };
}
