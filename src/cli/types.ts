/**
 * @module cli/types
 * What every `reins <command>` gets and returns. Commands return an exit code (0 ok, 1 policy
 * failed / findings over the threshold) and throw ReinsError for errors (main.ts maps them to 2).
 */
export interface CommandContext {
  argv: string[];
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** stderr is a terminal: show progress. */
  isTTY: boolean;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(ctx: CommandContext): Promise<number>;
}
