/**
 * Secret scanning speed: `secretScanner.scanFile` over every file of big-mixed's layer dirs
 * ($TESTBED_OUT/layers/big-mixed/NN, 764 MB raw: Debian + build-essential, python3, nodejs, npm,
 * git), as the layer walker would call it (wants.predicate, then accept on the first 512 bytes),
 * and over adversarial inputs built to stall backtracking regex engines. Files are read into memory
 * first: the figures are scanning only, not I/O. A second row scans every text file with the
 * path skips off, to show what the skips save. Each row is the best of RUNS runs, in process CPU
 * time (user + system, `process.cpuUsage`) as well as wall time, because the shared 2-core
 * machine is often loaded and wall time then measures the neighbours. MiB/s is on CPU time.
 * Prints a table; never run by tests.
 */
import { existsSync, lstatSync, readFileSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { FileMeta } from '../src/image/types.ts';
import { findSecrets } from '../src/checks/secret/engine.ts';
import { secretScanner } from '../src/checks/secret/scanner.ts';

const TESTBED = process.env.TESTBED_OUT ?? join(homedir(), '.cache', 'reins-testbed');
const MB = 1024 * 1024;

const RUNS = 3;

interface Row {
  input: string;
  files: number;
  mib: number;
  /** CPU ms (user + system). */
  ms: number;
  wallMs: number;
  findings: number;
}

/** Best of RUNS runs of `fn`, by CPU time. */
function best(fn: () => Omit<Row, 'ms' | 'wallMs'>): Row {
  let out: Row | undefined;
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    const r = fn();
    const wallMs = performance.now() - w0;
    const c = process.cpuUsage(c0);
    const ms = (c.user + c.system) / 1000;
    if (!out || ms < out.ms) out = { ...r, ms, wallMs };
  }
  return out!;
}

function loadLayerFiles(image: string): { meta: FileMeta; content: Buffer }[] {
  const root = join(TESTBED, 'layers', image);
  const out: { meta: FileMeta; content: Buffer }[] = [];
  const walk = (abs: string, rel: string): void => {
    for (const name of readdirSync(abs)) {
      const a = join(abs, name);
      const st = lstatSync(a);
      const path = `${rel}/${name}`;
      if (st.isDirectory()) walk(a, path);
      else if (st.isFile() && !name.startsWith('.wh.') && st.size > 0 && st.size <= secretScanner.wants.maxBytes) {
        out.push({ meta: { path, type: 'file', mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, size: st.size }, content: readFileSync(a) });
      }
    }
  };
  for (const d of readdirSync(root).filter((x) => /^\d\d$/.test(x))) walk(join(root, d), '');
  return out;
}

function scanAll(input: string, files: { meta: FileMeta; content: Buffer }[], skips: boolean): Omit<Row, 'ms' | 'wallMs'> {
  const w = secretScanner.wants;
  let n = 0;
  let bytes = 0;
  let findings = 0;
  for (const f of files) {
    if (skips && w.predicate && !w.predicate(f.meta)) continue;
    if (w.accept && !w.accept(f.content.subarray(0, 512))) continue;
    n++;
    bytes += f.content.length;
    findings += skips ? secretScanner.scanFile(f).length : findSecrets(f.content.toString('latin1'), f.meta.path, 'file').length;
  }
  return { input, files: n, mib: bytes / MB, findings };
}

const dashes = '-'.repeat(5);
const ADVERSARIAL: [string, () => string][] = [
  ['1 MiB of "a"', () => 'a'.repeat(MB)],
  ['1 MiB of keyword spam', () => 'AKIA ghp_ glpat- xoxb- sk_live_ npm_ eyJ :// private key accountkey secret_access_key '.repeat(MB / 96)],
  ['BEGIN PRIVATE KEY x10k, no END', () => `${dashes}BEGIN RSA PRIVATE KEY${dashes}\n${'QUJD'.repeat(16)}\n`.repeat(10000)],
  ['almost-URL, 400 KB userinfo', () => 'https://' + 'a:'.repeat(200000) + 'b'],
  ['almost-JWT, 600 KB', () => 'eyJ' + 'a'.repeat(300000) + '.eyJ' + 'b'.repeat(300000) + '!'],
  ['1 MiB of AKIA', () => 'AKIA'.repeat(MB / 4)],
  ['20k near-miss ghp_ tokens', () => ('ghp_' + 'x'.repeat(35) + ' ').repeat(20000)],
];

function table(rows: Row[]): void {
  console.log('  ' + ['input'.padEnd(48), 'files'.padStart(6), 'MiB'.padStart(6), 'cpu ms'.padStart(7), 'wall ms'.padStart(8), 'MiB/s'.padStart(6), 'findings'.padStart(8)].join(' '));
  for (const r of rows) {
    const rate = r.ms > 0 ? r.mib / (r.ms / 1000) : 0;
    console.log(
      '  ' +
        [r.input.padEnd(48), String(r.files).padStart(6), r.mib.toFixed(1).padStart(6), r.ms.toFixed(0).padStart(7), r.wallMs.toFixed(0).padStart(8), rate.toFixed(1).padStart(6), String(r.findings).padStart(8)].join(' '),
    );
  }
}

export async function main(): Promise<void> {
  const rows: Row[] = [];
  // Warm-up: compile the rules once outside the timings.
  secretScanner.scanFile({ meta: { path: '/x', type: 'file', mode: 0o644, uid: 0, gid: 0, size: 1 }, content: Buffer.from('x') });
  if (existsSync(join(TESTBED, 'layers', 'big-mixed'))) {
    const files = loadLayerFiles('big-mixed');
    const total = files.reduce((n, f) => n + f.content.length, 0);
    console.log(`  big-mixed: ${files.length} regular files, ${(total / MB).toFixed(0)} MiB in its layer dirs`);
    rows.push(best(() => scanAll('big-mixed, as wired (wants + accept + scanFile)', files, true)));
    rows.push(best(() => scanAll('big-mixed, every text file (no path skips)', files, false)));
  } else {
    console.log(`  big-mixed layers not found under ${TESTBED}: build the testbed`);
  }
  for (const [name, make] of ADVERSARIAL) {
    const text = make();
    rows.push(best(() => ({ input: name, files: 1, mib: text.length / MB, findings: findSecrets(text, '/adversarial', 'file').length })));
  }
  table(rows);
}

if (import.meta.main) await main();
