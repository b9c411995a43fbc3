/**
 * @module catalog/npm/parse-package-json
 * One `package.json` → one package (name, version, licenses). The `license` field is an SPDX
 * expression string, a legacy `{ type }` object, or the legacy `licenses` array
 * (https://docs.npmjs.com/cli/v10/configuring-npm/package-json#license).
 */
import type { CatalogOutput, PackageDraft } from '../types.ts';
import { splitScope } from './paths.ts';

/** Reads the license field(s) in any of the three shapes npm has accepted over time. */
export function readLicenses(manifest: Record<string, unknown>): string[] {
  const out: string[] = [];
  const take = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.trim() !== '') out.push(value.trim());
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const type = (value as Record<string, unknown>).type;
      if (typeof type === 'string' && type.trim() !== '') out.push(type.trim());
    }
  };
  take(manifest.license);
  if (Array.isArray(manifest.licenses)) for (const l of manifest.licenses.slice(0, 32)) take(l);
  return out;
}

export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * @param kind `installed` for a manifest inside a module dir, `project` for an application's own
 *   package.json (reported like Trivy does, marked `metadata.project`).
 */
export function parsePackageJson(text: string, path: string, kind: 'installed' | 'project'): CatalogOutput {
  const manifest = parseJsonObject(text);
  if (!manifest) {
    return { diagnostics: [{ level: 'warning', code: 'npm-package-json-malformed', message: `${path}: not a JSON object`, path }] };
  }
  const { name, version } = manifest;
  // Manifests without both fields are not packages (e.g. `{ "type": "module" }` marker files).
  if (typeof name !== 'string' || typeof version !== 'string' || name === '' || version === '') return {};
  const draft: PackageDraft = { type: 'npm', ...splitScope(name), version };
  const licenses = readLicenses(manifest);
  if (licenses.length > 0) draft.licenses = licenses;
  if (kind === 'project') draft.metadata = { project: true };
  return { packages: [draft] };
}
