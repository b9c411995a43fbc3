/**
 * @module image/source/registry/retry
 * When and how long to wait before retrying a registry request: exponential backoff with "full
 * jitter" (delay drawn from [0, base·2^n], capped), and `Retry-After` (RFC 9110 §10.2.3: seconds or
 * an HTTP date) taking precedence when the server sends it. Retried: 408, 429, 500, 502, 503, 504
 * and network errors; every other status is final.
 * Limits: waits are capped at MAX_DELAY_MS so a hostile `Retry-After` cannot park a scan for hours.
 */

export interface RetryOptions {
  /** Total attempts including the first (default 4). */
  attempts?: number;
  /** Backoff base in ms (default 250). */
  baseDelayMs?: number;
}

export const DEFAULT_ATTEMPTS = 4;
export const DEFAULT_BASE_DELAY_MS = 250;
export const MAX_DELAY_MS = 30_000;

const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE.has(status);
}

/** Milliseconds a `Retry-After` value asks for, or undefined when absent or unparsable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Delay before retry number `retry` (0 for the first retry). `retryAfterMs` wins when given;
 * `random` is injectable for tests.
 */
export function backoffDelay(retry: number, baseDelayMs: number, retryAfterMs?: number, random = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, MAX_DELAY_MS);
  const ceiling = Math.min(MAX_DELAY_MS, baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

export function sleep(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}
