/**
 * @module vuln/db/download
 * HTTP downloads for the database: OSV's per-ecosystem `all.zip`
 * (https://google.github.io/osv.dev/data/#data-dumps), the CISA KEV JSON feed and FIRST's EPSS CSV.
 * Uses conditional requests (RFC 9110 §13: If-None-Match / If-Modified-Since) so an unchanged
 * source costs one 304; retries 5xx answers and network errors; a timeout covers the whole
 * transfer, body included. Every error is an InputError E_DB_DOWNLOAD naming the URL.
 */
import { InputError } from '../../common/errors.ts';

export interface FetchOptions {
  fetch?: typeof fetch;
  /** Whole-transfer timeout (default 120 s). */
  timeoutMs?: number;
  /** Extra attempts after a 5xx or network error (default 2). */
  retries?: number;
  /** Delay before retry n is n × retryDelayMs (default 500). */
  retryDelayMs?: number;
  etag?: string;
  lastModified?: string;
}

export type FetchResult =
  | { status: 'ok'; body: Buffer; etag?: string; lastModified?: string }
  | { status: 'not-modified' };

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** GETs `url` with validators and retries; resolves with the body or `not-modified`. */
export async function download(url: string, opts: FetchOptions = {}): Promise<FetchResult> {
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const retries = opts.retries ?? 2;
  const headers: Record<string, string> = { 'user-agent': 'reins (vulnerability database update)' };
  if (opts.etag) headers['if-none-match'] = opts.etag;
  if (opts.lastModified) headers['if-modified-since'] = opts.lastModified;
  let last = '';
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await sleep(attempt * (opts.retryDelayMs ?? 500));
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const res = await doFetch(url, { headers, signal, redirect: 'follow' });
      if (res.status === 304) return { status: 'not-modified' };
      if (res.status >= 500) {
        last = `HTTP ${res.status} ${res.statusText}`.trim();
        await res.body?.cancel();
        continue;
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new InputError('E_DB_DOWNLOAD', `GET ${url}: HTTP ${res.status} ${res.statusText}`.trim());
      }
      const body = Buffer.from(await res.arrayBuffer());
      const etag = res.headers.get('etag');
      const lastModified = res.headers.get('last-modified');
      return { status: 'ok', body, ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
    } catch (err) {
      if (err instanceof InputError) throw err;
      if (signal.aborted) throw new InputError('E_DB_DOWNLOAD', `GET ${url}: timed out after ${timeoutMs} ms`, { cause: err });
      const cause = (err as { cause?: { message?: string } }).cause?.message;
      last = cause ?? (err as Error).message;
    }
  }
  throw new InputError('E_DB_DOWNLOAD', `GET ${url}: failed after ${retries + 1} attempt(s): ${last}`);
}

/** True for `http://` and `https://` inputs. */
export function isUrl(input: string): boolean {
  return /^https?:\/\//i.test(input);
}
