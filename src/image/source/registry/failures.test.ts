// Failure modes against a fake registry served here. The image is synthetic: a manifest, a config
// and a "layer" whose digests are computed with node:crypto in this file.
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { test } from 'node:test';
import { InputError, IntegrityError, ReinsError } from '../../../common/errors.ts';
import type { Descriptor } from '../../types.ts';
import { PIECE } from './blob-stream.ts';
import { openRegistry } from './index.ts';
import { drain, sha256, startServer } from './test-helpers.ts';

const noCreds = { env: {}, dockerConfigPath: '/nonexistent/reins-test' };
const fast = { attempts: 3, baseDelayMs: 0 };

const layerBytes = Buffer.alloc(256 * 1024, 7);
const configBytes = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [sha256(layerBytes)] } }));
const layer: Descriptor = { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha256(layerBytes), size: layerBytes.length };
const config: Descriptor = { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(configBytes), size: configBytes.length };
const manifestBytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config, layers: [layer] }));

function sendManifest(res: ServerResponse, digestHeader = sha256(manifestBytes)): void {
  res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'docker-content-digest': digestHeader });
  res.end(manifestBytes);
}

function isError(code: string, ...parts: string[]): (e: unknown) => boolean {
  return (e: unknown) => e instanceof ReinsError && e.code === code && parts.every((p) => e.message.includes(p)) && !e.message.includes('\n');
}

void test('429 with Retry-After: 0, then 200: retried and read', async () => {
  let calls = 0;
  const srv = await startServer((_req, res) => {
    if (++calls === 1) {
      res.writeHead(429, { 'retry-after': '0' });
      res.end();
      return;
    }
    sendManifest(res);
  });
  try {
    // That Retry-After wins over the backoff is asserted in retry.test.ts (no timing here).
    const src = await openRegistry(`${srv.host}/app:v1`, { ...noCreds, insecure: true, retry: fast });
    assert.equal((await src.root()).descriptor.digest, sha256(manifestBytes));
    assert.equal(srv.requests.length, 2);
  } finally {
    await srv.close();
  }
});

void test('500 forever: fails after the configured attempts with the status', async () => {
  const srv = await startServer((_req, res) => {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end('{"errors":[{"code":"UNKNOWN","message":"storage on fire"}]}');
  });
  try {
    const src = await openRegistry(`${srv.host}/app:v1`, { ...noCreds, insecure: true, retry: fast });
    await assert.rejects(src.root(), isError('E_REGISTRY', srv.host, 'app:v1', '500', '3 attempt', 'storage on fire'));
    assert.equal(srv.requests.length, 3);
  } finally {
    await srv.close();
  }
});

void test('404 is E_REGISTRY_NOT_FOUND naming repo:tag, without retries', async () => {
  const srv = await startServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}');
  });
  try {
    const src = await openRegistry(`${srv.host}/team/app:v9`, { ...noCreds, insecure: true, retry: fast });
    await assert.rejects(src.root(), isError('E_REGISTRY_NOT_FOUND', srv.host, 'team/app:v9', 'MANIFEST_UNKNOWN'));
    assert.equal(srv.requests.length, 1);
  } finally {
    await srv.close();
  }
});

void test('other 4xx are final: 400 once, E_REGISTRY with the status', async () => {
  const srv = await startServer((_req, res) => {
    res.writeHead(400);
    res.end('bad');
  });
  try {
    const src = await openRegistry(`${srv.host}/app`, { ...noCreds, insecure: true, retry: fast });
    await assert.rejects(src.root(), isError('E_REGISTRY', 'HTTP 400'));
    assert.equal(srv.requests.length, 1);
  } finally {
    await srv.close();
  }
});

void test('network error: connection refused is retried, then E_REGISTRY naming the host', async () => {
  const srv = await startServer(() => undefined);
  const host = srv.host;
  await srv.close();
  const src = await openRegistry(`${host}/app`, { ...noCreds, insecure: true, retry: fast });
  await assert.rejects(src.root(), isError('E_REGISTRY', host, 'cannot reach', '3 attempt'));
});

