// Retry-After forms from RFC 9110 §10.2.3 (delay-seconds and HTTP-date).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay, isRetryableStatus, MAX_DELAY_MS, parseRetryAfter } from './retry.ts';

void test('parseRetryAfter: seconds, HTTP date, junk', () => {
  assert.equal(parseRetryAfter('0'), 0);
  assert.equal(parseRetryAfter(' 120 '), 120_000);
  const now = Date.parse('Sun, 06 Nov 1994 08:49:30 GMT');
  assert.equal(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', now), 7000);
  assert.equal(parseRetryAfter('Sun, 06 Nov 1994 08:49:00 GMT', now), 0);
  assert.equal(parseRetryAfter(null), undefined);
  assert.equal(parseRetryAfter('soon'), undefined);
});

void test('backoffDelay: Retry-After wins (even 0), capped; otherwise jittered exponential', () => {
  assert.equal(backoffDelay(3, 1000, 0), 0);
  assert.equal(backoffDelay(0, 1000, 5000), 5000);
  assert.equal(backoffDelay(0, 1000, 10 * 3600 * 1000), MAX_DELAY_MS);
  const top = () => 0.999999;
  assert.equal(backoffDelay(0, 100, undefined, top), 99);
  assert.equal(backoffDelay(3, 100, undefined, top), 799);
  assert.equal(backoffDelay(30, 100, undefined, top), MAX_DELAY_MS - 1);
  assert.equal(backoffDelay(3, 100, undefined, () => 0), 0);
});

void test('retryable statuses', () => {
  for (const s of [408, 429, 500, 502, 503, 504]) assert.equal(isRetryableStatus(s), true, String(s));
  for (const s of [200, 400, 401, 403, 404, 405, 501]) assert.equal(isRetryableStatus(s), false, String(s));
});
