/**
 * @module cli/commands/db
 * `reins db update|import|export|status`: manage the local vulnerability database
 * (see src/vuln/db/). Only `db update` and URL inputs of `--kev`/`--epss` touch the network.
 */
import { UsageError } from '../../common/errors.ts';
import type { Diagnostic } from '../../common/diagnostic.ts';
import {
  DEFAULT_BASE_URL,
  dbStatus,
  defaultDbPath,
  exportDb,
  importEpss,
  importKev,
  importOsv,
  updateDb,
} from '../../vuln/index.ts';
import { parse } from '../args.ts';
import type { CommandContext } from '../types.ts';

/** Ecosystems `db update` fetches when no `--ecosystem` is given (OSV bucket folder names). */
export const DEFAULT_ECOSYSTEMS = [
  'AlmaLinux', 'Alpine', 'Debian', 'Go', 'Maven', 'NuGet', 'Packagist', 'PyPI',
  'Red Hat', 'Rocky Linux', 'RubyGems', 'Ubuntu', 'crates.io', 'npm',
] as const;

const USAGE = `reins db update [--base-url URL] [--ecosystem E]... [--kev URL|PATH] [--epss URL|PATH] [--offline] [--timeout SECONDS] [--db PATH]
       reins db import PATH   (directory of OSV JSON, OSV all.zip, one .json record, or a file from 'reins db export')
       reins db export FILE [--db PATH]
       reins db status [--format table|json] [--db PATH]
Database: --db, else $REINS_CACHE_DIR/db/reins.db, $XDG_CACHE_HOME/reins/db/reins.db, ~/.cache/reins/db/reins.db.
Base URL: --base-url, else $REINS_DB_BASE_URL, else ${DEFAULT_BASE_URL}.`;

function reportDiagnostics(ctx: CommandContext, diagnostics: Diagnostic[]): void {
  if (diagnostics.length === 0) return;
  ctx.stderr.write(`warning: ${diagnostics.length} input problem(s) skipped\n`);
  for (const d of diagnostics.slice(0, 10)) ctx.stderr.write(`  ${d.message}\n`);
  if (diagnostics.length > 10) ctx.stderr.write(`  … and ${diagnostics.length - 10} more\n`);
}