void test('manifest bytes that do not match Docker-Content-Digest are an IntegrityError', async () => {
  const srv = await startServer((_req, res) => sendManifest(res, sha256(Buffer.from('something else'))));
  try {
    const src = await openRegistry(`${srv.host}/app:v1`, { ...noCreds, insecure: true });
    await assert.rejects(src.root(), (e: unknown) => e instanceof IntegrityError && e.message.includes('app:v1'));
  } finally {
    await srv.close();
  }
});

void test('pulled by digest: a registry serving other bytes is an IntegrityError', async () => {
  const srv = await startServer((_req, res) => sendManifest(res, 'sha256:' + '0'.repeat(64)));
  try {
    const wanted = sha256(Buffer.from('the manifest I pinned'));
    const src = await openRegistry(`${srv.host}/app@${wanted}`, { ...noCreds, insecure: true });
    await assert.rejects(src.root(), (e: unknown) => e instanceof IntegrityError && e.message.includes(wanted.slice(0, 20)));
  } finally {
    await srv.close();
  }
});

/** Serves the synthetic image; `blob` may tamper with the layer response. */
async function imageServer(blob: (res: ServerResponse) => void) {
  return startServer((req, res) => {
    if (req.url?.includes('/manifests/')) sendManifest(res);
    else if (req.url?.endsWith(config.digest)) {
      res.writeHead(200);
      res.end(configBytes);
    } else blob(res);
  });
}

void test('a blob whose bytes do not match its digest: openBlob stream and readBlob fail with IntegrityError', async () => {
  const tampered = Buffer.from(layerBytes);
  tampered[1000] = 8;
  const srv = await imageServer((res) => {
    res.writeHead(200, { 'content-length': String(tampered.length) });
    res.end(tampered);
  });
  try {
    const src = await openRegistry(`${srv.host}/app`, { ...noCreds, insecure: true });
    await assert.rejects(drain(await src.openBlob(layer)), (e: unknown) => e instanceof IntegrityError && e.message.includes(layer.digest));
    await assert.rejects(src.readBlob(layer), (e: unknown) => e instanceof IntegrityError && e.message.includes(layer.digest));
    // The config, served intact, still reads.
    assert.deepEqual(await src.readBlob(config), configBytes);
  } finally {
    await srv.close();
  }
});

void test('a longer blob than its descriptor is an IntegrityError', async () => {
  const srv = await imageServer((res) => {
    res.writeHead(200);
    res.end(Buffer.concat([layerBytes, Buffer.from('extra')]));
  });
  try {
    const src = await openRegistry(`${srv.host}/app`, { ...noCreds, insecure: true });
    await assert.rejects(drain(await src.openBlob(layer)), (e: unknown) => e instanceof IntegrityError && e.message.includes(layer.digest));
    await assert.rejects(src.readBlob(layer), (e: unknown) => e instanceof IntegrityError && e.message.includes(layer.digest));
  } finally {
    await srv.close();
  }
});

void test('a truncated body (connection dropped mid-blob) fails the stream naming the blob', async () => {
  const srv = await imageServer((res) => {
    res.writeHead(200, { 'content-length': String(layerBytes.length) });
    res.write(layerBytes.subarray(0, 1000), () => res.destroy());
  });
  try {
    const src = await openRegistry(`${srv.host}/app`, { ...noCreds, insecure: true });
    await assert.rejects(drain(await src.openBlob(layer)), (e: unknown) => e instanceof ReinsError && e.message.includes(layer.digest));
    await assert.rejects(src.readBlob(layer), (e: unknown) => e instanceof InputError && e.code === 'E_REGISTRY' && e.message.includes(layer.digest));
  } finally {
    await srv.close();
  }
});

