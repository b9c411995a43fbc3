import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_EXCERPT, redact, redactLine } from './redact.ts';

void describe('redact', () => {
  void it('keeps 4 chars of a long secret and masks the rest with a fixed-length mask', () => {
    assert.equal(redact('abcdefghijkl'), 'abcd********');
    assert.equal(redact('abcdefghijklmnopqrstuvwxyz0123456789'), 'abcd********');
  });
  void it('masks a short secret whole', () => {
    assert.equal(redact('hunter2'), '********');
    assert.equal(redact('abcdefghijk'), '********');
  });
});

void describe('redactLine', () => {
  void it('replaces the secret span and trims', () => {
    const line = '  key = abcdefghijklmnop  ';
    assert.equal(redactLine(line, 8, 24, 'abcdefghijklmnop'), 'key = abcd********');
  });
  void it('windows a long line around the secret, never longer than the limit', () => {
    const secret = 'S'.repeat(40);
    const line = 'x'.repeat(500) + secret + 'y'.repeat(500);
    const out = redactLine(line, 500, 540, secret);
    assert.ok(out.length <= MAX_EXCERPT);
    assert.ok(out.includes('SSSS********'));
    assert.ok(!out.includes(secret));
  });
  void it('shows the line unchanged when the secret starts on a later line', () => {
    assert.equal(redactLine('-----BEGIN KEY-----', 19, 19, 'MIIE'.repeat(10)), '-----BEGIN KEY-----');
  });
});
