/**
 * @module policy/cel
 * CEL conditions (https://cel.dev) with @bufbuild/cel. The library exposes no type checker, so a
 * condition is validated when the policy loads by (1) parsing, (2) rejecting variables the subject
 * does not provide, and (3) a trial evaluation on a fully populated sample input, which catches
 * misspelt fields and wrong types on every branch the sample reaches; the result must be a bool.
 */
import { celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import { InputError } from '../common/errors.ts';
import { CelFastError, compileFast } from './cel-fast.ts';
import { sampleInputs } from './input.ts';

export type Subject = 'image' | 'vulnerability' | 'package' | 'secret' | 'misconfiguration';

/** Variables visible to a condition, by subject. */
export const VARIABLES: Record<Subject, readonly string[]> = {
  image: ['image'],
  vulnerability: ['image', 'vuln'],
  package: ['image', 'pkg'],
  secret: ['image', 'secret'],
  misconfiguration: ['image', 'check'],
};

export class CelCompileError extends Error {
  /** 1-based line inside the expression, when the parser says. */
  readonly exprLine: number | undefined;
  constructor(message: string, exprLine?: number) {
    super(message);
    this.exprLine = exprLine;
  }
}

export type Condition = (vars: Record<string, unknown>) => boolean;

const env = celEnv();

const COMPILED = new WeakSet<Condition>();
/** Whether a condition runs on the compiled subset (cel-fast.ts) rather than the library's interpreter. */
export const isCompiled = (c: Condition): boolean => COMPILED.has(c);

/** Names used as identifiers, and names bound by comprehensions (macros such as exists/all). */
function identifiers(node: unknown, idents: Set<string>, bound: Set<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) identifiers(n, idents, bound);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  const kind = o.exprKind as { case?: string; value?: Record<string, unknown> } | undefined;
  if (kind?.case === 'identExpr' && typeof kind.value?.name === 'string') idents.add(kind.value.name);
  if (kind?.case === 'comprehensionExpr' && kind.value) {
    for (const k of ['iterVar', 'iterVar2', 'accuVar']) if (typeof kind.value[k] === 'string' && kind.value[k]) bound.add(kind.value[k]);
  }
  for (const [k, v] of Object.entries(o)) if (k !== '$typeName' && typeof v === 'object') identifiers(v, idents, bound);
}

export function compileCondition(source: string, subject: Subject): Condition {
  let parsed;
  try {
    parsed = parse(source);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const m = /<input>:(\d+):(\d+): (.*)/.exec(msg);
    throw new CelCompileError(m ? `CEL syntax error at column ${m[2]}: ${m[3]!.split('\n')[0]}` : `CEL syntax error: ${msg.split('\n')[0]}`, m ? Number(m[1]) : undefined);
  }
  const idents = new Set<string>();
  const bound = new Set<string>();
  identifiers(parsed, idents, bound);
  const allowed = VARIABLES[subject];
  for (const name of idents) {
    if (!allowed.includes(name) && !bound.has(name)) {
      throw new CelCompileError(`unknown variable "${name}" (for: ${subject} provides ${allowed.join(', ')})`);
    }
  }
  const run = plan(env, parsed);
  const sample = sampleInputs();
  const trial = run(Object.fromEntries(allowed.map((v) => [v, sample[v as keyof typeof sample]])));
  if (isCelError(trial)) throw new CelCompileError(`CEL condition fails on the documented input: ${trial.message}`);
  if (typeof trial !== 'boolean') throw new CelCompileError(`CEL condition must be a bool, got ${typeof trial}`);
  // The compiled subset is used when it exists and agrees with the library on the sample input.
  const fast = compileFast(parsed.expr);
  const sampleVars = Object.fromEntries(allowed.map((v) => [v, sample[v as keyof typeof sample]]));
  if (fast && fast(sampleVars) === trial) {
    const condition: Condition = (vars) => {
      const r = fast(vars);
      if (r instanceof CelFastError) throw new InputError('E_POLICY', `CEL evaluation error: ${r.message}`);
      return r === true;
    };
    COMPILED.add(condition);
    return condition;
  }
  return (vars) => {
    const r = run(vars as never);
    if (isCelError(r)) throw new InputError('E_POLICY', `CEL evaluation error: ${r.message}`);
    return r === true;
  };
}
