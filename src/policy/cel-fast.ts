/**
 * @module policy/cel-fast
 * A compiler from the common subset of CEL (field access, literals, comparisons, boolean logic with
 * CEL's error absorption, `in`, `?:`, indexing, `size`, `contains`/`startsWith`/`endsWith`,
 * `matches` with a constant pattern, and the `exists`/`all` macros) to JS closures over plain objects. Policy conditions run once per finding
 * per rule (5,000 findings × 50 rules), and the library's interpreter converts its input to CEL values
 * on every call; this path skips that. Anything outside the subset (arithmetic, `matches` with a
 * computed pattern, timestamps, …) is not compiled and the caller falls back to @bufbuild/cel.
 * `matches` uses the library's own RE2 engine (@bufbuild/re2, a dependency of @bufbuild/cel), with
 * the pattern compiled once instead of on every call. `cel-fast.test.ts`
 * checks that both agree, errors included, on every construct compiled here.
 * Semantics: https://github.com/google/cel-spec/blob/master/doc/langdef.md
 */
import { RE2JS } from '@bufbuild/re2';

/** A CEL runtime error, carried as a value so that `&&`/`||` can absorb it as the spec says. */
export class CelFastError {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

type Scope = Record<string, unknown>;
type Fn = (scope: Scope) => unknown;
type Node = { exprKind?: { case?: string; value?: unknown } };

const err = (m: string): CelFastError => new CelFastError(m);
const isErr = (v: unknown): v is CelFastError => v instanceof CelFastError;
const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !isErr(v);

function equal(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && equal(a[k], b[k]));
  }
  return a === b;
}

/** `<`, `<=`, `>`, `>=` on two values of the same primitive type, as the library does (a NaN compares false). */
const COMPARE: Record<string, (a: number | string | boolean, b: number | string | boolean) => boolean> = {
  '_<_': (a, b) => a < b,
  '_<=_': (a, b) => a <= b,
  '_>_': (a, b) => a > b,
  '_>=_': (a, b) => a >= b,
};

const comparable = (a: unknown, b: unknown): a is number | string | boolean => {
  const t = typeof a;
  return (t === 'number' || t === 'string' || t === 'boolean') && typeof b === t;
};

/** Constant subexpressions and their values, for compile-time specialisation. */
const CONSTANTS = new WeakMap<Fn, unknown>();
const constant = (value: unknown): Fn => {
  const fn: Fn = () => value;
  CONSTANTS.set(fn, value);
  return fn;
};
/** A value for which CEL equality with any value is JS `===` (equal() compares these by identity). */
const isPrimitive = (v: unknown): boolean => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && !Number.isNaN(v));
const isPrimitiveConstant = (fn: Fn): boolean => CONSTANTS.has(fn) && isPrimitive(CONSTANTS.get(fn));

function size(v: unknown): unknown {
  if (typeof v === 'string') return [...v].length;
  if (Array.isArray(v)) return v.length;
  if (isMap(v)) return Object.keys(v).length;
  return isErr(v) ? v : err('no matching overload for size');
}

const STRING_METHODS: Record<string, (s: string, arg: string) => boolean> = {
  contains: (s, a) => s.includes(a),
  startsWith: (s, a) => s.startsWith(a),
  endsWith: (s, a) => s.endsWith(a),
};

