/**
 * Broken inputs through the CLI as users run it: every one exits 2 with ONE line on stderr that
 * names the layer/blob digest or file and what was expected, and `--output` leaves nothing behind
 * (the README: "2 — usage or input error: ... malformed image, digest mismatch, registry error ...
 * The one-line message names the file, field or blob"; "--output FILE writes the file atomically").
 *
 * The images are built by test/helpers/bad-images.ts from the real testbed image go-bins-mod with
 * every digest fixed up except the one the case breaks.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import * as bad from '../helpers/bad-images.ts';
import { reins } from '../helpers/cli.ts';
import type { CliResult } from '../helpers/cli.ts';
import { dockerArchive, skipWithoutTestbed } from '../helpers/testbed.ts';

const tmp = mkdtempSync(join(tmpdir(), 'reins-bad-input-'));
let n = 0;
/** A fresh directory (for an image, a cache or an output). */
const fresh = (name: string): string => {
  const d = join(tmp, `${String(n++)}-${name}`);
  mkdirSync(d, { recursive: true });
  return d;
};

/** Credentials from the environment or ~/.docker/config.json must not leak into these runs. */
const isolatedEnv = (): NodeJS.ProcessEnv => {
  const home = fresh('home');
  return { REINS_CACHE_DIR: fresh('cache'), HOME: home, DOCKER_CONFIG: join(home, '.docker'), REINS_REGISTRY_USERNAME: '', REINS_REGISTRY_PASSWORD: '' };
};

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function assertOneLineError(r: CliResult, patterns: readonly RegExp[]): void {
  assert.equal(r.code, 2, `exit code (stderr: ${r.stderr})`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `expected a one-line error, got:\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /E_INTERNAL|this is a bug/, 'an input error, not a crash');
  for (const p of patterns) assert.match(lines[0]!, p);
}

/** `reins sbom INPUT --format json --output F`: exit 2, one line, and no file (nor temp file) left. */
async function sbomFails(input: string, patterns: readonly RegExp[]): Promise<void> {
  const outDir = fresh('out');
  const out = join(outDir, 'sbom.json');
  const r = await reins(['sbom', input, '--format', 'json', '--output', out], isolatedEnv());
  assertOneLineError(r, patterns);
  assert.equal(r.stdout, '', 'nothing on stdout');
  assert.equal(existsSync(out), false, '--output file must not be written');
  assert.deepEqual(readdirSync(outDir), [], 'nothing half-written next to the output');
}

after(() => rmSync(tmp, { recursive: true, force: true }));

const skip = skipWithoutTestbed();

test('control: the re-written base image and its zstd recompression scan fine (exit 0)', { skip }, async () => {
  for (const input of [bad.intactLayout(fresh('intact')), bad.validZstd(fresh('zstd-ok')), await bad.dockerArchiveRepacked(fresh('docker-ok'))]) {
    const r = await reins(['sbom', input, '--format', 'json'], isolatedEnv());
    assert.equal(r.code, 0, `${input}: ${r.stderr}`);
    // go-bins-mod: esbuild's dependency golang.org/x/sys (reference/go-bins-mod/packages.tsv lists it)
    const purls = (JSON.parse(r.stdout) as { packages: { purl?: string }[] }).packages.map((p) => p.purl ?? '');
    assert.ok(purls.includes('pkg:golang/golang.org/x/sys@v0.0.0-20220715151400-c0bba94af5f8'), `${input}: ${purls.join(',')}`);
  }
});

test('truncated gzip layer (digest and size fixed up): corrupt/truncated compression naming the layer', { skip }, async () => {
  const c = bad.truncatedLayer(fresh('trunc'), 'fixed');
  await sbomFails(c.input, [/E_INPUT_(CORRUPT_COMPRESSION|TRUNCATED_TAR)/, new RegExp(esc(c.layerDigest)), /truncated|unexpected end/i, /gzip|tar/]);
});

test('truncated layer whose digest is NOT fixed up (size is): digest mismatch naming the blob', { skip }, async () => {
  const c = bad.truncatedLayer(fresh('trunc-digest'), 'digest-not-fixed');
  // names the digest the manifest expects and the one the bytes hash to
  await sbomFails(c.input, [/E_DIGEST_MISMATCH/, new RegExp(esc(c.layerDigest)), new RegExp(esc(c.actualDigest))]);
});

test('truncated layer with neither size nor digest fixed up: size mismatch naming the blob and both sizes', { skip }, async () => {
  const c = bad.truncatedLayer(fresh('trunc-size'), 'size-not-fixed');
  const half = Math.floor(bad.baseImage().layerBlob.length / 2);
  await sbomFails(c.input, [/E_DIGEST_MISMATCH/, new RegExp(esc(c.layerDigest)), new RegExp(`\\b${String(half)}\\b`), new RegExp(`\\b${String(bad.baseImage().layerBlob.length)}\\b`)]);
});

test('corrupt deflate stream in a gzip layer: corrupt compression naming the layer', { skip }, async () => {
  const c = bad.corruptGzip(fresh('gzip'));
  await sbomFails(c.input, [/E_INPUT_CORRUPT_COMPRESSION/, new RegExp(esc(c.layerDigest)), /gzip/]);
});

test('corrupt zstd layer: corrupt compression naming the layer and zstd', { skip }, async () => {
  const c = bad.corruptZstd(fresh('zstd'));
  await sbomFails(c.input, [/E_INPUT_CORRUPT_COMPRESSION/, new RegExp(esc(c.layerDigest)), /zstd/]);
});

test('a layer entry ../../etc/passwd: unsafe path naming the entry and the layer', { skip }, async () => {
  const c = await bad.dotDotEscape(fresh('dotdot'));
  await sbomFails(c.input, [/E_INPUT_UNSAFE_PATH/, new RegExp(esc(c.layerDigest)), new RegExp(esc(c.entry)), /escapes|outside|root/i]);
});

test('a layer entry /../../../etc/shadow (absolute, climbing): unsafe path naming the entry', { skip }, async () => {
  const c = await bad.absoluteEscape(fresh('abs'));
  await sbomFails(c.input, [/E_INPUT_UNSAFE_PATH/, new RegExp(esc(c.layerDigest)), new RegExp(esc(c.entry)), /escapes|outside|root/i]);
});

test('a directory symlink loop (/lib -> /usr/lib -> /lib) under a language package: symlink loop error', { skip }, async () => {
  const c = await bad.dirSymlinkLoop(fresh('dirloop'));
  await sbomFails(c.input, [/E_INPUT_SYMLINK_LOOP/, /\/(usr\/)?lib\b/, /loop/i]);
});

test('an /etc/os-release <-> /usr/lib/os-release symlink loop: one-line symlink-loop error, exit 2', { skip }, async () => {
  const c = await bad.symlinkLoop(fresh('osloop'));
  await sbomFails(c.input, [/E_INPUT_SYMLINK_LOOP/, /os-release/]);
});

test('a tar header claiming 10 GiB with a 1 KiB body: truncated tar naming the layer', { skip }, async () => {
  const c = await bad.hugeEntry(fresh('huge'));
  await sbomFails(c.input, [/E_INPUT_(TRUNCATED_TAR|TOO_LARGE)/, new RegExp(esc(c.layerDigest)), /tar|entry|large/i]);
});

test('a 10 GiB tar header names the entry it cut short', { skip }, async () => {
  const c = await bad.hugeEntry(fresh('huge-entry'));
  await sbomFails(c.input, [new RegExp(esc(bad.HUGE_ENTRY))]);
});

test('malformed manifest JSON (index digest fixed up): malformed JSON naming the manifest blob', { skip }, async () => {
  const c = bad.malformedManifest(fresh('manifest'));
  await sbomFails(c.input, [/E_INPUT_MALFORMED_JSON/, new RegExp(esc(c.manifestDigest)), /JSON/]);
});

test('malformed config JSON (manifest digest fixed up): malformed JSON naming the config blob', { skip }, async () => {
  const c = bad.malformedConfig(fresh('config'));
  await sbomFails(c.input, [/E_INPUT_MALFORMED_JSON/, /config/, new RegExp(esc(c.configDigest)), /JSON/]);
});

test('a docker-archive whose manifest.json is cut short: malformed JSON naming the archive and manifest.json', { skip }, async () => {
  const input = await bad.dockerArchiveBrokenManifest(fresh('docker'));
  await sbomFails(input, [/E_INPUT_MALFORMED_JSON/, /broken-manifest\.docker\.tar/, /manifest\.json/, /JSON/]);
});

// ---- registries -------------------------------------------------------------------------------

interface FakeRegistry { port: number; hits: Map<string, number>; close: () => Promise<void> }

/** A tiny registry on 127.0.0.1:0 whose every answer comes from `handle`. */
async function fakeRegistry(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<FakeRegistry> {
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const key = `${req.method ?? ''} ${req.url ?? ''}`;
    hits.set(key, (hits.get(key) ?? 0) + 1);
    handle(req, res);
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  return {
    port: (server.address() as AddressInfo).port,
    hits,
    close: () => new Promise<void>((res) => {
      server.closeAllConnections();
      server.close(() => res());
    }),
  };
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'content-type': 'application/json', 'docker-distribution-api-version': 'registry/2.0', ...headers });
  res.end(JSON.stringify(body));
};

const manifestHits = (hits: Map<string, number>): number =>
  [...hits].filter(([k]) => /\/v2\/x\/manifests\/latest$/.test(k)).reduce((s, [, v]) => s + v, 0);

test('registry answering 401 with a Basic challenge and no credentials: auth error naming the registry', async () => {
  const reg = await fakeRegistry((_req, res) => json(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }, { 'www-authenticate': 'Basic realm="fake"' }));
  try {
    const outDir = fresh('out');
    const r = await reins(['sbom', `docker://127.0.0.1:${String(reg.port)}/x:latest`, '--insecure', '--output', join(outDir, 'o.json')], isolatedEnv());
    assertOneLineError(r, [/E_REGISTRY_AUTH/, new RegExp(`127\\.0\\.0\\.1:${String(reg.port)}`)]);
    assert.deepEqual(readdirSync(outDir), []);
  } finally {
    await reg.close();
  }
});

