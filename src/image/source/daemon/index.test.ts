// A fake Docker Engine on a unix socket in a temp dir serves the testbed's real `docker save`
// archive of node-app. Expected digests come from that tar itself (read with the `tar` CLI).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { InputError } from '../../../common/errors.ts';
import type { OciManifest } from '../../types.ts';
import { resolveSocket } from './engine.ts';
import { nameAndTag, openDaemon } from './index.ts';

const TESTBED = process.env.TESTBED_OUT ?? join(homedir(), '.cache', 'reins-testbed');
const ARCHIVE = join(TESTBED, 'images', 'node-app', 'node-app.docker.tar');
const skip = existsSync(ARCHIVE) ? false : `testbed archive ${ARCHIVE} is missing (build it with /work/shared/testbed/build-all.sh)`;

let dir = '';
let socket = '';
const seen: string[] = [];
let server: ReturnType<typeof createServer> | undefined;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function engine(req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? '';
  seen.push(url);
  if (url === '/_ping') {
    res.writeHead(200, { 'content-type': 'text/plain', 'api-version': '1.47' });
    res.end('OK');
  } else if (url === '/images/node-app/json' || url === '/images/node-app:latest/json' || url === '/images/cut/json') {
    json(res, 200, { Id: 'sha256:fake', RepoTags: ['node-app:latest'] });
  } else if (url === '/images/node-app/get' || url === '/images/node-app:latest/get') {
    res.writeHead(200, { 'content-type': 'application/x-tar' });
    createReadStream(ARCHIVE).pipe(res);
  } else if (url === '/images/cut/get') {
    res.writeHead(200, { 'content-type': 'application/x-tar' });
    const part = createReadStream(ARCHIVE, { start: 0, end: 99_999 });
    part.pipe(res, { end: false });
    part.on('end', () => res.destroy());
  } else {
    json(res, 404, { message: `No such image: ${url.split('/')[2] ?? ''}` });
  }
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reins-fake-docker-'));
  socket = join(dir, 'docker.sock');
  server = createServer(engine);
  await new Promise<void>((resolve) => server!.listen(socket, resolve));
});

after(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  await rm(dir, { recursive: true, force: true });
});

function tarMember(member: string): Buffer {
  return execFileSync('tar', ['-xOf', ARCHIVE, member], { maxBuffer: 64 << 20 });
}

void test('reads node-app through the Engine API; the staged copy is removed on close', { skip }, async () => {
  const staging = join(dir, 'staging');
  const src = await openDaemon('node-app', { socketPath: socket, tempDir: staging });
  assert.equal(src.kind, 'docker-daemon');
  assert.equal(src.reference, 'node-app');
  assert.equal(src.name, 'node-app');
  assert.equal(src.tag, 'latest');
  assert.deepEqual(seen.slice(-3), ['/_ping', '/images/node-app/json', '/images/node-app/get']);

  const [stagedDir] = await readdir(staging);
  assert.ok(stagedDir !== undefined);
  assert.equal(statSync(join(staging, stagedDir, 'image.tar')).size, statSync(ARCHIVE).size);

  const saved = JSON.parse(tarMember('manifest.json').toString()) as { Config: string }[];
  const configName = saved[0]!.Config;
  const configBytes = tarMember(configName);
  const manifest = (await src.root()).document as OciManifest;
  assert.equal(manifest.config.digest, `sha256:${createHash('sha256').update(configBytes).digest('hex')}`);

  const diffIds = (JSON.parse(configBytes.toString()) as { rootfs: { diff_ids: string[] } }).rootfs.diff_ids;
  const last = manifest.layers[manifest.layers.length - 1]!;
  const h = createHash('sha256');
  for await (const chunk of await src.openBlob(last)) h.update(chunk as Buffer);
  assert.equal(`sha256:${h.digest('hex')}`, diffIds[diffIds.length - 1]);

  await src.close();
  assert.deepEqual(await readdir(staging), []);
});

void test('no socket there: one-line E_DAEMON saying no daemon at that socket', async () => {
  const missing = join(dir, 'nope', 'docker.sock');
  await assert.rejects(
    openDaemon('node-app', { socketPath: missing }),
    (e: unknown) => e instanceof InputError && e.code === 'E_DAEMON' && e.message.includes(`no Docker daemon at unix://${missing}`) && !e.message.includes('\n'),
  );
});

void test('unknown image (socket from DOCKER_HOST): E_INPUT_NOT_FOUND with the daemon message, nothing staged', async () => {
  const staging = join(dir, 'staging-missing');
  await assert.rejects(
    openDaemon('ghost:1', { env: { DOCKER_HOST: `unix://${socket}` }, tempDir: staging }),
    (e: unknown) => e instanceof InputError && e.code === 'E_INPUT_NOT_FOUND' && e.message.includes('ghost:1') && e.message.includes('No such image'),
  );
  assert.equal(existsSync(staging), false);
});

void test('a save stream cut by the daemon fails and leaves no staged file', { skip }, async () => {
  const staging = join(dir, 'staging-cut');
  await assert.rejects(openDaemon('cut', { socketPath: socket, tempDir: staging }), (e: unknown) => e instanceof InputError && e.code === 'E_DAEMON' && /streaming cut .* failed/.test(e.message));
  assert.deepEqual(await readdir(staging), []);
});

void test('socket resolution: option, DOCKER_HOST unix://, default; tcp:// refused', () => {
  assert.equal(resolveSocket('/x.sock', { DOCKER_HOST: 'unix:///y.sock' }), '/x.sock');
  assert.equal(resolveSocket(undefined, { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }), '/run/user/1000/docker.sock');
  assert.equal(resolveSocket(undefined, {}), '/var/run/docker.sock');
  assert.throws(() => resolveSocket(undefined, { DOCKER_HOST: 'tcp://10.0.0.1:2376' }), (e: unknown) => e instanceof InputError && e.code === 'E_DAEMON');
});

void test('names: tag defaults to latest, digests and IDs carry no tag, bad names refused', async () => {
  assert.deepEqual(nameAndTag('node-app'), { name: 'node-app', tag: 'latest' });
  assert.deepEqual(nameAndTag('localhost:5000/a/b:1.2'), { name: 'localhost:5000/a/b', tag: '1.2' });
  assert.deepEqual(nameAndTag(`app@sha256:${'a'.repeat(64)}`), { name: 'app' });
  assert.deepEqual(nameAndTag('0123456789ab'), {});
  await assert.rejects(openDaemon('../../containers/json', { socketPath: socket }), (e: unknown) => e instanceof InputError && e.code === 'E_INPUT');
  await assert.rejects(openDaemon('a?b', { socketPath: socket }), (e: unknown) => e instanceof InputError && e.code === 'E_INPUT');
});
