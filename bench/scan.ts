/**
 * Speed and memory of `reins sbom` on the testbed images against Trivy measured in the same run,
 * and against the floor: merely decompressing the same layers (`cat blobs | gzip -dc`).
 * Targets (issue 2): reins median ≤ 0.5× Trivy; ≤ 1.5× the floor; peak RSS ≤ 300 MiB on big-mixed.
 * For the tiny images, whose floor is shorter than any Node process, one more column (not a target)
 * compares reins with the floor plus a bare `node -e 0` start of the same Node binary.
 * REINS_BENCH_IMAGES=a,b limits images; REINS_BENCH_RUNS sets runs per measurement (default 3).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { IMAGES, TESTBED_OUT, dockerArchive, ociLayout } from '../test/helpers/testbed.ts';
import { measure, median } from './measure.ts';
import { TRIVY_OFFLINE, ensureTrivy, freshTrivyCache } from './peers.ts';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.REINS_BENCH_RUNS ?? 3);

function layerBlobs(image: string): { files: string[]; zstd: boolean } {
  const dir = ociLayout(image);
  const blob = (digest: string): string => join(dir, 'blobs', ...digest.split(':'));
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
  let doc = JSON.parse(readFileSync(blob(index.manifests[0].digest), 'utf8'));
  if (doc.manifests) doc = JSON.parse(readFileSync(blob(doc.manifests[0].digest), 'utf8'));
  const layers = doc.layers as { digest: string; mediaType: string }[];
  return { files: layers.map((l) => blob(l.digest)), zstd: layers.some((l) => l.mediaType.includes('zstd')) };
}

function runs(cmd: string[], opts: { shell?: boolean } = {}) {
  const walls: number[] = [];
  const cpus: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const m = measure(cmd, opts.shell !== undefined ? { shell: opts.shell } : {});
    if (!m.ok) return { ok: false, wall: NaN, cpu: NaN, rss: NaN, err: m.stderr };
    walls.push(m.wallS);
    cpus.push(m.cpuS);
    rss.push(m.rssMiB);
  }
  return { ok: true, wall: median(walls), cpu: median(cpus), rss: Math.max(...rss), err: '' };
}

const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

export async function main(): Promise<void> {
  if (!existsSync(TESTBED_OUT)) {
    console.log(`scan bench: testbed not built at ${TESTBED_OUT}; run ../shared/testbed/build-all.sh`);
    return;
  }
  const trivy = ensureTrivy();
  const nodeStart = runs([process.execPath, '-e', '0']).wall;
  const only = process.env.REINS_BENCH_IMAGES?.split(',');
  const rows: string[][] = [];
  for (const image of IMAGES) {
    if (only && !only.includes(image)) continue;
    const { files, zstd } = layerBlobs(image);
    const floor = runs([`cat ${files.join(' ')} | ${zstd ? 'zstd' : 'gzip'} -dc > /dev/null`], { shell: true });
    const inputs: [string, string][] = [['oci', `oci:${ociLayout(image)}`]];
    if (existsSync(dockerArchive(image))) inputs.push(['docker', dockerArchive(image)]);
    for (const [kind, input] of inputs) {
      const reins = runs([process.execPath, join(ROOT, 'bin', 'reins.js'), 'sbom', input, '--format', 'json', '--no-cache', '--output', '/dev/null']);
      const trivyInput = kind === 'oci' ? ociLayout(image) : input;
      // Every Trivy run gets a fresh cache dir (cold, like reins' --no-cache).
      const trivyWalls: number[] = [];
      const trivyCpus: number[] = [];
      let trivyOk = true;
      for (let i = 0; i < RUNS; i++) {
        const c = freshTrivyCache();
        const m = measure([trivy, 'image', '--input', trivyInput, '--format', 'cyclonedx', ...TRIVY_OFFLINE, '--cache-dir', c, '-o', join(mkdtempSync(join(tmpdir(), 'trivy-out-')), 'sbom.json')]);
        rmSync(c, { recursive: true, force: true });
        if (!m.ok) trivyOk = false;
        trivyWalls.push(m.wallS);
        trivyCpus.push(m.cpuS);
      }
      const tw = trivyOk ? median(trivyWalls) : NaN;
      const tc = trivyOk ? median(trivyCpus) : NaN;
      rows.push([
        image, kind,
        reins.ok ? reins.wall.toFixed(2) : `FAIL ${reins.err.split('\n').filter(Boolean).pop() ?? ''}`,
        trivyOk ? tw.toFixed(2) : 'FAIL',
        reins.ok && trivyOk ? (reins.wall / tw).toFixed(2) : '-',
        floor.wall.toFixed(2),
        reins.ok ? (reins.wall / floor.wall).toFixed(2) : '-',
        reins.ok ? (reins.wall / (floor.wall + nodeStart)).toFixed(2) : '-',
        reins.ok ? reins.rss.toFixed(0) : '-',
        reins.ok && trivyOk ? `${reins.cpu.toFixed(2)} / ${tc.toFixed(2)}` : '-',
        load(),
      ]);
      console.log(rows.at(-1)!.join('\t'));
    }
  }
  console.log('\nreins sbom vs Trivy (median of %d runs, cold caches)', RUNS);
  console.log(`(node -e 0: ${nodeStart.toFixed(3)} s; the reins/(floor + node start) column is information, not a target)`);
  console.log(['image', 'input', 'reins s', 'trivy s', 'reins/trivy (≤0.50)', 'floor s', 'reins/floor (≤1.50)', 'reins/(floor + node start)', 'reins peak MiB (≤300)', 'CPU s reins / trivy', 'load 1/5/15 min'].join('\t'));
  for (const r of rows) console.log(r.join('\t'));
}

if (import.meta.main) await main();
