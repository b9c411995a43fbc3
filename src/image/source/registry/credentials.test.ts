// Docker config shapes per https://docs.docker.com/reference/cli/docker/#configuration-files
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { InputError, UsageError } from '../../../common/errors.ts';
import { normaliseConfigKey, resolveCredentials } from './credentials.ts';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reins-creds-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const b64 = (s: string) => Buffer.from(s).toString('base64');

void test('normaliseConfigKey: URLs, Docker Hub aliases, case', () => {
  assert.equal(normaliseConfigKey('https://index.docker.io/v1/'), 'registry-1.docker.io');
  assert.equal(normaliseConfigKey('docker.io'), 'registry-1.docker.io');
  assert.equal(normaliseConfigKey('http://Reg.Example:5000/v2/'), 'reg.example:5000');
  assert.equal(normaliseConfigKey('ghcr.io'), 'ghcr.io');
});

void test('order: options, then env, then Docker config', async () => {
  await writeFile(join(dir, 'config.json'), JSON.stringify({ auths: { 'reg.test': { auth: b64('cfg:cfgpass') } } }));
  const env = { DOCKER_CONFIG: dir, REINS_REGISTRY_USERNAME: 'envu', REINS_REGISTRY_PASSWORD: 'envp' };
  assert.deepEqual(resolveCredentials('reg.test', { env, username: 'o', password: 'op' }), { username: 'o', password: 'op', source: 'options' });
  assert.equal(resolveCredentials('reg.test', { env })?.username, 'envu');
  assert.deepEqual(resolveCredentials('reg.test', { env: { DOCKER_CONFIG: dir } }), { username: 'cfg', password: 'cfgpass', source: join(dir, 'config.json') });
  assert.equal(resolveCredentials('other.test', { env: { DOCKER_CONFIG: dir } }), undefined);
});

void test('HOME/.docker/config.json, passwords containing ":", Docker Hub key', async () => {
  const home = join(dir, 'home');
  await import('node:fs/promises').then((fs) => fs.mkdir(join(home, '.docker'), { recursive: true }));
  await writeFile(join(home, '.docker', 'config.json'), JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth: b64('hubuser:pa:ss') } } }));
  assert.deepEqual(resolveCredentials('registry-1.docker.io', { env: { HOME: home } }), {
    username: 'hubuser',
    password: 'pa:ss',
    source: join(home, '.docker', 'config.json'),
  });
});

void test('no file, helper-only entries and empty env mean anonymous', async () => {
  assert.equal(resolveCredentials('reg.test', { env: {}, dockerConfigPath: join(dir, 'missing.json') }), undefined);
  await writeFile(join(dir, 'helpers.json'), JSON.stringify({ credsStore: 'desktop', auths: { 'reg.test': {} } }));
  assert.equal(resolveCredentials('reg.test', { env: {}, dockerConfigPath: join(dir, 'helpers.json') }), undefined);
});

void test('malformed config and half-given options are clear errors', async () => {
  await writeFile(join(dir, 'bad.json'), '{ not json');
  assert.throws(() => resolveCredentials('reg.test', { env: {}, dockerConfigPath: join(dir, 'bad.json') }), (e: unknown) => e instanceof InputError && e.message.includes('bad.json'));
  await writeFile(join(dir, 'badauth.json'), JSON.stringify({ auths: { 'reg.test': { auth: b64('nocolon') } } }));
  assert.throws(() => resolveCredentials('reg.test', { env: {}, dockerConfigPath: join(dir, 'badauth.json') }), (e: unknown) => e instanceof InputError && e.code === 'E_REGISTRY_AUTH');
  assert.throws(() => resolveCredentials('reg.test', { env: {}, username: 'u' }), UsageError);
});
