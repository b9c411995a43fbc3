/**
 * @module cli/args
 * Flag parsing shared by the commands (node:util parseArgs, strict: an unknown flag is a usage error).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../common/errors.ts';
import type { PlatformSelector } from '../image/types.ts';
import type { ScanOptions } from '../scan/index.ts';

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(command: string, argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new UsageError(`reins ${command}: ${msg} (see 'reins ${command} --help')`, 'E_USAGE_UNKNOWN_FLAG');
  }
}

/** `linux/arm64/v8`, `linux/amd64`, `all`, or undefined for the host platform. */
export function parsePlatform(value: string | undefined): PlatformSelector {
  if (value === undefined) return { kind: 'host' };
  if (value === 'all') return { kind: 'all' };
  const [os, architecture, variant, ...rest] = value.split('/');
  if (!os || !architecture || rest.length) {
    throw new UsageError(`--platform "${value}": expected OS/ARCH[/VARIANT] (e.g. linux/amd64, linux/arm64/v8) or "all"`);
  }
  return { kind: 'exact', platform: { os, architecture, ...(variant && { variant }) } };
}

export function oneImage(command: string, positionals: string[]): string {
  if (positionals.length !== 1) {
    throw new UsageError(`reins ${command}: expected exactly one IMAGE argument, got ${positionals.length} (see 'reins ${command} --help')`);
  }
  return positionals[0]!;
}

export const imageFlags = {
  platform: { type: 'string' },
  insecure: { type: 'boolean' },
  username: { type: 'string' },
  password: { type: 'string' },
  'no-cache': { type: 'boolean' },
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Scan options shared by sbom, scan and check, from the `imageFlags` values. */
export function imageScanOptions(values: {
  platform?: string | undefined;
  insecure?: boolean | undefined;
  username?: string | undefined;
  password?: string | undefined;
  'no-cache'?: boolean | undefined;
}): Pick<ScanOptions, 'platform' | 'insecure' | 'username' | 'password' | 'cache'> {
  return {
    platform: parsePlatform(values.platform),
    ...(values.insecure && { insecure: true }),
    ...(values.username !== undefined && { username: values.username }),
    ...(values.password !== undefined && { password: values.password }),
    ...(values['no-cache'] && { cache: false }),
  };
}
