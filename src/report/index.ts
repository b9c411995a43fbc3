/**
 * @module report
 * The output-format registry: `--format <name>` → Formatter. A plain literal (sorted, explicit
 * imports, no self-registration); `FormatName` is derived from it. `getFormat` is the access layer
 * the CLI and server use: it rejects unknown names and formats the command cannot produce.
 */
import { UsageError } from '../common/errors.ts';
import type { Command, Formatter } from './types.ts';

/**
 * Each format's module loads only when chosen: `--format json` never pays the ~60 ms start-up of
 * the CycloneDX library (which the cyclonedx and spdx-json formats use).
 */
export const formats = {
  cyclonedx: async () => (await import('./cyclonedx/index.ts')).cyclonedxFormat,
  json: async () => (await import('./json/index.ts')).jsonFormat,
  junit: async () => (await import('./junit/index.ts')).junitFormat,
  markdown: async () => (await import('./markdown/index.ts')).markdownFormat,
  sarif: async () => (await import('./sarif/index.ts')).sarifFormat,
  'spdx-json': async () => (await import('./spdx-json/index.ts')).spdxJsonFormat,
  table: async () => (await import('./table/index.ts')).tableFormat,
} as const satisfies Record<string, () => Promise<Formatter>>;

export type FormatName = keyof typeof formats;

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(formats, name);
}

/** Names of the formats a command accepts, sorted (loads every format: for messages and help). */
export async function formatNamesFor(command: Command): Promise<FormatName[]> {
  const names = Object.keys(formats) as FormatName[];
  const loaded = await Promise.all(names.map((n) => formats[n]()));
  return names.filter((_n, i) => (loaded[i]!.commands as readonly Command[]).includes(command));
}

/**
 * The formatter for `--format <name>` of `reins <command>`.
 * @throws UsageError `E_USAGE_UNKNOWN_FORMAT` naming the valid formats, when the name is unknown or
 * the command cannot produce it (e.g. `sbom --format sarif`).
 */
export async function getFormat(name: string, command: Command): Promise<Formatter> {
  if (!isFormatName(name)) {
    throw new UsageError(`unknown format '${name}' for reins ${command}: use one of ${(await formatNamesFor(command)).join(', ')}`, 'E_USAGE_UNKNOWN_FORMAT');
  }
  const f: Formatter = await formats[name]();
  if (!f.commands.includes(command)) {
    throw new UsageError(`format '${name}' is not available for reins ${command}: use one of ${(await formatNamesFor(command)).join(', ')}`, 'E_USAGE_UNKNOWN_FORMAT');
  }
  return f;
}

export type { Command, Formatter, RenderInput } from './types.ts';
