/**
 * @module image/source/registry/http
 * The transport under the registry client: one `fetch` with retries (see retry.ts) and helpers to
 * read a bounded body and describe a failed response in one line. Knows nothing of auth.
 * Limits: a response whose body already started streaming is never retried here (blob streams
 * fail with E_REGISTRY and the caller decides).
 */
import { InputError, oneLine } from '../../../common/errors.ts';
import { backoffDelay, DEFAULT_ATTEMPTS, DEFAULT_BASE_DELAY_MS, isRetryableStatus, parseRetryAfter, sleep, type RetryOptions } from './retry.ts';

export type FetchFn = typeof fetch;

export interface Transport {
  fetch: FetchFn;
  attempts: number;
  baseDelayMs: number;
  signal: AbortSignal;
  /** A request whose response headers have not come in this long is abandoned (and retried). */
  responseMs: number;
  /** A body that delivers no byte for this long is abandoned (blob downloads then resume). */
  idleMs: number;
}

/**
 * Waits for the registry: without these, a server that accepts the connection and never answers
 * held a scan for undici's 300 s per attempt (20 minutes with the default 4 attempts);
 * `docker-daemon:` has the same kind of limits (image/source/daemon/engine.ts).
 */
export interface TimeoutOptions {
  /** Default 30 s. */
  responseMs?: number;
  /** Default 60 s. */
  idleMs?: number;
}

export const DEFAULT_RESPONSE_MS = 30_000;
export const DEFAULT_IDLE_MS = 60_000;

export function makeTransport(fetchFn: FetchFn | undefined, retry: RetryOptions | undefined, signal: AbortSignal, timeouts: TimeoutOptions = {}): Transport {
  const attempts = Math.max(1, Math.floor(retry?.attempts ?? DEFAULT_ATTEMPTS));
  const baseDelayMs = Math.max(0, retry?.baseDelayMs ?? DEFAULT_BASE_DELAY_MS);
  const responseMs = Math.max(1, timeouts.responseMs ?? DEFAULT_RESPONSE_MS);
  const idleMs = Math.max(1, timeouts.idleMs ?? DEFAULT_IDLE_MS);
  return { fetch: fetchFn ?? fetch, attempts, baseDelayMs, signal, responseMs, idleMs };
}

/** Raised when a response or a body chunk does not come in time; treated as a network error. */
class RegistryTimeout extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryTimeout';
  }
}

/** `reader.read()`, failing with RegistryTimeout (after cancelling the reader) when nothing comes for `ms`. */
export async function readWithin<T>(reader: ReadableStreamDefaultReader<T>, ms: number): Promise<Awaited<ReturnType<ReadableStreamDefaultReader<T>['read']>>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      // Reject first: cancelling settles the pending read as `done`, which must not win the race.
      reject(new RegistryTimeout(`no data for ${seconds(ms)}`));
      void reader.cancel().catch(() => undefined);
    }, ms);
  });
  try {
    return await Promise.race([reader.read(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** The message of a network error with its low-level cause (`fetch failed: ECONNREFUSED`). */
export function causeText(err: unknown): string {
  const e = err as { message?: string; cause?: { code?: string; message?: string } };
  const cause = e.cause?.code ?? e.cause?.message;
  return oneLine(cause === undefined ? String(e.message ?? err) : `${e.message ?? 'error'}: ${cause}`);
}

function isTlsError(err: unknown): boolean {
  const code = (err as { cause?: { code?: unknown } }).cause?.code;
  return typeof code === 'string' && /^(ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED|SELF_SIGNED_CERT|ERR_OSSL_)/.test(code);
}

/**
 * Sends the request, retrying network errors and retryable statuses with backoff. Returns the last
 * response (any status) so the caller can interpret it; `what` names the target in messages.
 */
export async function fetchWithRetry(t: Transport, url: string, init: RequestInit, what: string): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    let res: Response;
    // Abandons the attempt when no response comes in time; the body, once it streams, is not
    // limited by this (a big blob takes minutes) but by idleMs between chunks (readWithin).
    const late = new AbortController();
    const timer = setTimeout(() => late.abort(new RegistryTimeout(`no response within ${seconds(t.responseMs)}`)), t.responseMs);
    try {
      res = await t.fetch(url, { ...init, redirect: 'follow', signal: AbortSignal.any([t.signal, late.signal]) });
    } catch (thrown) {
      if (t.signal.aborted) throw new InputError('E_REGISTRY', `${what}: request aborted because the image source was closed`, { cause: thrown });
      const err: unknown = late.signal.aborted ? late.signal.reason : thrown;
      if (isTlsError(err)) {
        // Deterministic: retrying cannot help. The usual cause is a plain-HTTP registry.
        throw new InputError('E_REGISTRY', `${what}: TLS with ${new URL(url).host} failed (${causeText(err)}); if it serves plain HTTP, use insecure`, { cause: err });
      }
      if (attempt >= t.attempts) {
        throw new InputError('E_REGISTRY', `${what}: cannot reach ${new URL(url).host} after ${attempt} attempt(s) (${causeText(err)})`, { cause: err });
      }
      await sleep(backoffDelay(attempt - 1, t.baseDelayMs));
      continue;
    } finally {
      clearTimeout(timer);
    }
    if (!isRetryableStatus(res.status) || attempt >= t.attempts) return res;
    const wait = backoffDelay(attempt - 1, t.baseDelayMs, parseRetryAfter(res.headers.get('retry-after')));
    await res.body?.cancel().catch(() => undefined);
    await sleep(wait);
  }
}

/** Discards a body we will not read so the connection can be reused. */
export async function discard(res: Response): Promise<void> {
  await res.body?.cancel().catch(() => undefined);
}

/** Reads a whole body of at most `limit` bytes; larger bodies fail without being buffered, stalled ones after `idleMs`. */
export async function readLimited(res: Response, limit: number, what: string, idleMs: number = DEFAULT_IDLE_MS): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > limit) {
    await discard(res);
    throw new InputError('E_INPUT_TOO_LARGE', `${what}: response of ${declared} bytes exceeds the ${limit}-byte limit`);
  }
  if (res.body === null) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value: chunk } = await readWithin(reader, idleMs);
      if (done) break;
      total += chunk.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => undefined);
        throw new InputError('E_INPUT_TOO_LARGE', `${what}: response exceeds the ${limit}-byte limit`);
      }
      chunks.push(Buffer.from(chunk));
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError('E_REGISTRY', `${what}: connection failed after ${total} bytes of the body (${causeText(err)})`, { cause: err });
  }
  return Buffer.concat(chunks, total);
}

/** The first OCI error (`{"errors":[{"code","message"}]}`) of a failed response, as `CODE: message`. */
export async function errorDetail(res: Response): Promise<string> {
  let text: string;
  try {
    text = (await readLimited(res, 64 * 1024, 'error body')).toString('utf8');
  } catch {
    return '';
  }
  try {
    const first = (JSON.parse(text) as { errors?: { code?: unknown; message?: unknown }[] }).errors?.[0];
    if (first !== undefined) return oneLine([first.code, first.message].filter((x) => typeof x === 'string').join(': '));
  } catch {
    // not JSON: fall through to the raw text
  }
  return oneLine(text, 120);
}
