/**
 * @module catalog/npm/paths
 * Path rules for npm files. A package manifest is a `package.json` that sits directly in a package
 * directory: `node_modules/<name>/` or `node_modules/@scope/<name>/`, or Debian's global module
 * dirs (`/usr/share/nodejs/<name>/`, `/usr/lib/nodejs/<name>/`), where node-* packages and the npm
 * CLI's bundled dependencies live. Any other `package.json` outside `node_modules` is a project
 * manifest (an application's own package.json), which Trivy also reports.
 */

/** How a path relates to npm: an installed package manifest, a project manifest, a lockfile, or nothing. */
export type NpmFileKind = 'installed' | 'project' | 'package-lock' | 'yarn-lock' | 'pnpm-lock';

/** Debian installs node modules here without a node_modules segment. */
const DEBIAN_MODULE_DIRS = ['/usr/share/nodejs/', '/usr/lib/nodejs/'] as const;

const LOCKFILES: Readonly<Record<string, NpmFileKind>> = {
  'package-lock.json': 'package-lock',
  'npm-shrinkwrap.json': 'package-lock',
  'yarn.lock': 'yarn-lock',
  'pnpm-lock.yaml': 'pnpm-lock',
};

/** True when `dir` (segments of a package dir, after a module root) is `<name>` or `@scope/<name>`. */
function isPackageDir(segments: readonly string[]): boolean {
  const [first, second] = segments;
  if (first === undefined || first.startsWith('.')) return false;
  if (segments.length === 1) return !first.startsWith('@');
  return segments.length === 2 && first.startsWith('@') && first.length > 1 && second !== undefined && !second.startsWith('.');
}

export function npmFileKind(path: string): NpmFileKind | undefined {
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  const dir = path.slice(0, slash);
  const segments = dir.split('/');
  const nm = segments.lastIndexOf('node_modules');
  const lock = LOCKFILES[base];
  // A lockfile inside an installed package (node_modules, or Debian's module dirs) records that
  // package's own development tree, not what the image installed: only application dirs count.
  if (lock !== undefined) return nm === -1 && !DEBIAN_MODULE_DIRS.some((d) => path.startsWith(d)) ? lock : undefined;
  if (base !== 'package.json') return undefined;
  if (nm !== -1) return isPackageDir(segments.slice(nm + 1)) ? 'installed' : undefined;
  for (const root of DEBIAN_MODULE_DIRS) {
    if (path.startsWith(root)) {
      return isPackageDir(path.slice(root.length, path.length - '/package.json'.length).split('/')) ? 'installed' : undefined;
    }
  }
  return 'project';
}

/** Splits `@scope/name` into purl namespace and name. */
export function splitScope(fullName: string): { namespace?: string; name: string } {
  if (fullName.startsWith('@')) {
    const slash = fullName.indexOf('/');
    if (slash > 1) return { namespace: fullName.slice(0, slash), name: fullName.slice(slash + 1) };
  }
  return { name: fullName };
}
