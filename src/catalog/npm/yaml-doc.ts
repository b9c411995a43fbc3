/**
 * @module catalog/npm/yaml-doc
 * Parses a YAML lockfile (pnpm-lock.yaml, yarn berry's yarn.lock) into a mapping, or the diagnostic
 * saying why not. Aliases are capped: a lockfile in an image is hostile input ("billion laughs").
 */
import { parse as parseYaml } from 'yaml';
import type { CatalogOutput } from '../types.ts';

export function parseYamlMapping(text: string, path: string): { doc: Record<string, unknown> } | { error: CatalogOutput } {
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 100 });
  } catch (err) {
    const message = `${path}: invalid YAML (${err instanceof Error ? err.message.split('\n')[0] : 'unknown'})`;
    return { error: { diagnostics: [{ level: 'warning', code: 'npm-lockfile-malformed', message, path }] } };
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return { error: { diagnostics: [{ level: 'warning', code: 'npm-lockfile-malformed', message: `${path}: not a mapping`, path }] } };
  }
  return { doc: doc as Record<string, unknown> };
}