void test('a chunked body that ends early is an IntegrityError (size)', async () => {
  const srv = await imageServer((res) => {
    res.writeHead(200);
    res.end(layerBytes.subarray(0, 5000));
  });
  try {
    const src = await openRegistry(`${srv.host}/app`, { ...noCreds, insecure: true });
    await assert.rejects(drain(await src.openBlob(layer)), (e: unknown) => e instanceof IntegrityError && e.message.includes(layer.digest));
  } finally {
    await srv.close();
  }
});

void test('blob redirects are followed (storage on another host)', async () => {
  const storage = await startServer((_req, res) => {
    res.writeHead(200);
    res.end(layerBytes);
  });
  const srv = await imageServer((res) => {
    res.writeHead(307, { location: `http://${storage.host}/bucket/blob` });
    res.end();
  });
  try {
    const src = await openRegistry(`${srv.host}/app`, { ...noCreds, insecure: true });
    assert.equal(sha256(await drain(await src.openBlob(layer))), layer.digest);
    assert.equal(storage.requests[0]?.url, '/bucket/blob');
  } finally {
    await Promise.all([srv.close(), storage.close()]);
  }
});

void test('a dropped blob download resumes with Range and still verifies', async () => {
  let calls = 0;
  const srv = await imageServer((res) => {
    calls++;
    const range = srv.requests[srv.requests.length - 1]?.headers.range;
    if (calls === 1) {
      res.writeHead(200, { 'content-length': String(layerBytes.length), 'accept-ranges': 'bytes' });
      res.write(layerBytes.subarray(0, 100_000), () => res.destroy());
      return;
    }
    const start = Number(/^bytes=(\d+)-$/.exec(String(range))?.[1] ?? NaN);
    res.writeHead(206, { 'content-range': `bytes ${start}-${layerBytes.length - 1}/${layerBytes.length}`, 'content-length': String(layerBytes.length - start) });
    res.end(layerBytes.subarray(start));
  });
  try {
    const src = await openRegistry(`${srv.host}/app`, { ...noCreds, insecure: true });
    assert.equal(sha256(await drain(await src.openBlob(layer))), layer.digest);
    const ranges = srv.requests.map((r) => r.headers.range);
    assert.equal(ranges.length, 2);
    assert.equal(ranges[0], undefined);
    const offset = Number(/^bytes=(\d+)-$/.exec(String(ranges[1]))?.[1]);
    assert.ok(offset > 0 && offset <= 100_000, `resumed from ${ranges[1]}`);
  } finally {
    await srv.close();
  }
});

void test('a registry that ignores Range on resume: the repeated prefix is skipped', async () => {
  let calls = 0;
  const srv = await imageServer((res) => {
    res.writeHead(200, { 'content-length': String(layerBytes.length) });
    if (++calls === 1) res.write(layerBytes.subarray(0, 50_000), () => res.destroy());
    else res.end(layerBytes);
  });
  try {
    const src = await openRegistry(`${srv.host}/app`, { ...noCreds, insecure: true });
    const got = await drain(await src.openBlob(layer));
    assert.equal(got.length, layerBytes.length);
    assert.equal(sha256(got), layer.digest);
  } finally {
    await srv.close();
  }
});

void test('a resume answered with the wrong Content-Range fails naming the blob', async () => {
  let calls = 0;
  const srv = await imageServer((res) => {
    if (++calls === 1) {
      res.writeHead(200, { 'content-length': String(layerBytes.length) });
      res.write(layerBytes.subarray(0, 50_000), () => res.destroy());
      return;
    }
    res.writeHead(206, { 'content-range': `bytes 0-${layerBytes.length - 1}/${layerBytes.length}` });
    res.end(layerBytes);
  });
  try {
    const src = await openRegistry(`${srv.host}/app`, { ...noCreds, insecure: true });
    await assert.rejects(drain(await src.openBlob(layer)), isError('E_REGISTRY', layer.digest, 'Content-Range'));
  } finally {
    await srv.close();
  }
});

