// Challenge strings as real registries send them (Docker Hub, GHCR, distribution's htpasswd) and
// RFC 9110 §11.6.1 forms (quoted-pair escapes, several challenges in one header).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseChallenges } from './challenge.ts';

void test('Docker Hub style Bearer challenge', () => {
  assert.deepEqual(parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"'), [
    { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/alpine:pull' } },
  ]);
});

void test('Basic challenge of distribution htpasswd auth', () => {
  assert.deepEqual(parseChallenges('Basic realm="testbed-registry"'), [{ scheme: 'basic', params: { realm: 'testbed-registry' } }]);
});

void test('several challenges, unquoted tokens, spaces, escapes and case', () => {
  assert.deepEqual(parseChallenges('Basic realm="a \\"b\\"" , BEARER Realm="https://x/t", service = svc ,error="invalid_token"'), [
    { scheme: 'basic', params: { realm: 'a "b"' } },
    { scheme: 'bearer', params: { realm: 'https://x/t', service: 'svc', error: 'invalid_token' } },
  ]);
});

void test('a scheme without parameters, and garbage, do not throw', () => {
  assert.deepEqual(parseChallenges('Bearer'), [{ scheme: 'bearer', params: {} }]);
  assert.deepEqual(parseChallenges(''), []);
  assert.deepEqual(parseChallenges('Bearer realm="unterminated'), [{ scheme: 'bearer', params: {} }]);
  assert.deepEqual(parseChallenges('=== ,,'), []);
});
