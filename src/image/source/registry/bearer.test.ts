// Docker token auth (https://distribution.github.io/distribution/spec/auth/token/) against a token
// service and a registry front served here: the front answers 401 + `WWW-Authenticate: Bearer …`
// until it sees the token, then proxies to the real testbed registry on 127.0.0.1:5000.
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { test } from 'node:test';
import { InputError } from '../../../common/errors.ts';
import type { OciManifest } from '../../types.ts';
import { openRegistry } from './index.ts';
import { ANON, drain, hasSkopeo, sha256, skopeoRaw, startServer, unreachable, type TestServer } from './test-helpers.ts';

const skip = (await unreachable(ANON)) ?? (hasSkopeo() ? undefined : 'skopeo is not installed');
const TOKEN = 'tok-4f1c';
const noCreds = { env: {}, dockerConfigPath: '/nonexistent/reins-test' };

async function proxy(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  if (req.headers.accept !== undefined) headers.accept = req.headers.accept;
  const up = await fetch(`http://${ANON}${req.url ?? '/'}`, { headers });
  const out: Record<string, string> = {};
  for (const h of ['content-type', 'content-length', 'docker-content-digest']) {
    const v = up.headers.get(h);
    if (v !== null) out[h] = v;
  }
  res.writeHead(up.status, out);
  if (up.body === null) res.end();
  else Readable.fromWeb(up.body as WebReadableStream<Uint8Array>).pipe(res);
}

/** A token service (optionally demanding Basic `user:pass`) and a registry front that wants its token. */
async function startBearerPair(basic?: string): Promise<{ tokens: TestServer; front: TestServer; close(): Promise<void> }> {
  const tokens = await startServer((req, res) => {
    if (basic !== undefined && req.headers.authorization !== `Basic ${Buffer.from(basic).toString('base64')}`) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="tokens"', 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'bad credentials' }] }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ token: TOKEN, expires_in: 300 }));
  });
  const front = await startServer(async (req, res) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401, {
        'www-authenticate': `Bearer realm="http://${tokens.host}/token",service="fake-registry",scope="repository:node-app:pull"`,
        'content-type': 'application/json',
      });
      res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
      return;
    }
    await proxy(req, res);
  });
  return { tokens, front, close: async () => void (await Promise.all([tokens.close(), front.close()])) };
}

void test('bearer: token fetched once for repository:node-app:pull, then the image reads', { skip: skip ?? false }, async () => {
  const pair = await startBearerPair();
  try {
    const src = await openRegistry(`${pair.front.host}/node-app:latest`, { ...noCreds, insecure: true });
    const { descriptor, document } = await src.root();
    assert.equal(descriptor.digest, sha256(skopeoRaw(`${ANON}/node-app:latest`)));
    const manifest = document as OciManifest;
    assert.equal(sha256(await src.readBlob(manifest.config)), manifest.config.digest);
    const layer = manifest.layers.reduce((a, b) => (a.size <= b.size ? a : b));
    const bytes = await drain(await src.openBlob(layer));
    assert.equal(sha256(bytes), layer.digest);
    await src.close();

    assert.equal(pair.tokens.requests.length, 1, 'one token for the whole pull (cached per scope)');
    const q = new URL(pair.tokens.requests[0]!.url, 'http://x').searchParams;
    assert.deepEqual(q.getAll('scope'), ['repository:node-app:pull']);
    assert.equal(q.get('service'), 'fake-registry');
    assert.equal(pair.tokens.requests[0]!.headers.authorization, undefined, 'anonymous token request');
    // Exactly one unauthenticated request (the first); every later one carried the token.
    assert.equal(pair.front.requests.filter((r) => r.headers.authorization === undefined).length, 1);
  } finally {
    await pair.close();
  }
});

void test('bearer: credentials go to the token service as Basic; wrong ones are E_REGISTRY_AUTH', { skip: skip ?? false }, async () => {
  const pair = await startBearerPair('alice:s3cret');
  try {
    const good = await openRegistry(`${pair.front.host}/node-app`, { ...noCreds, insecure: true, username: 'alice', password: 's3cret' });
    assert.equal((await good.root()).descriptor.digest, sha256(skopeoRaw(`${ANON}/node-app:latest`)));
    assert.equal(pair.tokens.requests[0]!.headers.authorization, `Basic ${Buffer.from('alice:s3cret').toString('base64')}`);

    const bad = await openRegistry(`${pair.front.host}/node-app`, { ...noCreds, insecure: true, username: 'alice', password: 'nope' });
    await assert.rejects(
      bad.root(),
      (e: unknown) => e instanceof InputError && e.code === 'E_REGISTRY_AUTH' && e.message.includes(pair.front.host) && e.message.includes('alice') && !e.message.includes('nope'),
    );
  } finally {
    await pair.close();
  }
});

void test('bearer: a registry that refuses the fresh token is E_REGISTRY_AUTH, not a loop', async () => {
  const tokens = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"access_token":"useless"}');
  });
  const front = await startServer((_req, res) => {
    res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${tokens.host}/token",service="s"` });
    res.end();
  });
  try {
    const src = await openRegistry(`${front.host}/app`, { ...noCreds, insecure: true });
    await assert.rejects(src.root(), (e: unknown) => e instanceof InputError && e.code === 'E_REGISTRY_AUTH' && e.message.includes(front.host));
    assert.equal(tokens.requests.length, 1);
    assert.equal(front.requests.length, 2);
    assert.equal(front.requests[1]!.headers.authorization, 'Bearer useless', 'access_token is accepted as the token');
  } finally {
    await Promise.all([tokens.close(), front.close()]);
  }
});

void test('bearer: credentials are never sent to a plain-HTTP realm of an https registry', async () => {
  const seen: string[] = [];
  const fakeFetch: typeof fetch = async (input) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    seen.push(url);
    return new Response(null, { status: 401, headers: { 'www-authenticate': 'Bearer realm="http://auth.example.test/token",service="x"' } });
  };
  const src = await openRegistry('registry.example.test/app', { ...noCreds, username: 'u', password: 'p', fetch: fakeFetch });
  await assert.rejects(src.root(), (e: unknown) => e instanceof InputError && e.code === 'E_REGISTRY_AUTH' && /not https/.test(e.message));
  assert.deepEqual(seen, ['https://registry.example.test/v2/app/manifests/latest']);
});

void test('bearer: parallel blob reads on a fresh source share one token request', async () => {
  const blobs = ['one', 'two', 'three', 'four'].map((s) => Buffer.from(s.repeat(1000)));
  const tokens = await startServer((_req, res) => {
    // Answer late so that every blob request meets the 401 before the token exists.
    setImmediate(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ token: TOKEN }));
    });
  });
  const front = await startServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${tokens.host}/token",service="s"` });
      res.end();
      return;
    }
    const blob = blobs.find((b) => req.url?.endsWith(sha256(b)));
    res.writeHead(blob === undefined ? 404 : 200);
    res.end(blob);
  });
  try {
    const src = await openRegistry(`${front.host}/app`, { ...noCreds, insecure: true });
    const descs = blobs.map((b) => ({ mediaType: 'application/octet-stream', digest: sha256(b), size: b.length }));
    const read = await Promise.all(descs.map((d) => src.readBlob(d)));
    assert.deepEqual(read, blobs);
    assert.equal(tokens.requests.length, 1);
  } finally {
    await Promise.all([tokens.close(), front.close()]);
  }
});
