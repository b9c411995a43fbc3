/**
 * @module image/json-shape
 * Structural checks for the few JSON documents every scan reads (OCI/Docker manifests, indexes,
 * image configs, `docker save`'s manifest.json). The rest of reins validates with zod; these
 * documents do not, because loading zod costs 70-80 ms of start-up (95 modules), a fifth of the
 * whole scan of a small image, and the shapes here are a handful of strings, integers and arrays.
 *
 * A shape is a function that returns the checked value or throws ShapeError naming the path of the
 * first offending field (`layers.0.digest`) and what was expected, the way zod's first issue does.
 * Objects are loose: fields the shape does not name are kept as they are.
 */

export class ShapeError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(message);
    this.path = path;
  }
}

export type Shape<T> = (value: unknown, path: string) => T;
export type Infer<S> = S extends Shape<infer T> ? T : never;

const describe = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

function fail(path: string, expected: string, got: unknown): never {
  throw new ShapeError(path, `expected ${expected}, got ${describe(got)}`);
}

export const string: Shape<string> = (v, path) => (typeof v === 'string' ? v : fail(path, 'string', v));

export const boolean: Shape<boolean> = (v, path) => (typeof v === 'boolean' ? v : fail(path, 'boolean', v));

/** A non-negative integer (a size). */
export const count: Shape<number> = (v, path) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : fail(path, 'a non-negative integer', v));

export function matching(re: RegExp, what: string): Shape<string> {
  return (v, path) => {
    const s = string(v, path);
    if (!re.test(s)) throw new ShapeError(path, `expected ${what}, got ${JSON.stringify(s.slice(0, 100))}`);
    return s;
  };
}

export function literal<const L extends string | number>(value: L): Shape<L> {
  return (v, path) => (v === value ? value : fail(path, JSON.stringify(value), v));
}

export function array<T>(item: Shape<T>): Shape<T[]> {
  return (v, path) => {
    if (!Array.isArray(v)) fail(path, 'array', v);
    return v.map((x, i) => item(x, path === '' ? String(i) : `${path}.${i}`));
  };
}

/** An object whose every value is a string (labels, annotations). */
export const stringMap: Shape<Record<string, string>> = (v, path) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'object', v);
  for (const [k, x] of Object.entries(v)) string(x, path === '' ? k : `${path}.${k}`);
  return v as Record<string, string>;
};

/** Absent (undefined) is allowed. */
export function optional<T>(s: Shape<T>): Shape<T | undefined> {
  return (v, path) => (v === undefined ? undefined : s(v, path));
}

/** Absent or null is allowed (real images carry `"Env": null`). */
export function nullish<T>(s: Shape<T>): Shape<T | null | undefined> {
  return (v, path) => (v === undefined || v === null ? v : s(v, path));
}

type Fields = Record<string, Shape<unknown>>;
type OptionalKeys<F extends Fields> = { [K in keyof F]: undefined extends Infer<F[K]> ? K : never }[keyof F];
type ObjectOf<F extends Fields> = { [K in Exclude<keyof F, OptionalKeys<F>>]: Infer<F[K]> } & { [K in OptionalKeys<F>]?: Infer<F[K]> } & Record<string, unknown>;

/** An object with these fields (checked) and any others (kept unchecked). */
export function object<F extends Fields>(fields: F): Shape<ObjectOf<F>> {
  const keys = Object.keys(fields);
  return (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'object', v);
    const obj = v as Record<string, unknown>;
    for (const k of keys) fields[k]!(obj[k], path === '' ? k : `${path}.${k}`);
    return obj as ObjectOf<F>;
  };
}

/** Runs a shape: the value, or the first problem as `at <path>: <message>` (path `(root)` at the top). */
export function check<T>(shape: Shape<T>, value: unknown): { ok: true; value: T } | { ok: false; problem: string } {
  try {
    return { ok: true, value: shape(value, '') };
  } catch (err) {
    if (!(err instanceof ShapeError)) throw err;
    return { ok: false, problem: `at ${err.path === '' ? '(root)' : err.path}: ${err.message}` };
  }
}
