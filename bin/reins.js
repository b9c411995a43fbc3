#!/usr/bin/env node
// Entry for the `reins` bin: runs the TypeScript CLI with Node's type stripping (Node >= 22.18 / 24).
import { enableCompileCache } from 'node:module';

// Two V8 heap settings, made at start-up, so the process re-executes itself once with them:
// - a small young generation makes V8 collect the short-lived wrappers of stream chunks early,
//   which frees the layer bytes they hold: peak memory on a 764 MB image drops from ~290-380 MB to
//   ~260 MB for the same CPU;
// - a 64 MB initial old generation: V8 counts the layer chunks (ArrayBuffers, ~1 GB on big-mixed)
//   against a tiny initial old-generation limit and ran ~60 full mark-compacts per big scan to free
//   them; with 64 MB it runs ~27, for ~0.5-1 s less CPU on big-mixed and +10-30 MB of peak RSS.
// Tried: --external-memory-accounted-in-global-limit cut the full mark-compacts of a big-mixed OCI scan
// 32 -> 13 and user CPU by ~0.4 s, but peak RSS rose 205-222 -> 260-296 MB (314-361 MB without the
// 64 MB initial old generation), too near the 300 MB limit, and wall time did not clearly drop.
// The second start costs 50-150 ms, so a small local image is scanned without it (src/cli/heap-flags.ts).
const HEAP_FLAGS = ['--max-semi-space-size=4', '--initial-old-space-size=64'];

// The compile cache keeps V8's compiled code between runs: start-up matters for a tool run per CI job.
enableCompileCache?.();

if (!process.execArgv.includes(HEAP_FLAGS[0]) && typeof process.execve === 'function' && !process.env.REINS_NO_REEXEC) {
  const { needsHeapFlags } = await import('../src/cli/heap-flags.ts');
  if (needsHeapFlags(process.argv.slice(2))) {
    process.execve(process.execPath, [process.execPath, ...HEAP_FLAGS, ...process.execArgv, import.meta.filename, ...process.argv.slice(2)], process.env);
  }
}
const { main } = await import('../src/cli/main.ts');

process.exitCode = await main({
  argv: process.argv.slice(2),
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  isTTY: process.stderr.isTTY === true,
});
