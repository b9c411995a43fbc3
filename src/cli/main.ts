#!/usr/bin/env node
/**
 * @module cli/main
 * The only place that touches process.exitCode. Exit codes: 0 ok; 1 policy failed or findings at or
 * above --fail-on; 2 usage, input or integrity error (an internal error also exits 2, saying it is a bug).
 */
import { EXIT, toReinsError } from '../common/errors.ts';
import type { Command, CommandContext } from './types.ts';
import { VERSION } from '../scan/version.ts';

/** Commands load lazily: `reins sbom` never pays for the policy engine or the vulnerability database. */
const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  check: { summary: "Evaluate an image against the security team's policy (exit 1 when it fails)", load: async () => (await import('./commands/check.ts')).checkCommand },
  db: { summary: 'Manage the OSV vulnerability database (update, import, export, status)', load: async () => (await import('./commands/db.ts')).dbCommand },
  sbom: { summary: 'List every package in an image (table, json, cyclonedx, spdx-json)', load: async () => (await import('./commands/sbom.ts')).sbomCommand },
  scan: { summary: 'Scan an image (or an SBOM) for vulnerabilities, secrets and misconfigurations', load: async () => (await import('./commands/scan.ts')).scanCommand },
};

function help(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(8)}${c.summary}`);
  return `reins ${VERSION}: container security — the security team holds the reins

Usage: reins <command> [flags]

Commands:
${lines.join('\n')}
  version  Print the version

Exit codes: 0 ok; 1 policy failed / findings over threshold; 2 usage or input error.
Run 'reins <command> --help' for a command's flags.
`;
}

export async function main(ctx: CommandContext): Promise<number> {
  const [name, ...rest] = ctx.argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    ctx.stdout.write(help());
    return name === undefined ? EXIT.error : EXIT.ok;
  }
  if (name === 'version' || name === '--version') {
    ctx.stdout.write(`reins ${VERSION}\n`);
    return EXIT.ok;
  }
  const entry = commands[name];
  if (!entry) {
    ctx.stderr.write(`reins: unknown command "${name}" (commands: ${Object.keys(commands).join(', ')}, version)\n`);
    return EXIT.error;
  }
  try {
    const command = await entry.load();
    return await command.run({ ...ctx, argv: rest });
  } catch (err) {
    const e = toReinsError(err);
    const hint = e.code === 'E_INTERNAL' ? ' (this is a bug in reins: please report it with the command you ran)' : '';
    ctx.stderr.write(`reins ${name}: ${e.code}: ${e.message}${hint}\n`);
    if (ctx.env.REINS_DEBUG && err instanceof Error && err.stack) ctx.stderr.write(`${err.stack}\n`);
    return e.exitCode;
  }
}

if (import.meta.main) {
  process.exitCode = await main({
    argv: process.argv.slice(2),
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    isTTY: process.stderr.isTTY === true,
  });
}
