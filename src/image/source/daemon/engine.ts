/**
 * @module image/source/daemon/engine
 * Minimal Docker Engine API client (https://docs.docker.com/reference/api/engine/): sends GETs to the
 * daemon that host.ts resolved (unix socket, plain TCP or TLS) with `node:http` / `node:https`; the
 * transports differ only in the request options. Unversioned paths: the daemon answers with its own
 * API version.
 * Every request has an inactivity timeout (connecting included), so a daemon that accepts and never
 * answers, or a host that drops packets, ends in a one-line error instead of a scan that hangs.
 * Limits: no SSH or Windows named pipes (see host.ts).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { InputError, oneLine } from '../../../common/errors.ts';
import type { Endpoint } from './host.ts';

// OpenSSL and Node certificate errors: the handshake failed, not the network.
const TLS_ERROR = /^(ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|SELF_SIGNED_|DEPTH_ZERO_|HOSTNAME_|EPROTO$|ECONNRESET$)/;

/** OpenSSL's reason ("wrong version number") rather than its `40FD…:error:0A00010B:SSL routines:…` line. */
function tlsReason(err: Error): string {
  const reason = (err as { reason?: unknown }).reason;
  if (typeof reason === 'string') return reason;
  return /SSL routines:[^:]*:([^:]+)/.exec(err.message)?.[1] ?? err.message;
}

function daemonError(ep: Endpoint, err: NodeJS.ErrnoException): InputError {
  const where = ep.context === undefined ? ep.url : `${ep.url} (docker context "${ep.context}")`;
  const code = err.code ?? '';
  if (ep.tls !== undefined && TLS_ERROR.test(code)) {
    const files = ep.tls.clientCert ? 'ca.pem, cert.pem, key.pem' : 'ca.pem; no client certificate was sent: there is no cert.pem/key.pem';
    const hint = code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'EPROTO' ? ' (is that port plain HTTP? then unset DOCKER_TLS_VERIFY/DOCKER_TLS)' : '';
    const check = ep.tls.source.startsWith('DOCKER_CERT_PATH=') ? ep.tls.source : `${ep.tls.certPath} (${ep.tls.source})`;
    return new InputError('E_DAEMON', `TLS handshake with the Docker daemon at ${where} failed (${code}: ${oneLine(tlsReason(err))})${hint}; check ${check} (${files})`, { cause: err });
  }
  if (code === 'ENOENT' || code === 'ECONNREFUSED') {
    const fix = ep.context === undefined ? 'start one or point DOCKER_HOST at it' : `start it, or choose another with DOCKER_CONTEXT or DOCKER_HOST`;
    return new InputError('E_DAEMON', `no Docker daemon at ${where} (${code}); ${fix}`, { cause: err });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new InputError('E_DAEMON', `cannot resolve the host of the Docker daemon at ${where} (${code})`, { cause: err });
  if (code === 'EACCES') return new InputError('E_DAEMON', `permission denied on the Docker socket ${where}`, { cause: err });
  if (code === TIMEOUT) return new InputError('E_DAEMON', `the Docker daemon at ${where} did not answer for ${err.message} (is it hung, or the address wrong?)`, { cause: err });
  if (code === 'ETIMEDOUT') return new InputError('E_DAEMON', `connecting to the Docker daemon at ${where} timed out (ETIMEDOUT)`, { cause: err });
  return new InputError('E_DAEMON', `Docker daemon at ${where}: ${code !== '' ? code : oneLine(err.message)}`, { cause: err });
}

const TIMEOUT = 'E_REINS_DAEMON_TIMEOUT';

/**
 * GET `path` on the daemon; resolves with the response (any status), body unread. The socket is
 * closed after `idleMs` without a byte either way (connecting, waiting for the answer, or reading
 * the body), and the request or the body stream fails with E_DAEMON saying so.
 */
export function engineGet(ep: Endpoint, path: string, idleMs: number): Promise<IncomingMessage> {
  const send = ep.tls === undefined ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    let response: IncomingMessage | undefined;
    const req = send({ ...ep.options, path: ep.basePath + path, method: 'GET' }, (res) => {
      response = res;
      resolve(res);
    });
    req.setTimeout(idleMs, () => {
      const err = daemonError(ep, Object.assign(new Error(`${idleMs / 1000} s on ${path}`), { code: TIMEOUT }));
      // Before the answer the request fails with it; while the body streams, the body does.
      response?.destroy(err);
      req.destroy(err);
    });
    req.on('error', (err: NodeJS.ErrnoException) => reject(err instanceof InputError ? err : daemonError(ep, err)));
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
  return oneLine(message);
}
