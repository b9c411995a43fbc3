import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { FileMeta } from '../../image/types.ts';
import { runtimeCataloger } from './index.ts';
import { nodeVersion, pythonVersion } from './versions.ts';

const meta = (path: string, size = 4096): FileMeta => ({ path, type: 'file', mode: 0o755, uid: 0, gid: 0, size });
const parseFile = (path: string, content: Buffer) => runtimeCataloger.parse({ meta: meta(path, content.length), content });

void describe('runtimeCataloger.wants', () => {
  for (const p of [
    '/usr/local/bin/node',
    '/usr/lib/x86_64-linux-gnu/libnode.so.108',
    '/usr/bin/python3.11',
    '/usr/local/lib/libpython3.12.so.1.0',
    '/opt/java/openjdk/release',
  ]) {
    void it(`accepts ${p}`, () => assert.equal(runtimeCataloger.wants.predicate(meta(p)), true));
  }
  for (const p of ['/usr/bin/python3', '/usr/bin/nodejs', '/etc/os-release', '/usr/bin/python3.11-config', '/srv/node/index.js']) {
    void it(`rejects ${p}`, () => assert.equal(runtimeCataloger.wants.predicate(meta(p)), false));
  }
  void it('rejects a large file named release', () => assert.equal(runtimeCataloger.wants.predicate(meta('/x/release', 1 << 20)), false));
});

void describe('version probes on synthetic bytes', () => {
  void it('node: the release URL must repeat the same version', () => {
    const url = Buffer.from('\0https://nodejs.org/download/release/v20.11.1/node-v20.11.1.tar.gz\0', 'latin1');
    assert.equal(nodeVersion(url), '20.11.1');
    assert.equal(nodeVersion(Buffer.from('/download/release/v20.11.1/node-v20.11.0.tar.gz')), undefined);
    assert.equal(nodeVersion(Buffer.from('\0node.js/v16.0.0\0')), '16.0.0');
  });
  void it('python: only the NUL-delimited version of the file name major.minor', () => {
    assert.equal(pythonVersion(Buffer.from('\x003.11.2-6 junk\x003.11.4\0', 'latin1'), '3.11'), '3.11.4');
    assert.equal(pythonVersion(Buffer.from('\x003.12.0rc1\0', 'latin1'), '3.12'), '3.12.0rc1');
    assert.equal(pythonVersion(Buffer.from('\x003.10.1\0', 'latin1'), '3.11'), undefined);
  });
  void it('java: the release file', () => {
    const content = readFileSync(new URL('./fixtures/jdk-17/release', import.meta.url));
    assert.deepEqual(parseFile('/opt/java/openjdk/release', content).packages, [
      { type: 'generic', name: 'java', version: '17.0.2', metadata: { runtime: true, implementor: 'Eclipse Adoptium' } },
    ]);
    assert.deepEqual(parseFile('/srv/release', Buffer.from('v1.2 shipped\n')), {});
  });
});

/** Upstream version of a package in a dpkg status file: `1:18.20.4+dfsg-1~deb12u2` → `18.20.4`. */
function dpkgUpstream(statusPath: string, pkg: string): string | undefined {
  const stanza = readFileSync(statusPath, 'utf8').split('\n\n').find((s) => s.startsWith(`Package: ${pkg}\n`));
  const full = /^Version: (.+)$/m.exec(stanza ?? '')?.[1];
  return full?.replace(/^\d+:/, '').replace(/-[^-]+$/, '').replace(/[+~].*$/, '');
}

const testbed = join(process.env.TESTBED_OUT ?? join(homedir(), '.cache/reins-testbed'), 'rootfs');
const libnode = join(testbed, 'node-app/usr/lib/x86_64-linux-gnu/libnode.so.108');
const python = join(testbed, 'py-tools/usr/bin/python3.11');
void describe('real Debian runtimes of the test bed', { skip: !(existsSync(libnode) && existsSync(python)) && 'test bed not built' }, () => {
  void it('libnode.so.108 carries the nodejs upstream version; the /usr/bin/node launcher none', () => {
    const expected = dpkgUpstream(join(testbed, 'node-app/var/lib/dpkg/status'), 'nodejs');
    assert.ok(expected);
    const out = parseFile('/usr/lib/x86_64-linux-gnu/libnode.so.108', readFileSync(libnode));
    assert.deepEqual(out.packages?.map((p) => `${p.name}@${p.version}`), [`node@${expected}`]);
    assert.deepEqual(parseFile('/usr/bin/node', readFileSync(join(testbed, 'node-app/usr/bin/node'))), {});
  });
  void it('python3.11 carries the python3.11 upstream version', () => {
    const expected = dpkgUpstream(join(testbed, 'py-tools/var/lib/dpkg/status'), 'python3.11-minimal');
    assert.ok(expected);
    const out = parseFile('/usr/bin/python3.11', readFileSync(python));
    assert.deepEqual(out.packages?.map((p) => `${p.name}@${p.version}`), [`python@${expected}`]);
  });
});