function mb(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

async function update(ctx: CommandContext, argv: string[]): Promise<number> {
  const { values, positionals } = parse('db update', argv, {
    'base-url': { type: 'string' },
    ecosystem: { type: 'string', multiple: true },
    kev: { type: 'string' },
    epss: { type: 'string' },
    offline: { type: 'boolean' },
    timeout: { type: 'string' },
    db: { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`reins db update: unexpected argument "${positionals[0]}" (see 'reins db --help')`);
  const dbPath = values.db ?? defaultDbPath(ctx.env);
  const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout) * 1000;
  if (timeoutMs !== undefined && !(timeoutMs > 0)) throw new UsageError(`reins db update: --timeout "${values.timeout}" is not a positive number of seconds`);
  const summary = await updateDb({
    baseUrl: values['base-url'] ?? ctx.env.REINS_DB_BASE_URL ?? DEFAULT_BASE_URL,
    ecosystems: values.ecosystem ?? [...DEFAULT_ECOSYSTEMS],
    dbPath,
    ...(values.offline ? { offline: true } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  });
  for (const s of summary.sources) {
    ctx.stdout.write(`${s.name}: ${s.status}${s.records !== undefined ? ` (${s.records} records)` : ''}\n`);
  }
  reportDiagnostics(ctx, summary.diagnostics);
  const fetchOpts = timeoutMs !== undefined ? { dbPath, timeoutMs } : { dbPath };
  if (values.kev && !values.offline) {
    const kev = await importKev(values.kev, fetchOpts);
    ctx.stdout.write(`kev: ${kev.records} entries\n`);
    reportDiagnostics(ctx, kev.diagnostics);
  }
  if (values.epss && !values.offline) {
    const epss = await importEpss(values.epss, fetchOpts);
    ctx.stdout.write(`epss: ${epss.records} scores\n`);
    reportDiagnostics(ctx, epss.diagnostics);
  }
  return 0;
}

async function importCommand(ctx: CommandContext, argv: string[]): Promise<number> {
  const { values, positionals } = parse('db import', argv, { db: { type: 'string' }, source: { type: 'string' } });
  const input = positionals[0];
  if (input === undefined || positionals.length > 1) throw new UsageError("reins db import: expected exactly one PATH (see 'reins db --help')");
  const s = await importOsv(input, { dbPath: values.db ?? defaultDbPath(ctx.env), ...(values.source ? { source: values.source } : {}) });
  ctx.stdout.write(`imported ${s.records} records from ${input} into ${s.dbPath}${s.skipped ? ` (${s.skipped} skipped)` : ''}\n`);
  reportDiagnostics(ctx, s.diagnostics);
  return 0;
}

async function exportCommand(ctx: CommandContext, argv: string[]): Promise<number> {
  const { values, positionals } = parse('db export', argv, { db: { type: 'string' } });
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) throw new UsageError("reins db export: expected exactly one FILE (see 'reins db --help')");
  const dbPath = values.db ?? defaultDbPath(ctx.env);
  await exportDb(file, { dbPath });
  ctx.stdout.write(`exported ${dbPath} to ${file}\n`);
  return 0;
}

async function status(ctx: CommandContext, argv: string[]): Promise<number> {
  const { values, positionals } = parse('db status', argv, { format: { type: 'string', short: 'f' }, db: { type: 'string' } });
  if (positionals.length > 0) throw new UsageError(`reins db status: unexpected argument "${positionals[0]}"`);
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format "${format}": reins db status supports table, json`, 'E_USAGE_UNKNOWN_FORMAT');
  const s = dbStatus({ dbPath: values.db ?? defaultDbPath(ctx.env) });
  if (format === 'json') {
    ctx.stdout.write(`${JSON.stringify({ ...s, ageDays: Number.isFinite(s.ageDays) ? s.ageDays : null }, null, 2)}\n`);
    return 0;
  }
  const age = Number.isFinite(s.ageDays) ? `${s.ageDays.toFixed(1)} days` : 'no OSV source';
  const lines = [
    `database:  ${s.path} (${mb(s.sizeBytes)}, schema ${s.schemaVersion})`,
    `content:   ${s.contentHash}`,
    `records:   ${s.records} (${s.withdrawn} withdrawn), KEV ${s.kev}, EPSS ${s.epss}`,
    `age:       ${age}`,
    'sources:',
    ...s.sources.map((src) => `  ${src.name.padEnd(24)} ${String(src.records).padStart(8)}  ${src.updatedAt}  ${src.url ?? ''}`.trimEnd()),
  ];
  ctx.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

export const dbCommand = {
  name: 'db',
  summary: 'Manage the local vulnerability database (update, import, export, status)',
  usage: USAGE,
  async run(ctx: { argv: string[]; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; env: NodeJS.ProcessEnv }): Promise<number> {
    const c: CommandContext = { ...ctx, isTTY: false };
    const [sub, ...rest] = ctx.argv;
    switch (sub) {
      case 'update':
        return update(c, rest);
      case 'import':
        return importCommand(c, rest);
      case 'export':
        return exportCommand(c, rest);
      case 'status':
        return status(c, rest);
      case '--help':
      case '-h':
      case 'help':
        ctx.stdout.write(`${USAGE}\n`);
        return 0;
      case undefined:
        throw new UsageError("reins db: expected a subcommand: update, import, export or status (see 'reins db --help')");
      default:
        throw new UsageError(`reins db: unknown subcommand "${sub}" (expected update, import, export or status)`);
    }
  },
} as const;
