/**
 * @module catalog/dotnet
 * .NET dependencies of a published application: `<app>.deps.json`, the dependency manifest the
 * .NET host reads at start-up (https://github.com/dotnet/runtime/blob/main/docs/design/features/host-probing.md,
 * format: https://github.com/dotnet/sdk/blob/main/documentation/specs/runtime-configuration-file.md).
 * Every `libraries` entry of `"type": "package"` (a NuGet package) is reported; its key is
 * `<name>/<version>`. `project` (the app itself) and `reference` entries are skipped.
 *
 * Known limits: `packages.lock.json`, `*.csproj` and `packages.config` are not read (build-time files);
 * packages listed in `libraries` but trimmed from `targets` are still reported.
 */
import type { Cataloger, CatalogFile, CatalogOutput, PackageDraft } from '../types.ts';

const MAX_LIBRARIES = 100_000;

export function parseDepsJson(text: string, path: string): CatalogOutput {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { diagnostics: [{ level: 'warning', code: 'dotnet-deps-json-malformed', message: `${path}: not JSON`, path }] };
  }
  const libraries = doc !== null && typeof doc === 'object' ? (doc as Record<string, unknown>).libraries : undefined;
  if (libraries === null || typeof libraries !== 'object' || Array.isArray(libraries)) {
    return { diagnostics: [{ level: 'warning', code: 'dotnet-deps-json-malformed', message: `${path}: no "libraries" object`, path }] };
  }
  const packages: PackageDraft[] = [];
  for (const [key, value] of Object.entries(libraries).slice(0, MAX_LIBRARIES)) {
    if (value === null || typeof value !== 'object' || (value as Record<string, unknown>).type !== 'package') continue;
    const slash = key.lastIndexOf('/');
    if (slash <= 0 || slash === key.length - 1) continue;
    packages.push({ type: 'nuget', name: key.slice(0, slash), version: key.slice(slash + 1) });
  }
  return { packages };
}

export const dotnetCataloger = {
  id: 'dotnet',
  title: '.NET packages (*.deps.json)',
  specUrls: [
    'https://github.com/dotnet/sdk/blob/main/documentation/specs/runtime-configuration-file.md',
    'https://github.com/dotnet/runtime/blob/main/docs/design/features/host-probing.md',
  ],
  version: 1,
  kind: 'language',
  wants: { suffixes: ['.deps.json'], maxBytes: 64 * 1024 * 1024 },
  parse(file: CatalogFile): CatalogOutput {
    return parseDepsJson(file.content.toString('utf8'), file.meta.path);
  },
} as const satisfies Cataloger;
