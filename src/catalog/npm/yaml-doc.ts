/**
 * @module catalog/npm/yaml-doc
 * Parses a YAML lockfile (pnpm-lock.yaml, yarn berry's yarn.lock) into a mapping, or the diagnostic
 * saying why not. Aliases are capped: a lockfile in an image is hostile input ("billion laughs").
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { CatalogOutput } from '../types.ts';

/** Loaded on first use (~30 ms of start-up otherwise): most images have no YAML lockfile. */
let yaml: typeof Yaml | undefined;
const load = (): typeof Yaml => (yaml ??= createRequire(import.meta.url)('yaml') as typeof Yaml);

export function parseYamlMapping(text: string, path: string): { doc: Record<string, unknown> } | { error: CatalogOutput } {
  let doc: unknown;
  try {
    doc = load().parse(text, { maxAliasCount: 100 });
  } catch (err) {
    const message = `${path}: invalid YAML (${err instanceof Error ? err.message.split('\n')[0] : 'unknown'})`;
    return { error: { diagnostics: [{ level: 'warning', code: 'npm-lockfile-malformed', message, path }] } };
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return { error: { diagnostics: [{ level: 'warning', code: 'npm-lockfile-malformed', message: `${path}: not a mapping`, path }] } };
  }
  return { doc: doc as Record<string, unknown> };
}
