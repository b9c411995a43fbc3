// Engine tests: keyword gate, entropy, allow-rules, the per-rule cap, and adversarial inputs built
// to make backtracking engines blow up. Only correctness is asserted; timings are in bench/secrets.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_MATCHES_PER_RULE, compileRule, findSecrets, shannonEntropy } from './engine.ts';
import { SECRET_RULES } from './rules/index.ts';
import { ALNUM, BASE32, fakeChars } from './testing/fake-secrets.ts';
import type { SecretRule } from './types.ts';

const dashes = '-'.repeat(5);

void describe('shannonEntropy', () => {
  void it('is 0 for one repeated char and log2(n) for n distinct chars', () => {
    assert.equal(shannonEntropy('aaaa'), 0);
    assert.equal(shannonEntropy('abcd'), 2);
    assert.equal(shannonEntropy(''), 0);
  });
});

void describe('findSecrets', () => {
  const rule: SecretRule = {
    id: 'test-rule',
    category: 'Test',
    title: 'Test',
    severity: 'LOW',
    keywords: ['tok_'],
    pattern: '(?P<secret>tok_[a-z]{4})',
    secretGroup: 'secret',
    allow: [{ id: 'allow-path', description: 'fixtures', path: '^/fixtures/' }, { id: 'allow-secret', description: 'demo', secret: 'demo$' }],
    specUrls: ['https://example.invalid'],
  };
  const rules = [rule];

  void it('gates on keywords case-insensitively but matches the pattern as written', () => {
    assert.equal(findSecrets('TOK_abcd tok_abcd', '/a', 'file', rules).length, 1);
    assert.deepEqual(findSecrets('nothing here', '/a', 'file', rules), []);
  });
  void it('gates case-sensitive rules on the keyword as written', () => {
    const cs: SecretRule = { ...rule, keywords: ['TOK_'], pattern: '(?i)(?P<secret>tok_[a-z]{4})', caseSensitive: true };
    assert.equal(findSecrets('TOK_abcd', '/a', 'file', [cs]).length, 1);
    assert.deepEqual(findSecrets('tok_abcd', '/a', 'file', [cs]), []);
  });
  void it('runs line-window rules on each keyword line, keeping offsets in the whole text', () => {
    const text = 'x\n'.repeat(1000) + 'a tok_abcd\n' + 'y\n'.repeat(10) + 'tok_efgh';
    const found = findSecrets(text, '/a', 'file', rules);
    assert.deepEqual(found.map((m) => [m.secret, text.slice(m.secretStart, m.secretEnd)]), [['tok_abcd', 'tok_abcd'], ['tok_efgh', 'tok_efgh']]);
  });
  void it('applies path and secret allow-rules', () => {
    assert.deepEqual(findSecrets('tok_abcd', '/fixtures/x', 'file', rules), []);
    assert.deepEqual(findSecrets('tok_demo', '/a', 'file', rules), []);
  });
  void it('respects scopes', () => {
    const cfg: SecretRule = { ...rule, scopes: ['config'] };
    assert.deepEqual(findSecrets('tok_abcd', '/a', 'file', [cfg]), []);
    assert.equal(findSecrets('tok_abcd', '/a', 'config', [cfg]).length, 1);
  });
  void it('caps matches per rule', () => {
    assert.equal(findSecrets('tok_abcd '.repeat(MAX_MATCHES_PER_RULE * 2), '/a', 'file', rules).length, MAX_MATCHES_PER_RULE);
  });
  void it('reports offsets of the secret group', () => {
    const [m] = findSecrets('xx tok_wxyz yy', '/a', 'file', rules);
    assert.deepEqual([m!.secretStart, m!.secretEnd, m!.secret], [3, 11, 'tok_wxyz']);
  });
});

void describe('adversarial inputs (registry rules)', () => {
  const mb = 1024 * 1024;
  void it('1 MiB of "a" has no secret', () => {
    assert.deepEqual(findSecrets('a'.repeat(mb), '/a', 'file'), []);
  });
  void it('keyword spam without a secret has none', () => {
    const spam = 'AKIA ghp_ glpat- xoxb- sk_live_ npm_ eyJ. :// private key service_account accountkey secret_access_key '.repeat(20000);
    assert.deepEqual(findSecrets(spam, '/a', 'file'), []);
  });
  void it('a BEGIN marker repeated without END (quadratic for naive scanners) has no key', () => {
    const text = `${dashes}BEGIN RSA PRIVATE KEY${dashes}\n${'QUJD'.repeat(16)}\n`.repeat(10000);
    assert.deepEqual(findSecrets(text, '/a', 'file'), []);
  });
  void it('an almost-URL with a huge userinfo has no credential', () => {
    const text = 'https://' + 'a:'.repeat(200000) + 'b';
    assert.deepEqual(findSecrets(text, '/a', 'file'), []);
  });
  void it('an almost-JWT (nested-quantifier bait) has no token', () => {
    const text = 'eyJ' + 'a'.repeat(300000) + '.eyJ' + 'b'.repeat(300000) + '!';
    assert.deepEqual(findSecrets(text, '/a', 'file'), []);
  });
  void it('still finds the one real secret at the end of 1 MiB of noise', () => {
    const akid = 'AKIA' + fakeChars(BASE32, 16, 99);
    const text = 'AKIA'.repeat(mb / 4) + '\nid=' + akid + '\n';
    const found = findSecrets(text, '/a', 'file').filter((m) => m.rule.id === 'aws-access-key-id');
    assert.deepEqual(found.map((m) => m.secret), [akid]);
  });
  void it('keeps going after many near-miss GitHub tokens', () => {
    const ghp = 'ghp_' + fakeChars(ALNUM, 36, 98);
    const text = ('ghp_' + 'x'.repeat(35) + ' ').repeat(20000) + ghp;
    assert.deepEqual(findSecrets(text, '/a', 'file').map((m) => m.secret), [ghp]);
  });
});

void describe('registered rules', () => {
  void it('every pattern and allow-rule compiles (patterns compile lazily at a keyword hit, so a bad one would surface only in the scan that hits it)', () => {
    assert.ok(SECRET_RULES.length > 10);
    for (const rule of SECRET_RULES) {
      const c = compileRule(rule);
      assert.equal(c.rule, rule);
      assert.equal(c.allowSecret.length + c.allowPath.length + c.allowMatch.length, (rule.allow ?? []).reduce((n, a) => n + [a.secret, a.path, a.match].filter((x) => x !== undefined).length, 0), rule.id);
    }
  });
  void it('a bad pattern throws', () => {
    assert.throws(() => compileRule({ ...SECRET_RULES[0]!, pattern: '(unclosed' }));
  });
});