function compileCall(fn: string, target: Fn | undefined, args: Fn[]): Fn | undefined {
  const [a, b, c] = args;
  if (target) {
    const method = STRING_METHODS[fn];
    if (method && a && args.length === 1) {
      return (s) => {
        const t = target(s);
        const x = a(s);
        if (isErr(t)) return t;
        if (isErr(x)) return x;
        return typeof t === 'string' && typeof x === 'string' ? method(t, x) : err(`no matching overload for ${fn}`);
      };
    }
    if (fn === 'matches' && a && args.length === 1 && CONSTANTS.has(a) && typeof CONSTANTS.get(a) === 'string') {
      let re: RE2JS;
      try {
        re = RE2JS.compile(CONSTANTS.get(a) as string);
      } catch {
        return undefined; // the library reports the invalid pattern
      }
      return (s) => {
        const t = target(s);
        if (isErr(t)) return t;
        return typeof t === 'string' ? re.test(t) : err('no matching overload for matches');
      };
    }
    if (fn === 'size' && args.length === 0) return (s) => size(target(s));
    return undefined;
  }
  switch (fn) {
    case '_&&_':
    case '_||_': {
      if (!a || !b) return undefined;
      const absorbing = fn === '_||_';
      return (s) => {
        const l = a(s);
        if (l === absorbing) return absorbing;
        const r = b(s);
        if (r === absorbing) return absorbing;
        if (isErr(l)) return l;
        if (isErr(r)) return r;
        return typeof l === 'boolean' && typeof r === 'boolean' ? !absorbing : err(`no matching overload for ${fn}`);
      };
    }
    case '!_':
      return a && ((s) => {
        const v = a(s);
        return typeof v === 'boolean' ? !v : isErr(v) ? v : err('no matching overload for !_');
      });
    case '-_':
      return a && ((s) => {
        const v = a(s);
        return typeof v === 'number' ? -v : isErr(v) ? v : err('no matching overload for -_');
      });
    case '@not_strictly_false':
      return a && ((s) => a(s) !== false);
    case '_==_':
    case '_!=_': {
      if (!a || !b) return undefined;
      const negate = fn === '_!=_';
      if (isPrimitiveConstant(b) || isPrimitiveConstant(a)) {
        return (s) => {
          const l = a(s);
          if (isErr(l)) return l;
          const r = b(s);
          if (isErr(r)) return r;
          return (l === r) !== negate;
        };
      }
      return (s) => {
        const l = a(s);
        if (isErr(l)) return l;
        const r = b(s);
        if (isErr(r)) return r;
        return equal(l, r) !== negate;
      };
    }
    case '_<_':
    case '_<=_':
    case '_>_':
    case '_>=_': {
      const test = COMPARE[fn]!;
      if (!a || !b) return undefined;
      return (s) => {
        const l = a(s);
        if (isErr(l)) return l;
        const r = b(s);
        if (isErr(r)) return r;
        return comparable(l, r) ? test(l, r as typeof l) : err('no matching overload for comparison');
      };
    }
    case '@in':
      if (!a || !b) return undefined;
      if (CONSTANTS.has(b) && Array.isArray(CONSTANTS.get(b)) && (CONSTANTS.get(b) as unknown[]).every(isPrimitive)) {
        const list = CONSTANTS.get(b) as unknown[];
        return (s) => {
          const x = a(s);
          return isErr(x) ? x : list.includes(x);
        };
      }
      return (s) => {
        const x = a(s);
        if (isErr(x)) return x;
        const container = b(s);
        if (isErr(container)) return container;
        if (Array.isArray(container)) return container.some((e) => equal(e, x));
        if (isMap(container)) return typeof x === 'string' ? Object.hasOwn(container, x) : err('no matching overload for @in');
        return err('no matching overload for @in');
      };
    case '_?_:_':
      if (!a || !b || !c) return undefined;
      return (s) => {
        const cond = a(s);
        return cond === true ? b(s) : cond === false ? c(s) : isErr(cond) ? cond : err('no matching overload for _?_:_');
      };
    case '_[_]':
      if (!a || !b) return undefined;
      return (s) => {
        const container = a(s);
        if (isErr(container)) return container;
        const key = b(s);
        if (isErr(key)) return key;
        if (Array.isArray(container) && typeof key === 'number' && Number.isInteger(key)) {
          return key >= 0 && key < container.length ? container[key] : err('index out of bounds');
        }
        if (isMap(container) && typeof key === 'string') return Object.hasOwn(container, key) ? container[key] : err(`no such key: ${key}`);
        return err('no matching overload for _[_]');
      };
    case 'size':
      return a && args.length === 1 ? (s) => size(a(s)) : undefined;
    default:
      return undefined;
  }
}

