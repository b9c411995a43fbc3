import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { FileMeta } from '../../image/types.ts';
import { phpCataloger } from './index.ts';

const meta = (path: string, size = 100): FileMeta => ({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, size });
const wanted = (path: string): boolean => phpCataloger.wants.suffixes.some((s) => path.endsWith(s));
const parseFixture = (dir: string) => {
  const content = readFileSync(new URL(`./fixtures/${dir}/installed.json`, import.meta.url));
  return phpCataloger.parse({ meta: meta('/var/www/vendor/composer/installed.json', content.length), content });
};

void describe('phpCataloger.wants', () => {
  void it('accepts vendor/composer/installed.json only', () => {
    assert.ok(wanted('/var/www/html/vendor/composer/installed.json'));
    assert.ok(!wanted('/var/www/html/installed.json'));
    assert.ok(!wanted('/var/www/html/vendor/composer/installed.php'));
    assert.ok(!wanted('/var/www/html/composer.json'));
  });
});

void describe('phpCataloger.parse', () => {
  void it('Composer 1 array', () => {
    assert.deepEqual(parseFixture('installed-v1').packages, [
      { type: 'composer', namespace: 'monolog', name: 'monolog', version: '2.9.1', licenses: ['MIT'] },
      { type: 'composer', namespace: 'psr', name: 'log', version: '1.1.4', licenses: ['MIT'] },
    ]);
  });
  void it('Composer 2 object, dev packages marked', () => {
    assert.deepEqual(parseFixture('installed-v2').packages, [
      { type: 'composer', namespace: 'symfony', name: 'console', version: 'v5.4.0', licenses: ['MIT'] },
      { type: 'composer', namespace: 'phpunit', name: 'phpunit', version: '9.6.0', licenses: ['BSD-3-Clause'], metadata: { dev: true } },
    ]);
  });
  void it('broken JSON and wrong shapes are diagnostics', () => {
    for (const text of ['{', '{"packages": 3}', '"x"']) {
      const out = phpCataloger.parse({ meta: meta('/v/vendor/composer/installed.json'), content: Buffer.from(text) });
      assert.equal(out.diagnostics?.[0]?.code, 'php-installed-json-malformed', text);
    }
  });
});
