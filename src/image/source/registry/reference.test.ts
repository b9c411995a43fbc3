// Expected normalisations follow the Docker CLI / distribution/reference (normalize.go,
// ParseNormalizedNamed): `docker pull alpine` pulls docker.io/library/alpine:latest, etc.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../../common/errors.ts';
import { formatReference, parseReference } from './reference.ts';

const D = `sha256:${'ab'.repeat(32)}`;

const valid: [string, ReturnType<typeof parseReference>][] = [
  ['alpine', { registry: 'registry-1.docker.io', repository: 'library/alpine', tag: 'latest' }],
  ['alpine:3.19', { registry: 'registry-1.docker.io', repository: 'library/alpine', tag: '3.19' }],
  ['bitnami/redis', { registry: 'registry-1.docker.io', repository: 'bitnami/redis', tag: 'latest' }],
  ['docker.io/alpine', { registry: 'registry-1.docker.io', repository: 'library/alpine', tag: 'latest' }],
  ['index.docker.io/library/alpine:edge', { registry: 'registry-1.docker.io', repository: 'library/alpine', tag: 'edge' }],
  ['127.0.0.1:5000/node-app:latest', { registry: '127.0.0.1:5000', repository: 'node-app', tag: 'latest' }],
  ['localhost/app', { registry: 'localhost', repository: 'app', tag: 'latest' }],
  ['localhost:5001/a/b/c:v1.2_3-x', { registry: 'localhost:5001', repository: 'a/b/c', tag: 'v1.2_3-x' }],
  ['ghcr.io/owner/my-app__x.y', { registry: 'ghcr.io', repository: 'owner/my-app__x.y', tag: 'latest' }],
  ['Example.COM/app', { registry: 'Example.COM', repository: 'app', tag: 'latest' }],
  ['[::1]:5000/app:1', { registry: '[::1]:5000', repository: 'app', tag: '1' }],
  [`alpine@${D}`, { registry: 'registry-1.docker.io', repository: 'library/alpine', digest: D }],
  [`quay.io/x/y:1.0@${D}`, { registry: 'quay.io', repository: 'x/y', tag: '1.0', digest: D }],
];

for (const [ref, want] of valid) {
  void test(`parseReference(${ref})`, () => {
    assert.deepEqual(parseReference(ref), want);
  });
}

const invalid: [string, RegExp][] = [
  ['', /empty/],
  ['Alpine', /lowercase/],
  ['example.com/App', /lowercase/],
  ['alpine:', /tag/],
  ['alpine:-bad', /tag/],
  [`alpine:${'a'.repeat(129)}`, /tag/],
  ['alpine@sha256:abc', /digest/],
  [`alpine@md5:${'a'.repeat(32)}`, /digest/],
  ['a//b', /path component ""/],
  ['a/-b', /path component/],
  ['a b', /whitespace/],
  ['example.com:99999/x', /port/],
  ['exa_mple.com/x', /registry host/],
  ['example.com/', /empty/],
  [`x/${'a'.repeat(300)}`, /longer than 255/],
];

for (const [ref, re] of invalid) {
  void test(`parseReference rejects ${JSON.stringify(ref.slice(0, 40))}`, () => {
    assert.throws(
      () => parseReference(ref),
      (err: unknown) => err instanceof UsageError && err.code === 'E_USAGE' && re.test(err.message) && !err.message.includes('\n'),
    );
  });
}

void test('formatReference round-trips the canonical form', () => {
  assert.equal(formatReference(parseReference('alpine')), 'registry-1.docker.io/library/alpine:latest');
  assert.equal(formatReference(parseReference(`h:1/x:t@${D}`)), `h:1/x:t@${D}`);
});
