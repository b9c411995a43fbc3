// Per-rule tests: one true positive shaped by the token's documented format (see each rule's
// specUrls) and true negatives (wrong length / alphabet / documented placeholders). Secrets are
// assembled at run time by ../testing/fake-secrets.ts so the repository holds none in full.
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findSecrets } from '../engine.ts';
import type { SecretScope } from '../types.ts';
import { ALNUM, BASE32, BASE64, HEX, fakeChars, fakePem } from '../testing/fake-secrets.ts';
import { SECRET_RULES } from './index.ts';

interface Case {
  positive: { text: string; secret: string; scope?: SecretScope }[];
  negative: { text: string; why: string; scope?: SecretScope }[];
}

const akid = 'AKIA' + fakeChars(BASE32, 16, 3);
const awsSecret = fakeChars(BASE64, 40, 4);
const ghp = 'ghp_' + fakeChars(ALNUM, 36, 5);
const gho = 'gho_' + fakeChars(ALNUM, 36, 6);
const ghs = 'ghs_' + fakeChars(ALNUM, 36, 7);
const ghr = 'ghr_' + fakeChars(ALNUM, 36, 8);
const ghFine = 'github_pat_' + fakeChars(ALNUM, 22, 9) + '_' + fakeChars(ALNUM, 59, 10);
const glpat = 'glpat-' + fakeChars(ALNUM, 20, 11);
const slack = 'xoxb-' + fakeChars(DIGITSONLY(), 12, 12) + '-' + fakeChars(DIGITSONLY(), 13, 13) + '-' + fakeChars(ALNUM, 24, 14);
const stripe = 'sk_' + 'live_' + fakeChars(ALNUM, 24, 15);
const npm = 'npm_' + fakeChars(ALNUM, 36, 16);
const gcpId = fakeChars(HEX, 40, 17);
const azureKey = fakeChars(BASE64, 86, 18) + '==';
const jwt = ['eyJ' + fakeChars(ALNUM, 30, 19), 'eyJ' + fakeChars(ALNUM, 40, 20), fakeChars(ALNUM, 43, 21)].join('.');
const urlPass = fakeChars(ALNUM, 14, 22);
const pem = fakePem('RSA PRIVATE KEY');
const dashes = '-'.repeat(5);

function DIGITSONLY(): string {
  return '0123456789';
}

