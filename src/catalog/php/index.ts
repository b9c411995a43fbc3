/**
 * @module catalog/php
 * PHP Composer packages installed in a project: `vendor/composer/installed.json`, written by
 * Composer on install. Composer 1 writes a JSON array of packages; Composer 2 writes
 * `{ "packages": [...], "dev": bool, "dev-package-names": [...] }`
 * (https://getcomposer.org/doc/07-runtime.md#installed-versions, schema of a package entry:
 * https://getcomposer.org/doc/04-schema.md). `vendor/name` → namespace `vendor`, name `name`;
 * version as declared (`v5.4.0` keeps its `v`). Dev packages (Composer 2 `dev-package-names`) are
 * reported and marked `metadata.dev`.
 *
 * Known limits: `composer.lock` is not read (Trivy's image scan reads installed.json only).
 */
import type { Cataloger, CatalogFile, CatalogOutput, PackageDraft } from '../types.ts';

const MAX_PACKAGES = 100_000;

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value.slice(0, MAX_PACKAGES) : [];
}

function licensesOf(entry: Record<string, unknown>): string[] {
  const { license } = entry;
  if (typeof license === 'string') return [license];
  return asArray(license).filter((l): l is string => typeof l === 'string' && l !== '');
}

export function parseInstalledJson(text: string, path: string): CatalogOutput {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { diagnostics: [{ level: 'warning', code: 'php-installed-json-malformed', message: `${path}: not JSON`, path }] };
  }
  const isV2 = doc !== null && typeof doc === 'object' && !Array.isArray(doc);
  const entries = isV2 ? asArray((doc as Record<string, unknown>).packages) : asArray(doc);
  if (!Array.isArray(doc) && !(isV2 && Array.isArray((doc as Record<string, unknown>).packages))) {
    return { diagnostics: [{ level: 'warning', code: 'php-installed-json-malformed', message: `${path}: no package list`, path }] };
  }
  const dev = new Set(isV2 ? asArray((doc as Record<string, unknown>)['dev-package-names']) : []);
  const packages: PackageDraft[] = [];
  for (const raw of entries) {
    if (raw === null || typeof raw !== 'object') continue;
    const entry = raw as Record<string, unknown>;
    const { name, version } = entry;
    if (typeof name !== 'string' || typeof version !== 'string' || name === '' || version === '') continue;
    const slash = name.indexOf('/');
    const draft: PackageDraft =
      slash > 0 ? { type: 'composer', namespace: name.slice(0, slash), name: name.slice(slash + 1), version } : { type: 'composer', name, version };
    const licenses = licensesOf(entry);
    if (licenses.length > 0) draft.licenses = licenses;
    if (dev.has(name)) draft.metadata = { dev: true };
    packages.push(draft);
  }
  return { packages };
}

export const phpCataloger = {
  id: 'php',
  title: 'PHP Composer packages (vendor/composer/installed.json)',
  specUrls: ['https://getcomposer.org/doc/07-runtime.md#installed-versions', 'https://getcomposer.org/doc/04-schema.md'],
  version: 1,
  kind: 'language',
  wants: { suffixes: ['/vendor/composer/installed.json'], maxBytes: 64 * 1024 * 1024 },
  parse(file: CatalogFile): CatalogOutput {
    return parseInstalledJson(file.content.toString('utf8'), file.meta.path);
  },
} as const satisfies Cataloger;
