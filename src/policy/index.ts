/**
 * @module policy
 * The security team's policy: load (validate before scanning), evaluate (one verdict for every gate).
 */
export { loadPolicy, PRESETS, type CompiledPolicy } from './load.ts';
export { evaluatePolicy, type Gate, type EvaluateOptions } from './evaluate.ts';
export { toOpenVex } from './openvex.ts';
export type { Verdict, Violation } from './verdict.ts';
export { policySchema } from './schema.ts';
