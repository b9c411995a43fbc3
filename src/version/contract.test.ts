import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { schemes } from './index.ts';
import { checkOrderLaws, checkRejection } from './contract.ts';

const HERE = new URL('./', import.meta.url);

/** The committed real versions of a scheme, thinned deterministically to at most 400 (all pairs are checked). */
function realVersions(id: string): string[] {
  const all = readFileSync(new URL(`./${id}/fixtures/real-versions.txt`, HERE), 'utf8').split('\n').filter(Boolean);
  const step = Math.ceil(all.length / 400);
  return all.filter((_, i) => i % step === 0);
}

void test('the registry lists exactly the scheme folders on disk', () => {
  const folders = readdirSync(HERE)
    .filter((name) => statSync(new URL(`./${name}`, HERE)).isDirectory())
    .sort();
  assert.deepEqual(Object.keys(schemes).sort(), folders);
});

void test('the registry literal is sorted', () => {
  const keys = Object.keys(schemes);
  assert.deepEqual(keys, [...keys].sort());
});

for (const [key, scheme] of Object.entries(schemes)) {
  void test(`${key}: metadata (id equals folder, title, spec urls)`, () => {
    assert.equal(scheme.id, key);
    assert.ok(scheme.title.length > 0);
    assert.ok(scheme.specUrls.length > 0);
    for (const url of scheme.specUrls) assert.match(url, /^https:\/\/\S+$/);
  });

  void test(`${key}: total order over real versions`, () => {
    const versions = realVersions(key);
    assert.ok(versions.length >= 30, `${key} has only ${versions.length} real versions`);
    assert.deepEqual(checkOrderLaws(scheme, versions), []);
  });

  void test(`${key}: rejects garbage quickly and throws VersionError`, () => {
    const good = realVersions(key)[0]!;
    assert.deepEqual(checkRejection(scheme, good), []);
  });
}
