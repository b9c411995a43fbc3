/**
 * @module vuln/cvss/v3
 * CVSS v3.0 and v3.1 base scores from vector strings, following the specification's equations
 * (https://www.first.org/cvss/v3.1/specification-document §7.1, §7.4 and Appendix A "Roundup";
 * v3.0: https://www.first.org/cvss/v3.0/specification-document §8.1). Temporal and environmental
 * metrics in the vector are validated but do not change the base score.
 */
import { parseVector } from './vector.ts';

export interface Cvss3Result {
  version: '3.0' | '3.1';
  baseScore: number;
}

const WEIGHTS = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
} as const;

const BASE = ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'] as const;
const ALLOWED: Record<string, readonly string[]> = {
  AV: ['N', 'A', 'L', 'P'],
  AC: ['L', 'H'],
  PR: ['N', 'L', 'H'],
  UI: ['N', 'R'],
  S: ['U', 'C'],
  C: ['H', 'L', 'N'],
  I: ['H', 'L', 'N'],
  A: ['H', 'L', 'N'],
  E: ['X', 'H', 'F', 'P', 'U'],
  RL: ['X', 'U', 'W', 'T', 'O'],
  RC: ['X', 'C', 'R', 'U'],
  CR: ['X', 'H', 'M', 'L'],
  IR: ['X', 'H', 'M', 'L'],
  AR: ['X', 'H', 'M', 'L'],
  MAV: ['X', 'N', 'A', 'L', 'P'],
  MAC: ['X', 'L', 'H'],
  MPR: ['X', 'N', 'L', 'H'],
  MUI: ['X', 'N', 'R'],
  MS: ['X', 'U', 'C'],
  MC: ['X', 'H', 'L', 'N'],
  MI: ['X', 'H', 'L', 'N'],
  MA: ['X', 'H', 'L', 'N'],
};

/** v3.1 Appendix A: round up to one decimal, robust to floating-point noise. */
function roundup31(x: number): number {
  const i = Math.round(x * 100000);
  return i % 10000 === 0 ? i / 100000 : (Math.floor(i / 10000) + 1) / 10;
}

function roundup30(x: number): number {
  return Math.ceil(x * 10) / 10;
}

/** Parses a `CVSS:3.x/...` vector; undefined when it is not a valid v3 vector. */
export function cvss3BaseScore(vector: string): Cvss3Result | undefined {
  const parsed = parseVector(vector, ['CVSS:3.1', 'CVSS:3.0'], ALLOWED, BASE);
  if (!parsed) return undefined;
  const version = parsed.prefix === 'CVSS:3.1' ? '3.1' : '3.0';
  const m = parsed.metrics;
  const changed = m.get('S') === 'C';
  const pr = m.get('PR');
  const prWeight = pr === 'N' ? 0.85 : pr === 'L' ? (changed ? 0.68 : 0.62) : changed ? 0.5 : 0.27;
  const w = (k: 'C' | 'I' | 'A'): number => WEIGHTS.CIA[m.get(k) as 'H' | 'L' | 'N'];
  const iss = 1 - (1 - w('C')) * (1 - w('I')) * (1 - w('A'));
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 : 6.42 * iss;
  const exploitability =
    8.22 *
    WEIGHTS.AV[m.get('AV') as 'N' | 'A' | 'L' | 'P'] *
    WEIGHTS.AC[m.get('AC') as 'L' | 'H'] *
    prWeight *
    WEIGHTS.UI[m.get('UI') as 'N' | 'R'];
  const roundup = version === '3.1' ? roundup31 : roundup30;
  let baseScore = 0;
  if (impact > 0) {
    baseScore = changed ? roundup(Math.min(1.08 * (impact + exploitability), 10)) : roundup(Math.min(impact + exploitability, 10));
  }
  return { version, baseScore };
}
