/**
 * Differential test: the compiled subset must give what @bufbuild/cel (the reference evaluator)
 * gives — the same value, or an error where it errs — for every construct it compiles, on varied
 * inputs including the error-absorbing cases of `&&`/`||` the CEL spec defines.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import { CelFastError, compileFast } from './cel-fast.ts';

const env = celEnv();
const inputs: Record<string, unknown>[] = [
  { v: { severity: 'HIGH', cvss: 7.5, kev: true, fixAgeDays: 40, ids: ['CVE-1', 'GHSA-x'], pkg: { type: 'npm', name: '@types/node' }, labels: { team: 'a' } } },
  { v: { severity: 'LOW', cvss: 0, kev: false, fixAgeDays: -1, ids: [], pkg: { type: 'deb', name: 'libssl3' }, labels: {} } },
  { v: { severity: 'CRITICAL', cvss: 9.8, kev: false, fixAgeDays: 400, ids: ['GHSA-1', 'GHSA-2'], pkg: { type: 'npm', name: 'lodash' }, labels: { team: 'b', env: 'prod' } } },
  // A NaN score compares false with everything, and equals nothing.
  { v: { severity: 'MEDIUM', cvss: NaN, kev: false, fixAgeDays: 0, ids: ['CVE-2'], pkg: { type: 'pypi', name: 'Lodash-ä' }, labels: {} } },
];
const expressions = [
  'v.severity == "HIGH"', 'v.severity != "HIGH"', 'v.cvss >= 7.0', 'v.cvss > 7', 'v.cvss < 9.8', 'v.fixAgeDays <= 30',
  'v.kev', '!v.kev', 'v.kev && v.cvss > 5.0', 'v.kev || v.severity == "CRITICAL"',
  'v.severity in ["HIGH", "CRITICAL"]', '"team" in v.labels', '"GHSA-1" in v.ids',
  'v.ids.exists(i, i.startsWith("GHSA-"))', 'v.ids.all(i, i.startsWith("GHSA-"))', 'v.ids.exists(i, i.contains("-2"))',
  'size(v.ids) > 1', 'v.ids.size() == 0', 'size(v.pkg.name) == 11', 'v.pkg.name.endsWith("node")',
  'v.labels["team"] == "a"', 'v.ids[0] == "CVE-1"', 'has(v.labels.env)', 'v.kev ? v.cvss > 5.0 : v.severity == "LOW"',
  '-v.cvss < -7.0', 'v.cvss == 0', '1 == 1.0', '"1" == 1', 'v.pkg == v.pkg', '[1, 2] == [1, 2]',
  'v.cvss <= 9.8', 'v.cvss > v.fixAgeDays', 'v.cvss != 9.8', '"npm" == v.pkg.type', 'v.kev == false', 'v.cvss in [7.5, 9.8]', '1 in [1.0]',
  'v.ids == ["CVE-1", "GHSA-x"]', '"CVE-1" in v.ids', 'v.labels.team == "a"', 'has(v.labels.constructor)', 'v.labels.constructor == "x"',
  // matches: RE2 syntax and semantics (partial match, (?i), \\pL), not JavaScript's
  'v.pkg.name.matches("^lod")', 'v.pkg.name.matches("ash$")', 'v.pkg.name.matches("(?i)^LOD")', 'v.pkg.name.matches("\\\\pL+-\\\\pL$")',
  'v.severity.matches("^(HIGH|CRITICAL)$")', 'v.ids.exists(i, i.matches("^GHSA-[0-9]+$"))', 'v.kev.matches("x")', 'v.missing.matches("x")',
  // errors and their absorption
  'v.missing == 1', 'v.missing == 1 && false', 'false && v.missing == 1', 'v.missing == 1 || true', 'true || v.missing',
  'v.missing == 1 || false', 'v.severity < 1', 'v.ids[5] == "x"', 'v.labels["nope"] == "x"', '!v.severity',
  'v.kev && v.missing', 'v.ids.exists(i, i > 1)',
];

function reference(src: string, vars: Record<string, unknown>): unknown {
  const r = plan(env, parse(src))(vars as never);
  return isCelError(r) ? 'error' : r;
}

function fast(src: string, vars: Record<string, unknown>): unknown {
  const fn = compileFast(parse(src).expr);
  assert.ok(fn, `compiles: ${src}`);
  const r = fn(vars);
  return r instanceof CelFastError ? 'error' : r;
}

test('the compiled subset agrees with @bufbuild/cel on every expression and input', () => {
  let compared = 0;
  for (const src of expressions) {
    for (const vars of inputs) {
      assert.deepEqual(fast(src, vars), reference(src, vars), `${src} on ${JSON.stringify(vars)}`);
      compared++;
    }
  }
  assert.equal(compared, expressions.length * inputs.length);
});

test('constructs outside the subset are not compiled (the caller falls back to the library)', () => {
  for (const src of ['v.cvss + 1.0 > 2.0', 'v.pkg.name.matches(v.severity)', 'v.pkg.name.matches("(")', 'timestamp("2024-01-01T00:00:00Z") < now', 'v.ids.map(i, i)']) {
    assert.equal(compileFast(parse(src).expr as Parameters<typeof compileFast>[0]), undefined, src);
  }
});
