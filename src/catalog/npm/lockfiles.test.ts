import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { CatalogOutput } from '../types.ts';
import { parsePackageLock } from './parse-package-lock.ts';
import { parsePnpmKey, parsePnpmLock } from './parse-pnpm-lock.ts';
import { nameFromSpec, parseYarnLock } from './parse-yarn-lock.ts';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/lockfiles/${name}`, import.meta.url), 'utf8');
const ids = (out: CatalogOutput): string[] =>
  (out.packages ?? []).map((p) => `${p.namespace ? `${p.namespace}/` : ''}${p.name}@${p.version}`).sort();

void describe('yarn.lock', () => {
  void it('v1: one package per entry, aliases resolved to the real name', () => {
    assert.deepEqual(ids(parseYarnLock(fixture('yarn-v1.lock'), '/a/yarn.lock')), [
      '@babel/code-frame@7.12.13',
      'lodash@4.17.21',
      'string-width@4.2.3',
    ]);
  });
  void it('berry: npm resolutions only, the workspace skipped', () => {
    assert.deepEqual(ids(parseYarnLock(fixture('yarn-berry.lock'), '/a/yarn.lock')), ['@types/node@20.11.5', 'lodash@4.17.21']);
  });
  void it('spec names', () => {
    assert.equal(nameFromSpec('@s/a@^1'), '@s/a');
    assert.equal(nameFromSpec('a@npm:@s/b@^1'), '@s/b');
    assert.equal(nameFromSpec('nope'), undefined);
  });
  void it('broken berry YAML is a diagnostic', () => {
    const out = parseYarnLock('__metadata:\n  version: 8\n"a@npm:1": [\n', '/a/yarn.lock');
    assert.equal(out.diagnostics?.[0]?.code, 'npm-lockfile-malformed');
  });
});

void describe('pnpm-lock.yaml', () => {
  void it('v5: peers suffix stripped, dev skipped', () => {
    assert.deepEqual(ids(parsePnpmLock(fixture('pnpm-v5.yaml'), '/a/pnpm-lock.yaml')), ['@babel/core@7.20.0', 'lodash@4.17.21']);
  });
  void it('v6: parenthesised peers stripped, dev skipped', () => {
    assert.deepEqual(ids(parsePnpmLock(fixture('pnpm-v6.yaml'), '/a/pnpm-lock.yaml')), ['@babel/core@7.20.0', 'ms@2.1.3']);
  });
  void it('v9', () => {
    assert.deepEqual(ids(parsePnpmLock(fixture('pnpm-v9.yaml'), '/a/pnpm-lock.yaml')), ['@babel/core@7.20.0', 'ms@2.1.3']);
  });
  void it('keys', () => {
    assert.deepEqual(parsePnpmKey('/@s/a/1.0.0_b@2.0.0', 5.4), { name: '@s/a', version: '1.0.0' });
    assert.deepEqual(parsePnpmKey('/@s/a@1.0.0(b@2.0.0)', 6), { name: '@s/a', version: '1.0.0' });
  });
});

void describe('package-lock.json', () => {
  void it('v1: nested tree, dev and file: skipped, npm: alias resolved', () => {
    assert.deepEqual(ids(parsePackageLock(fixture('package-lock-v1.json'), '/a/package-lock.json')), [
      'body-parser@1.19.0',
      'lodash@4.17.21',
      'qs@6.5.2',
      'qs@6.7.0',
    ]);
  });
  void it('v3: links, dev and workspace folders skipped, aliases use the entry name', () => {
    const lock = JSON.stringify({
      lockfileVersion: 3,
      packages: {
        '': { name: 'app', version: '1.0.0' },
        'packages/lib': { name: 'lib', version: '0.1.0' },
        'node_modules/lib': { resolved: 'packages/lib', link: true },
        'node_modules/a': { version: '1.0.0', license: 'MIT' },
        'node_modules/a/node_modules/@s/b': { version: '2.0.0' },
        'node_modules/alias': { name: 'real', version: '3.0.0' },
        'node_modules/devonly': { version: '4.0.0', dev: true },
      },
    });
    const out = parsePackageLock(lock, '/a/package-lock.json');
    assert.deepEqual(ids(out), ['@s/b@2.0.0', 'a@1.0.0', 'real@3.0.0']);
    assert.deepEqual(out.packages?.find((p) => p.name === 'a')?.licenses, ['MIT']);
  });
  void it('not JSON → diagnostic', () => {
    assert.equal(parsePackageLock('[1]', '/a/package-lock.json').diagnostics?.[0]?.code, 'npm-lockfile-malformed');
  });
});
