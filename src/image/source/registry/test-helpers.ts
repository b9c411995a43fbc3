/**
 * @module image/source/registry/test-helpers
 * Shared by the registry tests only (not imported by product code): a probe for the testbed
 * registries (/work/shared/testbed, 127.0.0.1:5000 anonymous, :5001 basic auth ci/ci-secret),
 * independent expectations from `skopeo` / `curl`, and a throw-away HTTP server on 127.0.0.1:0.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const ANON = '127.0.0.1:5000';
export const BASIC = '127.0.0.1:5001';
export const BASIC_USER = 'ci';
export const BASIC_PASS = 'ci-secret';

/** undefined when the registry answers /v2/, else a skip reason. */
export async function unreachable(host: string): Promise<string | undefined> {
  try {
    const res = await fetch(`http://${host}/v2/`);
    await res.body?.cancel();
    return res.status === 200 || res.status === 401 ? undefined : `registry ${host} answered ${res.status} on /v2/`;
  } catch {
    return `registry ${host} is not reachable (start it with /work/shared/testbed/registry-start.sh)`;
  }
}

export function hasSkopeo(): boolean {
  try {
    execFileSync('skopeo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The manifest bytes exactly as `skopeo inspect --raw` shows them. */
export function skopeoRaw(ref: string, creds?: string): Buffer {
  const args = ['inspect', '--tls-verify=false', '--raw', ...(creds === undefined ? [] : ['--creds', creds]), `docker://${ref}`];
  return execFileSync('skopeo', args, { maxBuffer: 16 << 20 });
}

/** `skopeo inspect` (not raw): its view of the image, e.g. `Layers` digests. */
export function skopeoInspect(ref: string): { Digest: string; Layers: string[] } {
  return JSON.parse(execFileSync('skopeo', ['inspect', '--tls-verify=false', `docker://${ref}`], { maxBuffer: 16 << 20 }).toString('utf8'));
}

export function sha256(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export interface TestServer {
  /** `127.0.0.1:<port>` */
  host: string;
  requests: { method: string; url: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

/** Starts an HTTP server on 127.0.0.1:0 that records every request before `handler` sees it. */
export async function startServer(handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    Promise.resolve(handler(req, res)).catch((err: unknown) => {
      res.statusCode = 599;
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Reads a stream to the end, returning its bytes. */
export async function drain(stream: AsyncIterable<Buffer | Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}
