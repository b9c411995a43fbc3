import assert from 'node:assert/strict';
import test from 'node:test';
import { array, boolean, check, count, literal, matching, nullish, object, optional, string, stringMap } from './json-shape.ts';

const descriptor = object({ mediaType: string, digest: matching(/^sha256:[a-f0-9]{64}$/, 'a sha256 digest'), size: count, annotations: nullish(stringMap) });
const manifest = object({ schemaVersion: literal(2), layers: array(descriptor), flag: optional(boolean) });
const D = `sha256:${'a'.repeat(64)}`;

void test('a valid document is returned as is, fields the shape does not name included', () => {
  const doc = { schemaVersion: 2, layers: [{ mediaType: 'x', digest: D, size: 3, extra: [1] }], other: { deep: true } };
  const r = check(manifest, doc);
  assert.equal(r.ok, true);
  assert.deepEqual(r.ok && r.value, doc);
});

void test('null and absent are accepted only where the shape says so', () => {
  assert.equal(check(manifest, { schemaVersion: 2, layers: [{ mediaType: 'x', digest: D, size: 0, annotations: null }] }).ok, true);
  assert.equal(check(manifest, { schemaVersion: 2, layers: [], flag: undefined }).ok, true);
  assert.deepEqual(check(manifest, { schemaVersion: 2, layers: [], flag: null }), { ok: false, problem: 'at flag: expected boolean, got null' });
  assert.deepEqual(check(manifest, { schemaVersion: 2 }), { ok: false, problem: 'at layers: expected array, got undefined' });
});

void test('the first problem names its path and what was expected', () => {
  const cases: [unknown, string][] = [
    [[], 'at (root): expected object, got array'],
    [null, 'at (root): expected object, got null'],
    [{ schemaVersion: 1, layers: [] }, 'at schemaVersion: expected 2, got number'],
    [{ schemaVersion: '2', layers: [] }, 'at schemaVersion: expected 2, got string'],
    [{ schemaVersion: 2, layers: [{ mediaType: 'x', digest: D, size: -1 }] }, 'at layers.0.size: expected a non-negative integer, got number'],
    [{ schemaVersion: 2, layers: [{ mediaType: 'x', digest: D, size: 1.5 }] }, 'at layers.0.size: expected a non-negative integer, got number'],
    [{ schemaVersion: 2, layers: [{ mediaType: 'x', digest: D, size: '1' }] }, 'at layers.0.size: expected a non-negative integer, got string'],
    [{ schemaVersion: 2, layers: [{ mediaType: 'x', digest: D, size: 1 }, { mediaType: 'x', digest: 'sha256:xyz', size: 1 }] }, 'at layers.1.digest: expected a sha256 digest, got "sha256:xyz"'],
    [{ schemaVersion: 2, layers: [{ mediaType: 7, digest: D, size: 1 }] }, 'at layers.0.mediaType: expected string, got number'],
    [{ schemaVersion: 2, layers: [{ mediaType: 'x', digest: D, size: 1, annotations: { a: 'b', c: 3 } }] }, 'at layers.0.annotations.c: expected string, got number'],
  ];
  for (const [doc, problem] of cases) assert.deepEqual(check(manifest, doc), { ok: false, problem }, JSON.stringify(doc));
});

void test('errors other than shape errors are not swallowed', () => {
  const boom = (): never => {
    throw new RangeError('boom');
  };
  assert.throws(() => check(object({ a: boom }), { a: 1 }), RangeError);
});
