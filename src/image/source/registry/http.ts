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
}

export function makeTransport(fetchFn: FetchFn | undefined, retry: RetryOptions | undefined, signal: AbortSignal): Transport {
  const attempts = Math.max(1, Math.floor(retry?.attempts ?? DEFAULT_ATTEMPTS));
  const baseDelayMs = Math.max(0, retry?.baseDelayMs ?? DEFAULT_BASE_DELAY_MS);
  return { fetch: fetchFn ?? fetch, attempts, baseDelayMs, signal };
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
    try {
      res = await t.fetch(url, { ...init, redirect: 'follow', signal: t.signal });
    } catch (err) {
      if (t.signal.aborted) throw new InputError('E_REGISTRY', `${what}: request aborted because the image source was closed`, { cause: err });
      if (isTlsError(err)) {
        // Deterministic: retrying cannot help. The usual cause is a plain-HTTP registry.
        throw new InputError('E_REGISTRY', `${what}: TLS with ${new URL(url).host} failed (${causeText(err)}); if it serves plain HTTP, use insecure`, { cause: err });
      }
      if (attempt >= t.attempts) {
        throw new InputError('E_REGISTRY', `${what}: cannot reach ${new URL(url).host} after ${attempt} attempt(s) (${causeText(err)})`, { cause: err });
      }
      await sleep(backoffDelay(attempt - 1, t.baseDelayMs));
      continue;
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

/** Reads a whole body of at most `limit` bytes; larger bodies fail without being buffered. */
export async function readLimited(res: Response, limit: number, what: string): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > limit) {
    await discard(res);
    throw new InputError('E_INPUT_TOO_LARGE', `${what}: response of ${declared} bytes exceeds the ${limit}-byte limit`);
  }
  if (res.body === null) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of res.body) {
      total += chunk.byteLength;
      if (total > limit) {
        await res.body.cancel().catch(() => undefined);
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