test('registry answering 404 MANIFEST_UNKNOWN: not-found error naming repo:tag', async () => {
  const reg = await fakeRegistry((req, res) => {
    if (req.url === '/v2/' || req.url === '/v2') return json(res, 200, {});
    json(res, 404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown', detail: { Tag: 'latest' } }] });
  });
  try {
    const outDir = fresh('out');
    const r = await reins(['sbom', `docker://127.0.0.1:${String(reg.port)}/x:latest`, '--insecure', '--output', join(outDir, 'o.json')], isolatedEnv());
    assertOneLineError(r, [/E_REGISTRY_NOT_FOUND/, /\bx:latest\b/]);
    assert.deepEqual(readdirSync(outDir), []);
  } finally {
    await reg.close();
  }
});

test('registry answering 500 forever: retried, then a registry error (exit 2) naming the registry', async () => {
  const reg = await fakeRegistry((req, res) => {
    if (req.url === '/v2/' || req.url === '/v2') return json(res, 200, {});
    json(res, 500, { errors: [{ code: 'UNKNOWN', message: 'internal error' }] });
  });
  try {
    const outDir = fresh('out');
    const r = await reins(['sbom', `docker://127.0.0.1:${String(reg.port)}/x:latest`, '--insecure', '--output', join(outDir, 'o.json')], isolatedEnv());
    assertOneLineError(r, [/E_REGISTRY\b/, new RegExp(`127\\.0\\.0\\.1:${String(reg.port)}`), /\bx:latest\b/, /500/]);
    assert.ok(manifestHits(reg.hits) > 1, `the manifest request must be retried (hits: ${JSON.stringify([...reg.hits])})`);
    assert.deepEqual(readdirSync(outDir), []);
  } finally {
    await reg.close();
  }
});

async function registryUp(port: number): Promise<boolean> {
  try {
    const r = await fetch(`http://127.0.0.1:${String(port)}/v2/`, { signal: AbortSignal.timeout(10_000) });
    await r.arrayBuffer();
    return r.status === 200 || r.status === 401;
  } catch {
    return false;
  }
}

test('the real :5001 registry with a wrong password: E_REGISTRY_AUTH, exit 2', async (t) => {
  if (!(await registryUp(5001))) return t.skip('registry 127.0.0.1:5001 is not running');
  const outDir = fresh('out');
  const r = await reins(['sbom', 'docker://127.0.0.1:5001/node-app:latest', '--insecure', '--username', 'ci', '--password', 'not-the-secret', '--output', join(outDir, 'o.json')], isolatedEnv());
  assertOneLineError(r, [/E_REGISTRY_AUTH/, /127\.0\.0\.1:5001/]);
  assert.doesNotMatch(r.stderr, /not-the-secret/, 'the password never appears in a message');
  assert.deepEqual(readdirSync(outDir), []);
});

test('the real :5000 registry: node-app sbom exits 0 with the same packages as its docker-archive', { skip }, async (t) => {
  if (!(await registryUp(5000))) return t.skip('registry 127.0.0.1:5000 is not running');
  type Pkgs = { packages: { type: string; name: string; version: string }[] };
  const fromRegistry = await reins(['sbom', 'docker://127.0.0.1:5000/node-app:latest', '--insecure', '--format', 'json'], isolatedEnv());
  assert.equal(fromRegistry.code, 0, fromRegistry.stderr);
  const fromArchive = await reins(['sbom', dockerArchive('node-app'), '--format', 'json'], isolatedEnv());
  assert.equal(fromArchive.code, 0, fromArchive.stderr);
  const keys = (r: CliResult): string[] => (JSON.parse(r.stdout) as Pkgs).packages.map((p) => `${p.type}\t${p.name}\t${p.version}`).sort();
  const a = keys(fromRegistry);
  const b = keys(fromArchive);
  assert.equal(a.length, b.length);
  // 195 is Trivy's count for node-app (reference/README.md); reins lists at least those
  assert.ok(a.length >= 195, `package count ${String(a.length)}`);
  assert.deepEqual(a, b);
});