const CASES: Record<string, Case> = {
  'aws-access-key-id': {
    positive: [
      { text: `aws_access_key_id = ${akid}\n`, secret: akid },
      { text: `"${akid}"`, secret: akid },
      { text: `AWS_ACCESS_KEY_ID=${akid}`, secret: akid },
    ],
    negative: [
      { text: `id = ${akid}X`, why: 'too long (21 chars)' },
      { text: 'id = AKIA' + 'IOSFODNN7' + 'EXAMPLE', why: "AWS docs' example id" },
      { text: 'id = AKIA' + fakeChars(BASE32, 15, 3), why: 'too short' },
      { text: 'id = akia' + fakeChars(BASE32, 16, 3).toLowerCase(), why: 'lower case is not the format' },
    ],
  },
  'aws-secret-access-key': {
    positive: [
      { text: `[default]\naws_secret_access_key = ${awsSecret}\n`, secret: awsSecret },
      { text: `AWS_SECRET_ACCESS_KEY="${awsSecret}"`, secret: awsSecret },
      { text: `SecretAccessKey: ${awsSecret}`, secret: awsSecret },
    ],
    negative: [
      { text: `aws_secret_access_key = ${awsSecret.slice(0, 39)}`, why: '39 chars' },
      { text: `aws_secret_access_key = ${'A'.repeat(40)}`, why: 'low entropy' },
      { text: `aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCY${'EXAMPLE'}KEY`, why: "AWS docs' example" },
      { text: `some_key = ${awsSecret}`, why: 'no key name context' },
    ],
  },
  'azure-storage-account-key': {
    positive: [{ text: `DefaultEndpointsProtocol=https;AccountName=x;AccountKey=${azureKey};EndpointSuffix=core.windows.net`, secret: azureKey }],
    negative: [{ text: `AccountKey=${azureKey.slice(0, 60)}==`, why: 'too short' }],
  },
  'env-password': {
    positive: [
      { text: 'DB_PASSWORD=hunter2', secret: 'hunter2', scope: 'config' },
      { text: '/bin/sh -c #(nop)  ENV API_TOKEN=abc123def', secret: 'abc123def', scope: 'config' },
    ],
    negative: [
      { text: 'DB_PASSWORD=hunter2', why: 'config-only rule, not for files', scope: 'file' },
      { text: 'DB_PASSWORD_FILE=/run/secrets/db', why: 'file reference', scope: 'config' },
      { text: 'DB_PASSWORD=${DB_PASSWORD}', why: 'variable', scope: 'config' },
      { text: 'SKIP_TOKEN=true', why: 'flag', scope: 'config' },
      { text: 'PATH=/usr/local/bin:/usr/bin', why: 'no secret-ish key', scope: 'config' },
    ],
  },
  'gcp-service-account': {
    positive: [{ text: `{\n  "type": "service_account",\n  "private_key_id": "${gcpId}",\n}`, secret: gcpId }],
    negative: [{ text: `{"type": "authorized_user", "private_key_id": "${gcpId}"}`, why: 'not a service account file' }],
  },
  'github-app-token': { positive: [{ text: `token: ${ghs}`, secret: ghs }], negative: [{ text: `token: ${ghs.slice(0, 30)}`, why: 'short' }] },
  'github-fine-grained-pat': {
    positive: [{ text: `GH=${ghFine}\n`, secret: ghFine }],
    negative: [{ text: `GH=${ghFine.slice(0, 50)}`, why: 'truncated' }],
  },
  'github-oauth': { positive: [{ text: `"${gho}"`, secret: gho }], negative: [{ text: `x${gho}`, why: 'glued to a word' }] },
  'github-pat': {
    positive: [{ text: `GITHUB_TOKEN=${ghp}\n`, secret: ghp }],
    negative: [
      { text: `GITHUB_TOKEN=${ghp}Z`, why: '37 chars' },
      { text: 'GITHUB_TOKEN=ghp_' + '<your token>', why: 'placeholder' },
    ],
  },
  'github-refresh-token': { positive: [{ text: ghr, secret: ghr }], negative: [{ text: 'ghr_' + 'x'.repeat(10), why: 'short' }] },
  'gitlab-pat': { positive: [{ text: `PRIVATE-TOKEN: ${glpat}`, secret: glpat }], negative: [{ text: 'glpat-' + 'abc', why: 'short' }] },
  'jwt-token': {
    positive: [{ text: `Authorization: Bearer ${jwt}\n`, secret: jwt }],
    negative: [{ text: 'eyJ' + 'abc.eyJ' + 'def.ghi', why: 'too short' }],
  },
  'npm-access-token': {
    positive: [{ text: `//registry.npmjs.org/:_authToken=${npm}\n`, secret: npm }],
    negative: [{ text: 'npm_config_cache_lock_stale=60000', why: 'npm config variable' }],
  },
  'private-key': {
    positive: [{ text: pem, secret: '' }, { text: JSON.stringify({ private_key: fakePem('PRIVATE KEY') }), secret: '' }, { text: fakePem('OPENSSH PRIVATE KEY'), secret: '' }, { text: fakePem('PGP PRIVATE KEY BLOCK'), secret: '' }],
    negative: [
      { text: `${dashes}BEGIN RSA PRIVATE KEY${dashes}\n...\n${dashes}END RSA PRIVATE KEY${dashes}`, why: 'placeholder body' },
      { text: fakePem('CERTIFICATE'), why: 'certificate, public' },
      { text: fakePem('PUBLIC KEY'), why: 'public key' },
    ],
  },
  'slack-access-token': {
    positive: [{ text: `SLACK_BOT_TOKEN=${slack}`, secret: slack }],
    negative: [{ text: 'xoxb-' + 'not-a-token', why: 'too short parts' }],
  },
  'stripe-secret-token': {
    positive: [{ text: `stripe.api_key = "${stripe}"`, secret: stripe }],
    negative: [{ text: 'sk_' + 'test_' + fakeChars(ALNUM, 24, 15), why: 'test-mode key' }],
  },
  'url-credentials': {
    positive: [{ text: `DATABASE_URL=postgres://app:${urlPass}@db.internal:5432/app`, secret: urlPass }],
    negative: [
      { text: 'ftp://user:password@ftp.internal/', why: 'placeholder password' },
      { text: `https://user:${urlPass}@www.example.com/`, why: 'documentation host' },
      { text: 'https://user:${PASS}@host.internal/', why: 'variable' },
      { text: 'see https://debian.org/ and mailto:a@b', why: 'no userinfo' },
    ],
  },
};

void describe('secret rule registry', () => {
  void it('holds exactly the rule files on disk, sorted, ids equal to file names', () => {
    const files = readdirSync(new URL('.', import.meta.url))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.test.ts'))
      .map((f) => f.slice(0, -3))
      .sort();
    assert.deepEqual(SECRET_RULES.map((r) => r.id), files);
  });
  void it('every rule has keywords (lower-case unless case-sensitive), a secret group and spec links', () => {
    for (const r of SECRET_RULES) {
      assert.ok(r.keywords.length > 0, r.id);
      for (const k of r.keywords) if (!r.caseSensitive) assert.equal(k, k.toLowerCase(), `${r.id} keyword ${k}`);
      assert.ok(r.pattern.includes(`(?P<${r.secretGroup}>`), r.id);
      assert.ok(r.specUrls.length > 0 && r.specUrls.every((u) => u.startsWith('https://')), r.id);
    }
  });
  void it('has a test case for every rule', () => {
    assert.deepEqual(Object.keys(CASES).sort(), SECRET_RULES.map((r) => r.id));
  });
});

for (const rule of SECRET_RULES) {
  const c = CASES[rule.id];
  void describe(`rule ${rule.id}`, () => {
    for (const [i, p] of (c?.positive ?? []).entries()) {
      void it(`finds positive #${i}`, () => {
        const found = findSecrets(p.text, '/app/x', p.scope ?? 'file', [rule]);
        assert.equal(found.length, 1, JSON.stringify(found.map((f) => f.secret)));
        if (p.secret !== '') assert.equal(found[0]!.secret, p.secret);
        assert.equal(p.text.slice(found[0]!.secretStart, found[0]!.secretEnd), found[0]!.secret);
      });
    }
    for (const n of c?.negative ?? []) {
      void it(`ignores: ${n.why}`, () => {
        assert.deepEqual(findSecrets(n.text, '/app/x', n.scope ?? 'file', [rule]), []);
      });
    }
  });
}
