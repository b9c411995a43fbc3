import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { FileMeta } from '../../image/types.ts';
import type { CatalogOutput } from '../types.ts';
import { npmCataloger } from './index.ts';

const meta = (path: string, size = 100): FileMeta => ({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, size });
const wanted = (path: string): boolean => {
  const w = npmCataloger.wants;
  const base = path.slice(path.lastIndexOf('/') + 1);
  return (w.basenames as readonly string[]).includes(base) && w.predicate(meta(path));
};

void describe('npmCataloger.wants', () => {
  void it('has metadata first and the folder name as id', () => {
    assert.equal(npmCataloger.id, 'npm');
    assert.equal(npmCataloger.kind, 'language');
    assert.ok(npmCataloger.specUrls.length > 0);
  });
  for (const path of [
    '/srv/app/node_modules/express/package.json',
    '/srv/app/node_modules/@types/node/package.json',
    '/srv/app/node_modules/a/node_modules/b/package.json',
    '/usr/share/nodejs/acorn/package.json',
    '/usr/share/nodejs/@types/node/package.json',
    '/usr/lib/node_modules/npm/node_modules/semver/package.json',
    '/srv/app/package.json',
    '/srv/app/package-lock.json',
    '/srv/app/yarn.lock',
    '/srv/app/pnpm-lock.yaml',
  ]) {
    void it(`accepts ${path}`, () => assert.equal(wanted(path), true));
  }
  for (const path of [
    '/srv/app/node_modules/express/lib/package.json',
    '/srv/app/node_modules/@types/package.json',
    '/srv/app/node_modules/.package-lock.json',
    '/srv/app/node_modules/foo/package-lock.json',
    '/srv/app/node_modules/foo/yarn.lock',
    // Debian ships upstream's dev lockfile inside the module dir (big-mixed: /usr/share/nodejs/postcss/pnpm-lock.yaml).
    '/usr/share/nodejs/postcss/pnpm-lock.yaml',
    '/usr/share/nodejs/acorn/dist/package.json',
    '/srv/app/package.json.bak',
  ]) {
    void it(`rejects ${path}`, () => assert.equal(wanted(path), false));
  }
});

void describe('npmCataloger.parse', () => {
  const parse = (path: string, text: string): CatalogOutput =>
    npmCataloger.parse({ meta: meta(path, text.length), content: Buffer.from(text) });

  void it('reads a scoped installed package with a legacy license object', () => {
    const out = parse('/a/node_modules/@s/x/package.json', '{"name":"@s/x","version":"1.0.0","license":{"type":"MIT"}}');
    assert.deepEqual(out.packages, [{ type: 'npm', namespace: '@s', name: 'x', version: '1.0.0', licenses: ['MIT'] }]);
  });
  void it('reads the legacy licenses array', () => {
    const out = parse('/a/node_modules/x/package.json', '{"name":"x","version":"1.0.0","licenses":[{"type":"MIT"},"Apache-2.0"]}');
    assert.deepEqual(out.packages?.[0]?.licenses, ['MIT', 'Apache-2.0']);
  });
  void it('marks a project manifest', () => {
    const out = parse('/srv/app/package.json', '{"name":"app","version":"1.0.0"}');
    assert.deepEqual(out.packages?.[0]?.metadata, { project: true });
  });
  void it('skips manifests without a version', () => {
    assert.deepEqual(parse('/a/node_modules/x/package.json', '{"name":"x"}'), {});
  });
  void it('turns broken JSON into a diagnostic', () => {
    const out = parse('/a/node_modules/x/package.json', '{"name": ');
    assert.equal(out.packages, undefined);
    assert.equal(out.diagnostics?.[0]?.code, 'npm-package-json-malformed');
  });
});

const rootfs = join(process.env.TESTBED_OUT ?? join(homedir(), '.cache/reins-testbed'), 'rootfs/node-app');
void describe('node-app test-bed image', { skip: !existsSync(join(rootfs, 'srv/app/package-lock.json')) && 'test bed not built' }, () => {
  void it('reads the v3 package-lock.json: the same name@version set as node_modules per Trivy', () => {
    const path = '/srv/app/package-lock.json';
    const content = readFileSync(join(rootfs, path));
    const out = npmCataloger.parse({ meta: meta(path, content.length), content });
    const got = new Set(out.packages?.map((p) => `${p.namespace ? `${p.namespace}/` : ''}${p.name}@${p.version}`));
    const ref = readFileSync(new URL('../../../../shared/testbed/reference/node-app/packages.tsv', import.meta.url), 'utf8');
    const expected = new Set(
      ref
        .split('\n')
        .map((l) => l.split('\t'))
        .filter((c) => c[0] === 'node-pkg' && c[3]?.includes('node_modules/'))
        .map((c) => `${c[1]}@${c[2]}`),
    );
    assert.deepEqual(got, expected);
  });
  void it('reads every node_modules package.json Trivy lists, with the same name and version', () => {
    const ref = readFileSync(new URL('../../../../shared/testbed/reference/node-app/packages.tsv', import.meta.url), 'utf8');
    const rows = ref.split('\n').map((l) => l.split('\t')).filter((c) => c[0] === 'node-pkg');
    assert.equal(rows.length, 79);
    for (const [, name, version, path] of rows) {
      const abs = `/${path}`;
      const content = readFileSync(join(rootfs, abs));
      const out = npmCataloger.parse({ meta: meta(abs, content.length), content });
      const p = out.packages?.[0];
      assert.equal(`${p?.namespace ? `${p.namespace}/` : ''}${p?.name}@${p?.version}`, `${name}@${version}`, abs);
    }
  });
});

const bigMixed = join(process.env.TESTBED_OUT ?? join(homedir(), '.cache/reins-testbed'), 'rootfs/big-mixed');
const npmBundled = '/usr/share/nodejs/npm/node_modules';
void describe('big-mixed: the npm CLI bundled deps', { skip: !existsSync(join(bigMixed, npmBundled)) && 'test bed not built' }, () => {
  void it('every bundled package.json is wanted and reported with its own name and version', () => {
    let checked = 0;
    for (const entry of readdirSync(join(bigMixed, npmBundled), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dirs = entry.name.startsWith('@') ? readdirSync(join(bigMixed, npmBundled, entry.name)).map((n) => `${entry.name}/${n}`) : [entry.name];
      for (const dir of dirs) {
        const path = `${npmBundled}/${dir}/package.json`;
        if (!existsSync(join(bigMixed, path))) continue;
        const content = readFileSync(join(bigMixed, path));
        const declared = JSON.parse(content.toString('utf8')) as { name?: string; version?: string };
        assert.equal(wanted(path), true, path);
        const p = npmCataloger.parse({ meta: meta(path, content.length), content }).packages?.[0];
        assert.equal(`${p?.namespace ? `${p.namespace}/` : ''}${p?.name}@${p?.version}`, `${declared.name}@${declared.version}`, path);
        checked++;
      }
    }
    assert.ok(checked > 10, `only ${checked} bundled packages found`);
  });
});
