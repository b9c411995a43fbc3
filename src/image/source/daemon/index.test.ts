// A fake Docker Engine serves the testbed's real `docker save` archive of node-app over a unix socket
// in a temp dir, over plain TCP and over HTTPS on 127.0.0.1 (ephemeral ports). The HTTPS server
// requires a client certificate; the CA, server and client certificates are made per run with the
// `openssl` CLI. Expected digests come from that tar itself (read with the `tar` CLI).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync, writeFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { TLSSocket } from 'node:tls';
import { InputError } from '../../../common/errors.ts';
import type { ImageSource, OciManifest } from '../../types.ts';
import { resolveContext, resolveHost } from './host.ts';
import { nameAndTag, openDaemon } from './index.ts';

const TESTBED = process.env.TESTBED_OUT ?? join(homedir(), '.cache', 'reins-testbed');
const ARCHIVE = join(TESTBED, 'images', 'node-app', 'node-app.docker.tar');
const skip = existsSync(ARCHIVE) ? false : `testbed archive ${ARCHIVE} is missing (build it with /work/shared/testbed/build-all.sh)`;

let dir = '';
let socket = '';
let certs = '';
let tcpPort = 0;
let tlsPort = 0;
let closedPort = 0;
const seen: string[] = [];
/** Subject CN of the client certificate each HTTPS request came with. */
const clientCns: string[] = [];
const servers: Server[] = [];

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
  } else if (url === '/images/stall/json') {
    json(res, 200, { Id: 'sha256:stall', RepoTags: ['stall:latest'] });
  } else if (url === '/images/stall/get') {
    // Part of the archive, then silence with the connection open (a hung daemon).
    res.writeHead(200, { 'content-type': 'application/x-tar' });
    res.write(Buffer.alloc(10_000));
  } else if (url === '/images/cut/get') {
    res.writeHead(200, { 'content-type': 'application/x-tar' });
    const part = createReadStream(ARCHIVE, { start: 0, end: 99_999 });
    part.pipe(res, { end: false });
    part.on('end', () => res.destroy());
  } else {
    json(res, 404, { message: `No such image: ${url.split('/')[2] ?? ''}` });
  }
}

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const skipTls = hasOpenssl ? skip : 'the openssl CLI is missing (needed to make the test certificates)';

function openssl(cwd: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd, stdio: 'ignore' });
}

