/**
 * @module report
 * The output-format registry: `--format <name>` → Formatter. A plain literal (sorted, explicit
 * imports, no self-registration); `FormatName` is derived from it. `getFormat` is the access layer
 * the CLI and server use: it rejects unknown names and formats the command cannot produce.
 */
import { UsageError } from '../common/errors.ts';
import { cyclonedxFormat } from './cyclonedx/index.ts';
import { jsonFormat } from './json/index.ts';
import { junitFormat } from './junit/index.ts';
import { markdownFormat } from './markdown/index.ts';
import { sarifFormat } from './sarif/index.ts';
import { spdxJsonFormat } from './spdx-json/index.ts';
import { tableFormat } from './table/index.ts';
import type { Command, Formatter } from './types.ts';

export const formats = {
  cyclonedx: cyclonedxFormat,
  json: jsonFormat,
  junit: junitFormat,
  markdown: markdownFormat,
  sarif: sarifFormat,
  'spdx-json': spdxJsonFormat,
  table: tableFormat,
} as const satisfies Record<string, Formatter>;

export type FormatName = keyof typeof formats;

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(formats, name);
}

/** Names of the formats a command accepts, sorted. */
export function formatNamesFor(command: Command): FormatName[] {
  return (Object.keys(formats) as FormatName[]).filter((n) => (formats[n].commands as readonly Command[]).includes(command));
}

/**
 * The formatter for `--format <name>` of `reins <command>`.
 * @throws UsageError `E_USAGE_UNKNOWN_FORMAT` naming the valid formats, when the name is unknown or
 * the command cannot produce it (e.g. `sbom --format sarif`).
 */
export function getFormat(name: string, command: Command): Formatter {
  const valid = formatNamesFor(command);
  if (!isFormatName(name)) {
    throw new UsageError(`unknown format '${name}' for reins ${command}: use one of ${valid.join(', ')}`, 'E_USAGE_UNKNOWN_FORMAT');
  }
  const f: Formatter = formats[name];
  if (!f.commands.includes(command)) {
    throw new UsageError(`format '${name}' is not available for reins ${command}: use one of ${valid.join(', ')}`, 'E_USAGE_UNKNOWN_FORMAT');
  }
  return f;
}

export type { Command, Formatter, RenderInput } from './types.ts';