/** Compiles a parsed CEL expression, or returns undefined when it uses anything outside the subset. */
export function compileFast(node: Node | undefined): Fn | undefined {
  const kind = node?.exprKind?.case;
  const v = node?.exprKind?.value as Record<string, unknown> | undefined;
  if (!kind || !v) return undefined;
  switch (kind) {
    case 'constExpr': {
      const c = (v.constantKind as { case?: string; value?: unknown } | undefined) ?? {};
      switch (c.case ?? '') {
        case 'boolValue':
        case 'stringValue':
        case 'doubleValue':
          return constant(c.value);
        case 'int64Value': {
          const n = Number(c.value);
          return Number.isSafeInteger(n) ? constant(n) : undefined;
        }
        case 'nullValue':
          return constant(null);
        default:
          return undefined;
      }
    }
    case 'identExpr': {
      const name = v.name as string;
      return (s) => {
        const value = s[name];
        return value !== undefined || name in s ? value : err(`undeclared reference to '${name}'`);
      };
    }
    case 'selectExpr': {
      const operand = compileFast(v.operand as Node);
      const field = v.field as string;
      if (!operand) return undefined;
      if (v.testOnly === true) {
        return (s) => {
          const o = operand(s);
          return isMap(o) ? Object.hasOwn(o, field) : isErr(o) ? o : err('invalid has() target');
        };
      }
      if (field in Object.prototype) {
        return (s) => {
          const o = operand(s);
          if (isMap(o)) return Object.hasOwn(o, field) ? o[field] : err(`no such key: ${field}`);
          return isErr(o) ? o : err(`no such field: ${field}`);
        };
      }
      // Inputs are plain objects: a field that is not on Object.prototype can only be an own property.
      return (s) => {
        const o = operand(s);
        if (isMap(o)) {
          const x = o[field];
          return x !== undefined || Object.hasOwn(o, field) ? x : err(`no such key: ${field}`);
        }
        return isErr(o) ? o : err(`no such field: ${field}`);
      };
    }
    case 'listExpr': {
      if ((v.optionalIndices as unknown[] | undefined)?.length) return undefined;
      const elems = (v.elements as Node[]).map(compileFast);
      if (elems.some((e) => !e)) return undefined;
      if (elems.every((e) => CONSTANTS.has(e!))) return constant(elems.map((e) => CONSTANTS.get(e!)));
      return (s) => {
        const out = elems.map((e) => e!(s));
        return out.find(isErr) ?? out;
      };
    }
    case 'callExpr': {
      const target = v.target ? compileFast(v.target) : undefined;
      if (v.target && !target) return undefined;
      const args = (v.args as Node[]).map(compileFast);
      if (args.some((a) => !a)) return undefined;
      return compileCall(v.function as string, target, args as Fn[]);
    }
    case 'comprehensionExpr': {
      if (v.iterVar2) return undefined;
      const range = compileFast(v.iterRange as Node);
      const init = compileFast(v.accuInit as Node);
      const cond = compileFast(v.loopCondition as Node);
      const step = compileFast(v.loopStep as Node);
      const result = compileFast(v.result as Node);
      if (!range || !init || !cond || !step || !result) return undefined;
      const iterVar = v.iterVar as string;
      const accuVar = v.accuVar as string;
      return (s) => {
        const r = range(s);
        if (isErr(r)) return r;
        const items = Array.isArray(r) ? r : isMap(r) ? Object.keys(r) : undefined;
        if (!items) return err('expression does not select a list or map');
        const scope: Scope = Object.create(s) as Scope;
        scope[accuVar] = init(s);
        for (const item of items) {
          scope[iterVar] = item;
          const go = cond(scope);
          if (go === false) break;
          if (go !== true) return isErr(go) ? go : err('loop condition is not a bool');
          scope[accuVar] = step(scope);
        }
        return result(scope);
      };
    }
    default:
      return undefined;
  }
}
