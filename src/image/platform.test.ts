import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatPlatform, hostPlatform, parsePlatform, platformMatches, selectPlatforms } from './platform.ts';

void test('hostPlatform maps Node arch names to OCI (GOARCH) names', () => {
  assert.deepEqual(hostPlatform('x64'), { os: 'linux', architecture: 'amd64' });
  assert.deepEqual(hostPlatform('arm64'), { os: 'linux', architecture: 'arm64', variant: 'v8' });
  assert.deepEqual(hostPlatform('ia32'), { os: 'linux', architecture: '386' });
  assert.deepEqual(hostPlatform('ppc64'), { os: 'linux', architecture: 'ppc64le' });
});

void test('parsePlatform / formatPlatform', () => {
  assert.deepEqual(parsePlatform('linux/arm64/v8'), { os: 'linux', architecture: 'arm64', variant: 'v8' });
  assert.deepEqual(parsePlatform('linux/amd64'), { os: 'linux', architecture: 'amd64' });
  assert.equal(parsePlatform('linux'), undefined);
  assert.equal(parsePlatform('a/b/c/d'), undefined);
  assert.equal(formatPlatform({ os: 'linux', architecture: 'arm', variant: 'v7' }), 'linux/arm/v7');
});

void test('platformMatches: arm64 without variant is v8; a wanted platform without variant takes any', () => {
  assert.ok(platformMatches({ os: 'linux', architecture: 'arm64', variant: 'v8' }, { os: 'linux', architecture: 'arm64' }));
  assert.ok(platformMatches({ os: 'linux', architecture: 'arm' }, { os: 'linux', architecture: 'arm', variant: 'v6' }));
  assert.ok(!platformMatches({ os: 'linux', architecture: 'arm', variant: 'v7' }, { os: 'linux', architecture: 'arm', variant: 'v6' }));
  assert.ok(!platformMatches({ os: 'linux', architecture: 'amd64' }, { os: 'windows', architecture: 'amd64' }));
});

void test('selectPlatforms: exact picks the first match, all picks every one', () => {
  const ps = [{ os: 'linux', architecture: 'arm', variant: 'v6' }, { os: 'linux', architecture: 'arm', variant: 'v7' }, { os: 'linux', architecture: 'amd64' }];
  assert.deepEqual(selectPlatforms({ kind: 'exact', platform: { os: 'linux', architecture: 'arm', variant: 'v7' } }, ps), [1]);
  assert.deepEqual(selectPlatforms({ kind: 'exact', platform: { os: 'linux', architecture: 's390x' } }, ps), []);
  assert.deepEqual(selectPlatforms({ kind: 'all' }, ps), [0, 1, 2]);
  const host = hostPlatform();
  const hostIndex = ps.findIndex((p) => p.architecture === host.architecture);
  assert.deepEqual(selectPlatforms({ kind: 'host' }, ps), hostIndex === -1 ? [] : [hostIndex]);
});
