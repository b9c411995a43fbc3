/**
 * @module checks/secret/testing/fake-secrets
 * Test-only helpers that assemble fake secrets at run time from a prefix and deterministic
 * pseudo-random characters, so no complete real-looking secret is ever written in the repository
 * (push-protection scanners would flag it, and rightly so). Shapes follow the token specs cited in
 * each rule file.
 */

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
export const ALNUM = UPPER + LOWER + DIGITS;
export const BASE32 = UPPER + '234567';
export const BASE64 = ALNUM + '+/';
export const HEX = '0123456789abcdef';

/** `n` characters of `alphabet`, deterministic for a given seed (xorshift32). */
export function fakeChars(alphabet: string, n: number, seed = 1): string {
  let x = seed * 2654435761 || 1;
  let out = '';
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out += alphabet[(x >>> 0) % alphabet.length];
  }
  return out;
}

/** A PEM block around fake base64 (not a key: the body is random). */
export function fakePem(label: string, bodyChars = 1600, seed = 7): string {
  const body = fakeChars(BASE64, bodyChars, seed);
  const lines: string[] = [];
  for (let i = 0; i < body.length; i += 64) lines.push(body.slice(i, i + 64));
  const dashes = '-'.repeat(5);
  return `${dashes}BEGIN ${label}${dashes}\n${lines.join('\n')}\n${dashes}END ${label}${dashes}\n`;
}
