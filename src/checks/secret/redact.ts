/**
 * @module checks/secret/redact
 * Masks a secret for display. The mask has a fixed length, so it leaks neither the secret nor its
 * length; secrets of 12 characters or more keep their first 4 (enough to tell `AKIA` from `ASIA`
 * or `ghp_` from `gho_`), shorter ones are masked whole.
 */

const MASK = '********';

export function redact(secret: string): string {
  return secret.length >= 12 ? secret.slice(0, 4) + MASK : MASK;
}

/** Longest `match` excerpt reported. */
export const MAX_EXCERPT = 120;

/**
 * Builds the excerpt of one line with [secretStart, secretEnd) replaced by its redaction. Offsets
 * are relative to the line; the part of a multi-line secret outside the line is not shown.
 */
export function redactLine(line: string, secretStart: number, secretEnd: number, secret: string): string {
  const s = Math.max(0, Math.min(secretStart, line.length));
  const e = Math.max(s, Math.min(secretEnd, line.length));
  const masked = e > s ? redact(secret) : '';
  const before = line.slice(0, s);
  const after = line.slice(e);
  let text = (before + masked + after).replaceAll('\r', ' ').replaceAll('\n', ' ');
  let maskAt = before.length;
  const lead = text.length - text.trimStart().length;
  text = text.trim();
  maskAt = Math.max(0, maskAt - lead);
  if (text.length <= MAX_EXCERPT) return text;
  // Keep a window around the mask so the excerpt shows where the secret was.
  const from = Math.max(0, Math.min(maskAt - 40, text.length - MAX_EXCERPT));
  return text.slice(from, from + MAX_EXCERPT);
}