/** A CA (ca.pem), a server cert for IP 127.0.0.1 and a client cert signed by it, and a second, unrelated CA. */
function makeCerts(at: string): void {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  for (const ca of ['ca', 'other-ca']) openssl(at, 'req', '-x509', ...ec, '-keyout', `${ca}-key.pem`, '-out', `${ca}.pem`, '-days', '2', '-subj', `/CN=reins test ${ca}`);
  writeFileSync(join(at, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  writeFileSync(join(at, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const [who, serial] of [['server', '2'], ['client', '3']] as const) {
    openssl(at, 'req', ...ec, '-keyout', `${who}-key.pem`, '-out', `${who}.csr`, '-subj', `/CN=reins test ${who}`);
    openssl(at, 'x509', '-req', '-in', `${who}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-set_serial', serial, '-days', '2', '-extfile', `${who}.ext`, '-out', `${who}-cert.pem`);
  }
}

/** A DOCKER_CERT_PATH with the given files, named as the Docker CLI names them. */
async function certPath(name: string, files: { ca?: string; cert?: string; key?: string }): Promise<string> {
  const to = join(certs, name);
  await mkdir(to);
  if (files.ca !== undefined) await copyFile(join(certs, files.ca), join(to, 'ca.pem'));
  if (files.cert !== undefined) await copyFile(join(certs, files.cert), join(to, 'cert.pem'));
  if (files.key !== undefined) await copyFile(join(certs, files.key), join(to, 'key.pem'));
  return to;
}

function listen(server: Server, where: string | number): Promise<number> {
  servers.push(server);
  return new Promise((resolve) => {
    const done = (): void => resolve(typeof where === 'string' ? 0 : (server.address() as AddressInfo).port);
    if (typeof where === 'string') server.listen(where, done);
    else server.listen(where, '127.0.0.1', done);
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reins-fake-docker-'));
  socket = join(dir, 'docker.sock');
  await listen(createServer(engine), socket);
  tcpPort = await listen(createServer(engine), 0);
  // A port that was just open and is now closed: connecting to it is refused.
  const gone = createServer();
  closedPort = await listen(gone, 0);
  await close(gone);
  servers.pop();
  if (hasOpenssl) {
    certs = join(dir, 'certs');
    await mkdir(certs);
    makeCerts(certs);
    const [key, cert, ca] = await Promise.all(['server-key.pem', 'server-cert.pem', 'ca.pem'].map((f) => readFile(join(certs, f))));
    const tls = createHttpsServer({ key, cert, ca, requestCert: true, rejectUnauthorized: true }, (req, res) => {
      clientCns.push(String((req.socket as TLSSocket).getPeerCertificate().subject?.CN ?? ''));
      engine(req, res);
    });
    tlsPort = await listen(tls, 0);
  }
});

after(async () => {
  await Promise.all(servers.map(close));
  await rm(dir, { recursive: true, force: true });
});

function tarMember(member: string): Buffer {
  return execFileSync('tar', ['-xOf', ARCHIVE, member], { maxBuffer: 64 << 20 });
}

/** The source reads node-app's config and last layer as the archive holds them; close() removes the staged copy. */
async function assertReadsNodeApp(src: ImageSource, staging: string): Promise<void> {
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
}

const daemonError = (...parts: string[]) => (e: unknown): boolean =>
  e instanceof InputError && e.code === 'E_DAEMON' && e.exitCode === 2 && !e.message.includes('\n') && parts.every((p) => e.message.includes(p));

void test('reads node-app through the Engine API on a unix socket; the staged copy is removed on close', { skip }, async () => {
  const staging = join(dir, 'staging');
  await assertReadsNodeApp(await openDaemon('node-app', { socketPath: socket, tempDir: staging }), staging);
});

void test('DOCKER_HOST=tcp://127.0.0.1:PORT (plain HTTP): reads the same image', { skip }, async () => {
  const staging = join(dir, 'staging-tcp');
  await assertReadsNodeApp(await openDaemon('node-app', { env: { DOCKER_HOST: `tcp://127.0.0.1:${tcpPort}` }, tempDir: staging }), staging);
});

void test('DOCKER_HOST=tcp:// + DOCKER_TLS_VERIFY + DOCKER_CERT_PATH: verifies the server, presents cert.pem/key.pem, reads the same image', { skip: skipTls }, async () => {
  const staging = join(dir, 'staging-tls');
  const path = await certPath('good', { ca: 'ca.pem', cert: 'client-cert.pem', key: 'client-key.pem' });
  const sent = clientCns.length;
  const env = { DOCKER_HOST: `tcp://127.0.0.1:${tlsPort}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: path };
  await assertReadsNodeApp(await openDaemon('node-app', { env, tempDir: staging }), staging);
  assert.deepEqual(clientCns.slice(sent), ['reins test client', 'reins test client', 'reins test client']);
});

void test('TLS with the wrong CA: E_DAEMON naming the host and TLS, nothing staged', { skip: skipTls }, async () => {
  const staging = join(dir, 'staging-wrong-ca');
  const path = await certPath('wrong-ca', { ca: 'other-ca.pem', cert: 'client-cert.pem', key: 'client-key.pem' });
  const env = { DOCKER_HOST: `tcp://127.0.0.1:${tlsPort}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: path };
  await assert.rejects(openDaemon('node-app', { env, tempDir: staging }), daemonError(`tcp://127.0.0.1:${tlsPort}`, 'TLS handshake', `DOCKER_CERT_PATH=${path}`));
  assert.equal(existsSync(staging), false);
});

void test('TLS without a client certificate: the server refuses it and the message says none was sent', { skip: skipTls }, async () => {
  const path = await certPath('ca-only', { ca: 'ca.pem' });
  const env = { DOCKER_HOST: `tcp://127.0.0.1:${tlsPort}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: path };
  await assert.rejects(openDaemon('node-app', { env }), daemonError(`tcp://127.0.0.1:${tlsPort}`, 'no client certificate was sent'));
});

void test('TLS files missing: key.pem and ca.pem are named with DOCKER_CERT_PATH', { skip: skipTls }, async () => {
  const noKey = await certPath('no-key', { ca: 'ca.pem', cert: 'client-cert.pem' });
  const env = { DOCKER_HOST: `tcp://127.0.0.1:${tlsPort}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: noKey };
  await assert.rejects(openDaemon('node-app', { env }), daemonError(join(noKey, 'key.pem'), `DOCKER_CERT_PATH=${noKey}`, 'is missing'));
  const noCa = await certPath('no-ca', { cert: 'client-cert.pem', key: 'client-key.pem' });
  await assert.rejects(openDaemon('node-app', { env: { ...env, DOCKER_CERT_PATH: noCa } }), daemonError(join(noCa, 'ca.pem'), `DOCKER_CERT_PATH=${noCa}`, 'DOCKER_TLS_VERIFY'));
});

void test('DOCKER_TLS (TLS, no verification, no certificates) to a plain-HTTP port: TLS error saying it may be plain HTTP', async () => {
  const env = { DOCKER_HOST: `tcp://127.0.0.1:${tcpPort}`, DOCKER_TLS: '1', DOCKER_CERT_PATH: join(dir, 'no-certs-here') };
  await assert.rejects(openDaemon('node-app', { env }), daemonError(`TLS handshake with the Docker daemon at tcp://127.0.0.1:${tcpPort}`, 'wrong version number', 'plain HTTP'));
});

void test('tcp:// on a closed port: E_DAEMON saying no daemon there (ECONNREFUSED)', async () => {
  await assert.rejects(openDaemon('node-app', { env: { DOCKER_HOST: `tcp://127.0.0.1:${closedPort}` } }), daemonError(`no Docker daemon at tcp://127.0.0.1:${closedPort}`, 'ECONNREFUSED'));
});

void test('ssh:// and npipe:// are refused, naming DOCKER_HOST and what is supported', async () => {
  for (const host of ['ssh://user@build-host', 'npipe:////./pipe/docker_engine']) {
    await assert.rejects(openDaemon('node-app', { env: { DOCKER_HOST: host } }), daemonError(`DOCKER_HOST=${host}`, 'not supported', 'unix://', 'tcp://'));
  }
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

void test('DOCKER_HOST resolution as the Docker CLI does it', () => {
  const home = { HOME: '/home/u' };
  assert.deepEqual(resolveHost('/x.sock', { DOCKER_HOST: 'tcp://h:1' }), { kind: 'unix', socketPath: '/x.sock' });
  assert.deepEqual(resolveHost(undefined, { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }), { kind: 'unix', socketPath: '/run/user/1000/docker.sock' });
  assert.deepEqual(resolveHost(undefined, { DOCKER_HOST: '/run/d.sock' }), { kind: 'unix', socketPath: '/run/d.sock' });
  assert.deepEqual(resolveHost(undefined, {}), { kind: 'unix', socketPath: '/var/run/docker.sock' });
  assert.deepEqual(resolveHost(undefined, { DOCKER_HOST: 'tcp://docker:2376' }), { kind: 'tcp', host: 'docker', port: 2376, basePath: '' });
  assert.deepEqual(resolveHost(undefined, { DOCKER_HOST: 'docker:2375' }), { kind: 'tcp', host: 'docker', port: 2375, basePath: '' });
  assert.deepEqual(resolveHost(undefined, { DOCKER_HOST: 'tcp://[::1]:9/base/' }), { kind: 'tcp', host: '::1', port: 9, basePath: '/base' });
  // No port: 2375 even with TLS (docker/cli opts.ParseTCPAddr); unset DOCKER_HOST with TLS: tcp://localhost:2376.
  const verify = { verify: true, certPath: '/home/u/.docker' };
  assert.deepEqual(resolveHost(undefined, { ...home, DOCKER_HOST: 'tcp://docker', DOCKER_TLS_VERIFY: '1' }), { kind: 'tcp', host: 'docker', port: 2375, basePath: '', tls: verify });
  assert.deepEqual(resolveHost(undefined, { ...home, DOCKER_TLS_VERIFY: '1' }), { kind: 'tcp', host: 'localhost', port: 2376, basePath: '', tls: verify });
  // Any non-empty DOCKER_TLS_VERIFY is on, even "0"; empty is off; DOCKER_TLS alone: TLS without verification.
  assert.deepEqual(resolveHost(undefined, { ...home, DOCKER_HOST: 'tcp://d:1', DOCKER_TLS_VERIFY: '0' }), { kind: 'tcp', host: 'd', port: 1, basePath: '', tls: verify });
  assert.deepEqual(resolveHost(undefined, { DOCKER_HOST: 'tcp://d:1', DOCKER_TLS_VERIFY: '' }), { kind: 'tcp', host: 'd', port: 1, basePath: '' });
  assert.deepEqual(resolveHost(undefined, { DOCKER_HOST: 'tcp://d:1', DOCKER_TLS: '1', DOCKER_CONFIG: '/cfg' }), { kind: 'tcp', host: 'd', port: 1, basePath: '', tls: { verify: false, certPath: '/cfg' } });
  assert.deepEqual(resolveHost(undefined, { DOCKER_HOST: 'tcp://d:1', DOCKER_TLS_VERIFY: 'yes', DOCKER_CERT_PATH: '/certs/client', DOCKER_CONFIG: '/cfg' }), { kind: 'tcp', host: 'd', port: 1, basePath: '', tls: { verify: true, certPath: '/certs/client' } });
  for (const bad of ['http://d:1', 'tcp://u:p@d:1', 'fd://3']) assert.throws(() => resolveHost(undefined, { DOCKER_HOST: bad }), daemonError(`DOCKER_HOST=${bad}`));
});

/**
 * A Docker config dir (DOCKER_CONFIG) holding `contexts` in the CLI's context store layout
 * (contexts/meta/<sha256 of the name>/meta.json, contexts/tls/<same>/docker/*.pem), with
 * `current` as config.json's currentContext.
 */
async function dockerConfig(label: string, contexts: { name: string; host: string; skipTLSVerify?: boolean; tls?: Record<string, string> }[], current?: string): Promise<string> {
  const cfg = join(dir, `docker-config-${label}`);
  for (const c of contexts) {
    const id = createHash('sha256').update(c.name).digest('hex');
    const meta = join(cfg, 'contexts', 'meta', id);
    await mkdir(meta, { recursive: true });
    writeFileSync(join(meta, 'meta.json'), JSON.stringify({ Name: c.name, Metadata: {}, Endpoints: { docker: { Host: c.host, SkipTLSVerify: c.skipTLSVerify ?? false } } }));
    if (c.tls !== undefined) {
      const tls = join(cfg, 'contexts', 'tls', id, 'docker');
      await mkdir(tls, { recursive: true });
      for (const [to, from] of Object.entries(c.tls)) await copyFile(join(certs, from), join(tls, to));
    }
  }
  await mkdir(cfg, { recursive: true });
  if (current !== undefined) writeFileSync(join(cfg, 'config.json'), JSON.stringify({ auths: {}, currentContext: current }));
  return cfg;
}

void test('Docker contexts: DOCKER_CONTEXT, else config.json currentContext; DOCKER_HOST wins over both', { skip }, async () => {
  const cfg = await dockerConfig('choice', [
    { name: 'rootless', host: `unix://${socket}` },
    { name: 'remote', host: `tcp://127.0.0.1:${closedPort}` },
  ], 'remote');
  const staging = join(dir, 'staging-context');
  await assertReadsNodeApp(await openDaemon('node-app', { env: { DOCKER_CONFIG: cfg, DOCKER_CONTEXT: 'rootless' }, tempDir: staging }), staging);
  // No DOCKER_CONTEXT: the current context (a closed port), named in the error.
  await assert.rejects(openDaemon('node-app', { env: { DOCKER_CONFIG: cfg } }), daemonError(`no Docker daemon at tcp://127.0.0.1:${closedPort} (docker context "remote")`, 'ECONNREFUSED', 'DOCKER_CONTEXT'));
  // DOCKER_HOST set: no context is read (as docker/cli resolveContextName).
  await assertReadsNodeApp(await openDaemon('node-app', { env: { DOCKER_CONFIG: cfg, DOCKER_HOST: `unix://${socket}` }, tempDir: staging }), staging);
  assert.equal(await resolveContext({ DOCKER_CONFIG: cfg, DOCKER_CONTEXT: 'default' }), undefined);
  assert.equal(await resolveContext({ DOCKER_CONFIG: join(dir, 'no-docker-config-here') }), undefined);
  assert.deepEqual(await resolveContext({ DOCKER_CONFIG: cfg }), { name: 'remote', host: { kind: 'tcp', host: '127.0.0.1', port: closedPort, basePath: '' } });
});

void test('a Docker context with TLS files: verifies the server with its ca.pem, presents its cert.pem/key.pem', { skip: skipTls }, async () => {
  const cfg = await dockerConfig('tls', [
    { name: 'secure', host: `tcp://127.0.0.1:${tlsPort}`, tls: { 'ca.pem': 'ca.pem', 'cert.pem': 'client-cert.pem', 'key.pem': 'client-key.pem' } },
    { name: 'wrong-ca', host: `tcp://127.0.0.1:${tlsPort}`, tls: { 'ca.pem': 'other-ca.pem', 'cert.pem': 'client-cert.pem', 'key.pem': 'client-key.pem' } },
  ]);
  const staging = join(dir, 'staging-context-tls');
  const sent = clientCns.length;
  await assertReadsNodeApp(await openDaemon('node-app', { env: { DOCKER_CONFIG: cfg, DOCKER_CONTEXT: 'secure' }, tempDir: staging }), staging);
  assert.deepEqual(clientCns.slice(sent), ['reins test client', 'reins test client', 'reins test client']);
  await assert.rejects(openDaemon('node-app', { env: { DOCKER_CONFIG: cfg, DOCKER_CONTEXT: 'wrong-ca' } }), daemonError('TLS handshake', 'docker context "wrong-ca"', join(cfg, 'contexts', 'tls')));
});

void test('Docker context errors: a missing context, a broken meta.json, an ssh endpoint, a non-string currentContext', async () => {
  const cfg = await dockerConfig('bad', [{ name: 'lab', host: 'ssh://me@lab' }, { name: 'empty', host: '' }]);
  const ghostMeta = join(cfg, 'contexts', 'meta', createHash('sha256').update('ghost').digest('hex'), 'meta.json');
  await assert.rejects(openDaemon('node-app', { env: { DOCKER_CONFIG: cfg, DOCKER_CONTEXT: 'ghost' } }), daemonError('docker context "ghost" (DOCKER_CONTEXT) does not exist', ghostMeta));
  await assert.rejects(openDaemon('node-app', { env: { DOCKER_CONFIG: cfg, DOCKER_CONTEXT: 'lab' } }), daemonError('docker context "lab"', 'ssh://me@lab', 'not supported'));
  await assert.rejects(openDaemon('node-app', { env: { DOCKER_CONFIG: cfg, DOCKER_CONTEXT: 'empty' } }), daemonError('docker context "empty"', 'Endpoints.docker.Host'));
  const labMeta = join(cfg, 'contexts', 'meta', createHash('sha256').update('lab').digest('hex'), 'meta.json');
  writeFileSync(labMeta, '{"Name": "lab", ');
  await assert.rejects(openDaemon('node-app', { env: { DOCKER_CONFIG: cfg, DOCKER_CONTEXT: 'lab' } }), daemonError(labMeta, 'not valid JSON'));
  writeFileSync(join(cfg, 'config.json'), JSON.stringify({ currentContext: 7 }));
  await assert.rejects(openDaemon('node-app', { env: { DOCKER_CONFIG: cfg } }), daemonError(join(cfg, 'config.json'), 'currentContext is not a string'));
});

// The test's own timeout: without the client's, it would hang rather than fail.
void test('a daemon that goes silent: E_DAEMON saying so, on /_ping and in the middle of a save, nothing staged', { timeout: 20_000 }, async () => {
  // Accepts connections and never answers.
  const silentPort = await listen(createServer(() => undefined), 0);
  await assert.rejects(openDaemon('node-app', { env: { DOCKER_HOST: `tcp://127.0.0.1:${silentPort}` }, timeoutMs: 200 }), daemonError(`tcp://127.0.0.1:${silentPort}`, 'did not answer for 0.2 s on /_ping'));
  const staging = join(dir, 'staging-stall');
  await assert.rejects(openDaemon('stall', { socketPath: socket, tempDir: staging, timeoutMs: 100 }), daemonError(`unix://${socket}`, 'did not answer for 1 s on /images/stall/get'));
  assert.deepEqual(await readdir(staging), []);
});

void test('names: tag defaults to latest, digests and IDs carry no tag, bad names refused', async () => {
  assert.deepEqual(nameAndTag('node-app'), { name: 'node-app', tag: 'latest' });
  assert.deepEqual(nameAndTag('localhost:5000/a/b:1.2'), { name: 'localhost:5000/a/b', tag: '1.2' });
  assert.deepEqual(nameAndTag(`app@sha256:${'a'.repeat(64)}`), { name: 'app' });
  assert.deepEqual(nameAndTag('0123456789ab'), {});
  await assert.rejects(openDaemon('../../containers/json', { socketPath: socket }), (e: unknown) => e instanceof InputError && e.code === 'E_INPUT');
  await assert.rejects(openDaemon('a?b', { socketPath: socket }), (e: unknown) => e instanceof InputError && e.code === 'E_INPUT');
});
