/** Runs a command under /usr/bin/time -v: wall seconds, CPU seconds (user + system) and peak RSS (MiB). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Measurement { ok: boolean; wallS: number; cpuS: number; rssMiB: number; stderr: string }

export function measure(cmd: string[], opts: { shell?: boolean; env?: NodeJS.ProcessEnv } = {}): Measurement {
  const timeFile = join(mkdtempSync(join(tmpdir(), 'reins-time-')), 'time.txt');
  const args = ['-v', '-o', timeFile, ...(opts.shell ? ['sh', '-c', cmd.join(' ')] : cmd)];
  const r = spawnSync('/usr/bin/time', args, { encoding: 'utf8', env: opts.env ?? process.env, maxBuffer: 1 << 28 });
  const txt = readFileSync(timeFile, 'utf8');
  const m = /Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)/.exec(txt);
  const wallS = m ? Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) : NaN;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(txt);
  const user = /User time \(seconds\): ([\d.]+)/.exec(txt);
  const sys = /System time \(seconds\): ([\d.]+)/.exec(txt);
  const cpuS = user && sys ? Number(user[1]) + Number(sys[1]) : NaN;
  return { ok: r.status === 0, wallS, cpuS, rssMiB: rss ? Number(rss[1]) / 1024 : NaN, stderr: r.stderr.slice(-500) };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
