/**
 * @module version/numeric
 * Small helpers shared by the schemes: arbitrary-length digit-string comparison (versions carry
 * date stamps and hashes-as-numbers that overflow 2^53) and sign normalisation.
 */

/** Maps any number to -1, 0 or 1. */
export function sign(n: number): -1 | 0 | 1 {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** Compares two strings of ASCII digits by numeric value, ignoring leading zeros. Empty counts as 0. */
export function compareDigits(a: string, b: string): -1 | 0 | 1 {
  let i = 0;
  while (i < a.length - 1 && a.charCodeAt(i) === 48) i++;
  let j = 0;
  while (j < b.length - 1 && b.charCodeAt(j) === 48) j++;
  const la = a.length - i;
  const lb = b.length - j;
  if (a.length === 0 || b.length === 0) {
    const za = a.length === 0 || /^0+$/.test(a);
    const zb = b.length === 0 || /^0+$/.test(b);
    if (za && zb) return 0;
    return za ? -1 : 1;
  }
  if (la !== lb) return la < lb ? -1 : 1;
  for (let k = 0; k < la; k++) {
    const d = a.charCodeAt(i + k) - b.charCodeAt(j + k);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** Plain code-unit string comparison (strcmp on ASCII). */
export function compareStrings(a: string, b: string): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True for an ASCII digit code unit. */
export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** True for an ASCII letter code unit. */
export function isAlphaCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