void test('a blob that arrives in small network chunks is passed on in pieces of at least PIECE bytes (the last excepted), verified', async () => {
  const big = Buffer.alloc((3 << 20) + 12_345);
  for (let i = 0; i < big.length; i++) big[i] = (i * 31 + (i >> 11)) & 0xff;
  const desc: Descriptor = { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha256(big), size: big.length };
  const srv = await imageServer((res) => {
    res.writeHead(200, { 'content-length': String(big.length) });
    let at = 0;
    const next = (): void => {
      if (at >= big.length) {
        res.end();
        return;
      }
      const piece = big.subarray(at, at + 16_384);
      at += piece.length;
      // One write per turn of the event loop: the client sees ~16 KiB chunks.
      res.write(piece, () => setImmediate(next));
    };
    next();
  });
  try {
    const src = await openRegistry(`${srv.host}/app`, { ...noCreds, insecure: true });
    const sizes: number[] = [];
    const parts: Buffer[] = [];
    for await (const chunk of await src.openBlob(desc)) {
      sizes.push((chunk as Buffer).length);
      parts.push(chunk as Buffer);
    }
    assert.ok(Buffer.concat(parts).equals(big));
    assert.ok(sizes.length >= 2, `${sizes.length} pieces`);
    for (const s of sizes.slice(0, -1)) assert.ok(s >= PIECE, `piece of ${s} bytes (first sizes: ${sizes.slice(0, 5).join(', ')})`);
  } finally {
    await srv.close();
  }
});

void test('a registry that accepts the request and never answers: E_REGISTRY after the response timeout of each attempt, naming the wait', { timeout: 10_000 }, async () => {
  const srv = await startServer(() => {
    // never answers
  });
  try {
    const src = await openRegistry(`${srv.host}/app:v1`, { ...noCreds, insecure: true, retry: { attempts: 2, baseDelayMs: 0 }, timeouts: { responseMs: 150 } });
    await assert.rejects(src.root(), isError('E_REGISTRY', srv.host, '2 attempt', 'no response within 150 ms'));
    assert.equal(srv.requests.length, 2);
  } finally {
    await srv.close();
  }
});

void test('a blob download that stalls mid-way resumes with Range after the idle timeout and verifies', { timeout: 10_000 }, async () => {
  let calls = 0;
  const srv = await imageServer((res) => {
    calls++;
    const range = srv.requests[srv.requests.length - 1]?.headers.range;
    if (calls === 1) {
      res.writeHead(200, { 'content-length': String(layerBytes.length) });
      res.write(layerBytes.subarray(0, 100_000)); // then silence, connection open
      return;
    }
    const start = Number(/^bytes=(\d+)-$/.exec(String(range))?.[1] ?? NaN);
    res.writeHead(206, { 'content-range': `bytes ${start}-${layerBytes.length - 1}/${layerBytes.length}`, 'content-length': String(layerBytes.length - start) });
    res.end(layerBytes.subarray(start));
  });
  try {
    const src = await openRegistry(`${srv.host}/app`, { ...noCreds, insecure: true, timeouts: { idleMs: 150 } });
    assert.equal(sha256(await drain(await src.openBlob(layer))), layer.digest);
    assert.equal(srv.requests.filter((r) => r.url.includes('/blobs/')).length, 2);
    assert.match(String(srv.requests.at(-1)?.headers.range), /^bytes=\d+-$/);
  } finally {
    await srv.close();
  }
});

void test('a blob download that stalls on every attempt: E_REGISTRY saying how far it got and that no data came', { timeout: 10_000 }, async () => {
  const srv = await imageServer((res) => {
    res.writeHead(200, { 'content-length': String(layerBytes.length) });
    res.write(layerBytes.subarray(0, 1000));
  });
  try {
    const src = await openRegistry(`${srv.host}/app`, { ...noCreds, insecure: true, retry: { attempts: 2, baseDelayMs: 0 }, timeouts: { idleMs: 100 } });
    await assert.rejects(drain(await src.openBlob(layer)), isError('E_REGISTRY', layer.digest, 'no data for 100 ms'));
  } finally {
    await srv.close();
  }
});
