/**
 * @module vuln/cvss/v4
 * CVSS v4.0 base scores (CVSS-B) from vector strings
 * (https://www.first.org/cvss/v4-0/specification-document).
 *
 * reins validates the vector itself (§7 "Vector String", Table 23: the eleven Base metrics are
 * mandatory; Threat, Environmental and Supplemental metrics are optional; each metric at most once,
 * with one of the values Table 23 lists; `X` is "Not Defined") and hands the Base metrics alone to
 * `ae-cvss-calculator` (metaeffekt, Apache-2.0), which implements the score of §8 — the
 * MacroVector lookup table and the severity-distance interpolation of FIRST's reference calculator
 * (https://github.com/FIRSTdotorg/cvss-v4-calculator), including its rounding (x.x5 rounds up).
 *
 * The score is CVSS-B, as v3.ts ignores temporal and environmental metrics: Threat and
 * Environmental metrics in the vector are validated but not applied (FIRST's calculator would give
 * CVSS-BT/BE/BTE for such a vector; `cvss4HasThreatOrEnvironmental` tells callers when that differs).
 * Metric order is not enforced: §7 asks for Table 23's order, but real advisories list metrics
 * out of it (github/advisory-database#7448: `VC/SC/VI/SI/VA/SA`), and the meaning is unambiguous.
 *
 * Before adoption its scores were compared on all 104,976 Base vectors with an independent
 * implementation (@pandatix/js-cvss 0.4.4 with the reference rounding): no difference. That package
 * itself is not used: its ESM build imports paths without extensions and does not load in Node.
 * The library is a 190 KB bundle (~16 ms to load), so it is loaded on the first v4 vector only.
 */
import { createRequire } from 'node:module';
import type * as Ae from 'ae-cvss-calculator';
import { parseVector } from './vector.ts';

export interface Cvss4Result {
  version: '4.0';
  baseScore: number;
}

/** Table 23, Base metrics, in vector-string order. */
const BASE = ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'] as const;

/** Table 23: every metric and its allowed values (Base, then Threat, Environmental, Supplemental). */
const ALLOWED: Record<string, readonly string[]> = {
  AV: ['N', 'A', 'L', 'P'],
  AC: ['L', 'H'],
  AT: ['N', 'P'],
  PR: ['N', 'L', 'H'],
  UI: ['N', 'P', 'A'],
  VC: ['H', 'L', 'N'],
  VI: ['H', 'L', 'N'],
  VA: ['H', 'L', 'N'],
  SC: ['H', 'L', 'N'],
  SI: ['H', 'L', 'N'],
  SA: ['H', 'L', 'N'],
  E: ['X', 'A', 'P', 'U'],
  CR: ['X', 'H', 'M', 'L'],
  IR: ['X', 'H', 'M', 'L'],
  AR: ['X', 'H', 'M', 'L'],
  MAV: ['X', 'N', 'A', 'L', 'P'],
  MAC: ['X', 'L', 'H'],
  MAT: ['X', 'N', 'P'],
  MPR: ['X', 'N', 'L', 'H'],
  MUI: ['X', 'N', 'P', 'A'],
  MVC: ['X', 'H', 'L', 'N'],
  MVI: ['X', 'H', 'L', 'N'],
  MVA: ['X', 'H', 'L', 'N'],
  MSC: ['X', 'H', 'L', 'N'],
  MSI: ['X', 'S', 'H', 'L', 'N'],
  MSA: ['X', 'S', 'H', 'L', 'N'],
  S: ['X', 'N', 'P'],
  AU: ['X', 'N', 'Y'],
  R: ['X', 'A', 'U', 'I'],
  V: ['X', 'D', 'C'],
  RE: ['X', 'L', 'M', 'H'],
  U: ['X', 'Clear', 'Green', 'Amber', 'Red'],
};

/** Supplemental metrics never change a score (§5); Threat and Environmental ones do (§8.1). */
const SUPPLEMENTAL = new Set(['S', 'AU', 'R', 'V', 'RE', 'U']);

/** Loaded on first use: most scans meet no v4 vector, and the bundle costs ~16 ms to load. */
let ae: typeof Ae | undefined;
const load = (): typeof Ae => (ae ??= createRequire(import.meta.url)('ae-cvss-calculator') as typeof Ae);

/** The vector's metrics, or undefined when it is not a valid `CVSS:4.0/...` vector. */
function parse(vector: string): Map<string, string> | undefined {
  return parseVector(vector, ['CVSS:4.0'], ALLOWED, BASE)?.metrics;
}

/** Parses a `CVSS:4.0/...` vector; undefined when it is not a valid v4.0 vector. */
export function cvss4BaseScore(vector: string): Cvss4Result | undefined {
  const m = parse(vector);
  if (!m) return undefined;
  // The Base metrics alone, in Table 23 order: the library then computes CVSS-B. Every such
  // vector (all 104,976) was scored by it without error, so no exception is expected here.
  const base = `CVSS:4.0/${BASE.map((k) => `${k}:${m.get(k)}`).join('/')}`;
  // `overall` is the score of the vector given, here CVSS-B (the library's `base` would include Threat).
  const baseScore = new (load().Cvss4P0)(base).calculateScores().overall;
  if (!Number.isFinite(baseScore) || baseScore < 0 || baseScore > 10) return undefined;
  return { version: '4.0', baseScore };
}

/**
 * True when a valid v4.0 vector defines Threat or Environmental metrics (a value other than `X`),
 * so its CVSS-B score differs in kind from the CVSS-BT/BE/BTE score FIRST's calculator shows.
 */
export function cvss4HasThreatOrEnvironmental(vector: string): boolean {
  const m = parse(vector);
  if (!m) return false;
  for (const [k, v] of m) {
    if (v !== 'X' && !SUPPLEMENTAL.has(k) && !(BASE as readonly string[]).includes(k)) return true;
  }
  return false;
}
