#!/usr/bin/env node
// Entry for the `reins` bin: runs the TypeScript CLI with Node's type stripping (Node >= 22.18 / 24).
// The compile cache keeps V8's compiled code between runs: start-up matters for a tool run per CI job.
import { enableCompileCache } from 'node:module';

enableCompileCache?.();
const { main } = await import('../src/cli/main.ts');

process.exitCode = await main({
  argv: process.argv.slice(2),
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  isTTY: process.stderr.isTTY === true,
});
