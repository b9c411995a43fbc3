// Scanner tests: file selection (wants), binary sniffing, line numbers, redaction, and the testbed:
// every secret Trivy reports on layered-tricks (../../../../shared/testbed/reference) must be found
// in the layer dirs, with the same line, and debian-base's layer (a real Debian: CA bundles, docs,
// configs) must yield nothing. Testbed tests skip when $TESTBED_OUT is not built.
import { existsSync, lstatSync, readFileSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FileMeta } from '../../image/types.ts';
import { secretScanner } from './scanner.ts';
import { ALNUM, BASE32, BASE64, fakeChars, fakePem } from './testing/fake-secrets.ts';
import type { SecretDraft } from './types.ts';

function meta(path: string, size = 100, type: FileMeta['type'] = 'file'): FileMeta {
  return { path, type, mode: 0o644, uid: 0, gid: 0, size };
}

void describe('secretScanner.wants', () => {
  const p = secretScanner.wants.predicate!;
  void it('takes regular text files where image authors put secrets', () => {
    for (const path of ['/root/.aws/credentials', '/etc/app.env', '/opt/webapp/config/deploy.env', '/usr/local/bin/run.sh', '/home/app/.npmrc', '/srv/app/.env']) {
      assert.equal(p(meta(path)), true, path);
    }
  });
  void it('skips distribution trees, third-party trees, lock files, binaries, empty and huge files, non-files', () => {
    for (const m of [
      meta('/usr/share/doc/x/README'),
      meta('/usr/lib/python3/dist-packages/x.py'),
      meta('/srv/app/node_modules/jsonwebtoken/test/x.js'),
      meta('/srv/app/package-lock.json'),
      meta('/srv/app/logo.png'),
      meta('/srv/app/app.min.js'),
      meta('/etc/x', 0),
      meta('/etc/x', secretScanner.wants.maxBytes + 1),
      meta('/etc/link', 10, 'symlink'),
    ]) {
      assert.equal(p(m), false, m.path);
    }
  });
  void it('sniffs binary content', () => {
    const accept = secretScanner.wants.accept!;
    assert.equal(accept(Buffer.from('KEY=value\n')), true);
    assert.equal(accept(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00])), false);
    assert.equal(accept(Buffer.from('\x01\x02\x03\x04abc')), false);
  });
});

void describe('secretScanner.scanFile', () => {
  const akid = 'AKIA' + fakeChars(BASE32, 16, 31);
  const sak = fakeChars(BASE64, 40, 32);
  const ghp = 'ghp_' + fakeChars(ALNUM, 36, 33);

  void it('reports rule, 1-based line and a redacted match', () => {
    const text = `[default]\naws_access_key_id = ${akid}\naws_secret_access_key = ${sak}\n# é ünïcode ${ghp}\n`;
    const found = secretScanner.scanFile({ meta: meta('/root/.aws/credentials'), content: Buffer.from(text) });
    const brief = found.map((f) => [f.ruleId, f.line, f.match, f.source, f.path]);
    assert.deepEqual(brief.sort(), [
      ['aws-access-key-id', 2, `aws_access_key_id = ${akid.slice(0, 4)}********`, 'file', '/root/.aws/credentials'],
      ['aws-secret-access-key', 3, `aws_secret_access_key = ${sak.slice(0, 4)}********`, 'file', '/root/.aws/credentials'],
      ['github-pat', 4, '# é ünïcode ghp_********', 'file', '/root/.aws/credentials'],
    ]);
    for (const f of found) for (const s of [akid, sak, ghp]) assert.ok(!f.match.includes(s));
  });
  void it('reports a PEM key on its BEGIN line', () => {
    const text = 'intro\n' + fakePem('OPENSSH PRIVATE KEY');
    const [f, ...rest] = secretScanner.scanFile({ meta: meta('/root/.ssh/id_ed25519'), content: Buffer.from(text) });
    assert.deepEqual(rest, []);
    assert.equal(f!.ruleId, 'private-key');
    assert.equal(f!.line, 2);
    assert.equal(f!.match, '-'.repeat(5) + 'BEGIN OPENSSH PRIVATE KEY' + '-'.repeat(5));
  });
  void it('finds nothing in binary content even when a token is inside', () => {
    const content = Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(ghp)]);
    assert.deepEqual(secretScanner.scanFile({ meta: meta('/opt/blob'), content }), []);
  });
});

