/**
 * @module version/peer-check
 * Test support: asks a real peer tool (`dpkg --compare-versions`, `rpm --eval`) for the order of many
 * pairs at once. Each chunk of pairs becomes one `sh` script on stdin that prints one line per pair,
 * and the chunks run in parallel, so thousands of pairs cost seconds rather than one spawn per test.
 * Imported only by tests.
 */
import { spawn, spawnSync } from 'node:child_process';

/** True when `cmd` can be run (looked up on PATH). */
export function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Wraps a string in single quotes for sh. */
export function shQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

function runScript(script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-s'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`sh exited ${code}: ${err}`))));
    child.stdin.end(script);
  });
}

/**
 * Runs `line(pair)` (an sh snippet that prints exactly one line) for every pair, in `chunks` parallel
 * shells, and returns the printed lines in pair order.
 */
export async function askPeer<T>(pairs: readonly T[], line: (pair: T) => string, chunks = 8): Promise<string[]> {
  const size = Math.ceil(pairs.length / chunks) || 1;
  const jobs: Array<Promise<string>> = [];
  for (let i = 0; i < pairs.length; i += size) {
    jobs.push(runScript(pairs.slice(i, i + size).map(line).join('\n') + '\n'));
  }
  const outs = await Promise.all(jobs);
  return outs.flatMap((o) => o.split('\n').filter((l) => l.length > 0));
}
