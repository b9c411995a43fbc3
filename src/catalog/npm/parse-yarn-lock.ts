/**
 * @module catalog/npm/parse-yarn-lock
 * `yarn.lock` in both formats:
 * - v1 (Yarn classic, https://classic.yarnpkg.com/en/docs/yarn-lock): a YAML-like text of
 *   `"spec", "spec":` headers followed by two-space indented `version "1.2.3"` fields;
 *   parsed here line by line (no library is well kept for it).
 * - Berry (Yarn 2+, https://yarnpkg.com/configuration/yarnrc): real YAML with a `__metadata`
 *   key; each entry has `version` and `resolution: name@npm:1.2.3`. Workspace, link and portal
 *   entries are skipped (they are the project itself).
 * Yarn lockfiles do not record dev-ness, so dev dependencies are reported too.
 */
import { parseYamlMapping } from './yaml-doc.ts';
import type { CatalogOutput, PackageDraft } from '../types.ts';
import { splitScope } from './paths.ts';

const MAX_PACKAGES = 200_000;

/** `@s/a@^1` → `@s/a`; `alias@npm:real@^1` → `real`. */
export function nameFromSpec(spec: string): string | undefined {
  const at = spec.indexOf('@', 1);
  if (at <= 0) return undefined;
  const rest = spec.slice(at + 1);
  if (rest.startsWith('npm:')) {
    const real = rest.slice(4);
    const realAt = real.indexOf('@', 1);
    if (realAt > 0) return real.slice(0, realAt);
  }
  return spec.slice(0, at);
}

function unquote(s: string): string {
  const t = s.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

function draft(name: string, version: string): PackageDraft {
  return { type: 'npm', ...splitScope(name), version, metadata: { lockfile: true } };
}

function parseV1(text: string): PackageDraft[] {
  const out: PackageDraft[] = [];
  const seen = new Set<string>();
  let current: string | undefined;
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    if (!line.startsWith(' ')) {
      // Header: one or more specs separated by ", " and ended by ":".
      const header = line.trimEnd();
      const first = header.endsWith(':') ? header.slice(0, -1).split(',')[0] : undefined;
      current = first === undefined ? undefined : nameFromSpec(unquote(first));
      continue;
    }
    if (current === undefined || !line.startsWith('  version ')) continue;
    const version = unquote(line.slice('  version '.length));
    const key = `${current}@${version}`;
    if (version !== '' && !seen.has(key) && out.length < MAX_PACKAGES) {
      seen.add(key);
      out.push(draft(current, version));
    }
    current = undefined;
  }
  return out;
}

function parseBerry(doc: Record<string, unknown>): PackageDraft[] {
  const out: PackageDraft[] = [];
  const seen = new Set<string>();
  for (const [key, entry] of Object.entries(doc)) {
    if (key === '__metadata' || entry === null || typeof entry !== 'object') continue;
    const { version, resolution, linkType } = entry as Record<string, unknown>;
    if (typeof version !== 'string' || typeof resolution !== 'string' || linkType === 'soft') continue;
    const at = resolution.indexOf('@', 1);
    if (at <= 0) continue;
    const protocol = resolution.slice(at + 1);
    if (/^(workspace|link|portal|file):/.test(protocol)) continue;
    const name = resolution.slice(0, at);
    const id = `${name}@${version}`;
    if (seen.has(id) || out.length >= MAX_PACKAGES) continue;
    seen.add(id);
    out.push(draft(name, version));
  }
  return out;
}

export function parseYarnLock(text: string, path: string): CatalogOutput {
  if (/^__metadata:/m.test(text)) {
    const parsed = parseYamlMapping(text, path);
    return 'error' in parsed ? parsed.error : { packages: parseBerry(parsed.doc) };
  }
  return { packages: parseV1(text) };
}