const testbed = process.env.TESTBED_OUT ?? join(homedir(), '.cache', 'reins-testbed');
const referenceDir = new URL('../../../../shared/testbed/reference/', import.meta.url);

/** Runs scanFile over every file of a layer dir, as the layer walker would (wants first). */
function scanLayerDir(dir: string): SecretDraft[] {
  const out: SecretDraft[] = [];
  const walk = (abs: string, rel: string): void => {
    for (const name of readdirSync(abs)) {
      const a = join(abs, name);
      const st = lstatSync(a);
      const path = `${rel}/${name}`;
      if (st.isDirectory()) walk(a, path);
      else if (st.isFile() && !name.startsWith('.wh.')) {
        const m: FileMeta = { path, type: 'file', mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, size: st.size };
        if (!secretScanner.wants.predicate!(m)) continue;
        const content = readFileSync(a);
        if (secretScanner.wants.accept && !secretScanner.wants.accept(content.subarray(0, 512))) continue;
        out.push(...secretScanner.scanFile({ meta: m, content }));
      }
    }
  };
  walk(dir, '');
  return out;
}

function layerDirs(image: string): string[] {
  const root = join(testbed, 'layers', image);
  return readdirSync(root).filter((d) => /^\d\d$/.test(d)).map((d) => join(root, d));
}

void describe('testbed', () => {
  const have = existsSync(join(testbed, 'layers', 'layered-tricks')) && existsSync(join(testbed, 'layers', 'debian-base'));
  void it('layered-tricks: finds every secret Trivy reports, same rule, path and line', { skip: !have && 'testbed not built' }, () => {
    const found = layerDirs('layered-tricks').flatMap(scanLayerDir);
    const expected = readFileSync(new URL('layered-tricks/secrets.tsv', referenceDir), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t'))
      .map(([, target, rule, , , line]) => `${rule} ${target}:${line}`);
    assert.equal(expected.length, 4);
    const got = found.map((f) => `${f.ruleId} ${f.path}:${f.line}`);
    for (const e of expected) assert.ok(got.includes(e), `missing ${e}; got ${got.join(', ')}`);
    // Nothing else: the other files of these layers (dpkg state, app.conf, ...) hold no secret.
    assert.equal(got.length, expected.length, got.join(', '));
  });
  void it('debian-base: no finding in a real Debian root filesystem', { skip: !have && 'testbed not built' }, () => {
    assert.deepEqual(layerDirs('debian-base').flatMap(scanLayerDir), []);
  });
  void it('every testbed image: the same findings as Trivy (rule, path, line), over all its layers', { skip: !have && 'testbed not built' }, () => {
    const images = readdirSync(join(testbed, 'specs')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
    assert.ok(images.length >= 8, images.join(' '));
    for (const image of images) {
      const spec = JSON.parse(readFileSync(join(testbed, 'specs', `${image}.json`), 'utf8')) as { layers: string[] };
      const got = spec.layers.flatMap((d) => scanLayerDir(join(testbed, d))).map((f) => `${f.ruleId} ${f.path}:${f.line}`);
      const tsv = new URL(`${image}/secrets.tsv`, referenceDir);
      const expected = existsSync(tsv)
        ? readFileSync(tsv, 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')).map(([, target, rule, , , line]) => `${rule} ${target}:${line}`)
        : [];
      assert.deepEqual(got.sort(), expected.sort(), image);
    }
  });
});
