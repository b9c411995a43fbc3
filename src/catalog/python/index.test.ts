import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { FileMeta } from '../../image/types.ts';
import { pythonCataloger } from './index.ts';

const meta = (path: string, size = 100): FileMeta => ({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, size });
const wanted = (path: string): boolean => pythonCataloger.wants.suffixes.some((s) => path.endsWith(s));
const parseFile = (path: string, content: Buffer) => pythonCataloger.parse({ meta: meta(path, content.length), content });

void describe('pythonCataloger.wants', () => {
  for (const path of [
    '/usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA',
    '/opt/venv/lib/python3.11/site-packages/requests-2.28.1.egg-info/PKG-INFO',
    '/usr/lib/python3/dist-packages/python_apt-2.6.0.egg-info',
    '/usr/lib/python3/site-packages/foo-1.0-py3.11.egg/EGG-INFO/PKG-INFO',
  ]) {
    void it(`accepts ${path}`, () => assert.equal(wanted(path), true));
  }
  for (const path of [
    '/usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/RECORD',
    '/usr/lib/python3/dist-packages/requests-2.28.1.egg-info/requires.txt',
    '/srv/METADATA',
    '/srv/PKG-INFO',
  ]) {
    void it(`rejects ${path}`, () => assert.equal(wanted(path), false));
  }
});

void describe('pythonCataloger.parse', () => {
  const fixture = (name: string): Buffer => readFileSync(new URL(`./fixtures/core-metadata/${name}`, import.meta.url));
  void it('METADATA 2.4: declared name, License-Expression, header block only', () => {
    const out = parseFile('/x/Example_Pkg-1.0.post1.dist-info/METADATA', fixture('METADATA'));
    assert.deepEqual(out.packages, [{ type: 'pypi', name: 'Example_Pkg', version: '1.0.post1', licenses: ['MIT OR Apache-2.0'] }]);
  });
  void it('PKG-INFO 1.1: multi-line License falls back to classifiers', () => {
    const out = parseFile('/x/legacy_pkg-0.9.egg-info/PKG-INFO', fixture('PKG-INFO'));
    assert.deepEqual(out.packages?.[0]?.licenses, ['BSD License', 'Public Domain']);
  });
  void it('a file without Name/Version is a diagnostic', () => {
    const out = parseFile('/x/a.dist-info/METADATA', Buffer.from('Metadata-Version: 2.1\n\n'));
    assert.equal(out.packages, undefined);
    assert.equal(out.diagnostics?.[0]?.code, 'python-metadata-incomplete');
  });
});

const rootfs = join(process.env.TESTBED_OUT ?? join(homedir(), '.cache/reins-testbed'), 'rootfs/py-tools');
void describe('py-tools test-bed image', { skip: !existsSync(join(rootfs, 'opt/venv')) && 'test bed not built' }, () => {
  void it('reads the packages Trivy lists with the same name and version', () => {
    const ref = readFileSync(new URL('../../../../shared/testbed/reference/py-tools/packages.tsv', import.meta.url), 'utf8');
    const rows = ref.split('\n').map((l) => l.split('\t')).filter((c) => c[0] === 'python-pkg');
    assert.equal(rows.length, 2);
    for (const [, name, version, path] of rows) {
      const out = parseFile(`/${path}`, readFileSync(join(rootfs, path!)));
      assert.equal(`${out.packages?.[0]?.name}@${out.packages?.[0]?.version}`, `${name}@${version}`);
    }
  });
});
