/**
 * @module catalog/npm/parse-pnpm-lock
 * `pnpm-lock.yaml` (https://github.com/pnpm/spec/tree/master/lockfile). Keys of `packages`:
 * v5 `/name/1.2.3` or `/@s/name/1.2.3_peer`, v6 `/name@1.2.3(peer)`, v9 `name@1.2.3`.
 * An entry's own `name`/`version` fields (tarball and git deps) win over the key. Entries
 * marked `dev: true` (v5/v6) are skipped, as Trivy does by default; v9 does not mark dev-ness.
 */
import { parseYamlMapping } from './yaml-doc.ts';
import type { CatalogOutput, PackageDraft } from '../types.ts';
import { splitScope } from './paths.ts';

/** Parses a `packages` key into name and version, or undefined when it has no plain version. */
export function parsePnpmKey(key: string, lockVersion: number): { name: string; version: string } | undefined {
  let k = key.startsWith('/') ? key.slice(1) : key;
  const paren = k.indexOf('(');
  if (paren !== -1) k = k.slice(0, paren);
  if (lockVersion >= 6) {
    const at = k.indexOf('@', 1);
    if (at <= 0) return undefined;
    return { name: k.slice(0, at), version: k.slice(at + 1) };
  }
  const slash = k.lastIndexOf('/');
  if (slash <= 0) return undefined;
  const underscore = k.indexOf('_', slash);
  return { name: k.slice(0, slash), version: k.slice(slash + 1, underscore === -1 ? undefined : underscore) };
}

export function parsePnpmLock(text: string, path: string): CatalogOutput {
  const parsed = parseYamlMapping(text, path);
  if ('error' in parsed) return parsed.error;
  const { lockfileVersion, packages } = parsed.doc;
  const lockVersion = Number.parseFloat(String(lockfileVersion));
  if (!Number.isFinite(lockVersion)) {
    return { diagnostics: [{ level: 'warning', code: 'npm-lockfile-malformed', message: `${path}: no lockfileVersion`, path }] };
  }
  const out: PackageDraft[] = [];
  const seen = new Set<string>();
  if (packages === null || typeof packages !== 'object') return { packages: out };
  for (const [key, value] of Object.entries(packages)) {
    const entry = (value !== null && typeof value === 'object' ? value : {}) as Record<string, unknown>;
    if (entry.dev === true) continue;
    const fromKey = parsePnpmKey(key, lockVersion);
    const name = typeof entry.name === 'string' ? entry.name : fromKey?.name;
    const version = typeof entry.version === 'string' ? entry.version : fromKey?.version;
    if (!name || !version || /^(link|file|workspace):/.test(version)) continue;
    const id = `${name}@${version}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ type: 'npm', ...splitScope(name), version, metadata: { lockfile: true } });
  }
  return { packages: out };
}
