/**
 * @module image/source/daemon/engine
 * Minimal Docker Engine API client over a unix socket (https://docs.docker.com/reference/api/engine/):
 * finds the socket (`socketPath` option, `DOCKER_HOST=unix://…`, `/var/run/docker.sock`) and sends GETs
 * with `node:http`. Unversioned paths: the daemon answers with its own API version.
 * Limits: unix sockets only (no `tcp://` / TLS DOCKER_HOST, no SSH, no Windows named pipes).
 */
import { request, type IncomingMessage } from 'node:http';
import { InputError } from '../../../common/errors.ts';

export const DEFAULT_SOCKET = '/var/run/docker.sock';

/** The unix socket to talk to. */
export function resolveSocket(socketPath: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (socketPath !== undefined && socketPath !== '') return socketPath;
  const host = env.DOCKER_HOST;
  if (host === undefined || host === '') return DEFAULT_SOCKET;
  if (host.startsWith('unix://')) return host.slice('unix://'.length);
  throw new InputError('E_DAEMON', `DOCKER_HOST=${host} is not supported: reins talks to the Docker daemon over a unix:// socket only`);
}

function daemonError(socket: string, err: NodeJS.ErrnoException): InputError {
  const where = `unix://${socket}`;
  if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') {
    return new InputError('E_DAEMON', `no Docker daemon at ${where} (${err.code}); start one or give the socket with DOCKER_HOST`, { cause: err });
  }
  if (err.code === 'EACCES') return new InputError('E_DAEMON', `permission denied on the Docker socket ${where}`, { cause: err });
  return new InputError('E_DAEMON', `Docker daemon at ${where}: ${err.code ?? err.message}`, { cause: err });
}

/** GET `path` on the daemon; resolves with the response (any status), body unread. */
export function engineGet(socket: string, path: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: socket, path, method: 'GET', headers: { host: 'docker' } }, resolve);
    req.on('error', (err: NodeJS.ErrnoException) => reject(daemonError(socket, err)));
    req.end();
  });
}

/** Reads a small response body (error JSON, ping, inspect), at most `limit` bytes. */
export async function readSmall(res: IncomingMessage, limit = 1 << 20): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) {
      res.destroy();
      throw new InputError('E_DAEMON', `Docker daemon answered more than ${limit} bytes where a small JSON document was expected`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The daemon's `{"message": …}` of a failed response, on one line. */
export async function engineMessage(res: IncomingMessage): Promise<string> {
  const text = (await readSmall(res, 64 * 1024).catch(() => Buffer.alloc(0))).toString('utf8');
  let message = text;
  try {
    const m = (JSON.parse(text) as { message?: unknown }).message;
    if (typeof m === 'string') message = m;
  } catch {
    // plain text body
  }
  // eslint-disable-next-line no-control-regex
  return message.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, 200);
}
