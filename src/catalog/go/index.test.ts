import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { FileMeta } from '../../image/types.ts';
import { goCataloger, stdlibVersion } from './index.ts';

const meta = (path: string, mode = 0o755, size = 4096): FileMeta => ({ path, type: 'file', mode, uid: 0, gid: 0, size });
const parseFile = (path: string, content: Buffer) => goCataloger.parse({ meta: meta(path, 0o755, content.length), content });
const id = (p: { namespace?: string; name: string; version: string }): string => `${p.namespace ? `${p.namespace}/` : ''}${p.name}@${p.version}`;

void describe('goCataloger.wants', () => {
  const w = goCataloger.wants;
  void it('wants executables and sniffs binary magic', () => {
    assert.equal(w.predicate(meta('/usr/local/bin/esbuild')), true);
    assert.equal(w.predicate(meta('/usr/share/doc/README', 0o644)), false);
    assert.equal(w.predicate(meta('/usr/bin/tiny', 0o755, 10)), false);
    // Any ELF / Mach-O / PE head is a candidate; only files holding the build-info magic are read.
    assert.equal(w.accept(Buffer.from('\x7fELF\x02\x01\x01', 'latin1')), true);
    assert.equal(w.accept(Buffer.from('MZ\x90\x00', 'latin1')), true);
    assert.equal(w.accept(Buffer.from('#!/bin/sh\n')), false);
    assert.equal(w.mustContain, '\xff Go buildinf:');
  });
});

void describe('stdlibVersion', () => {
  void it('semver as the Go vulnerability database spells it', () => {
    assert.equal(stdlibVersion('go1.22.0'), '1.22.0');
    assert.equal(stdlibVersion('go1.22.0 X:boringcrypto'), '1.22.0');
    assert.equal(stdlibVersion('go1.21rc2'), '1.21.0-rc.2');
    assert.equal(stdlibVersion('go1.20'), '1.20.0');
    assert.equal(stdlibVersion('go1.18beta1'), '1.18.0-beta.1');
    assert.equal(stdlibVersion('devel go1.23-abcdef'), undefined);
  });
});

const FIXTURE = new URL('../../../../shared/fixtures/gobinary/binary_with_module_replacement-linux-amd64', import.meta.url);
void describe('real Go binary with a module replacement (osv-scalibr fixture)', { skip: !existsSync(FIXTURE) && 'shared fixtures missing' }, () => {
  void it('reports the replacement module and stdlib, not the (devel) main module', () => {
    const content = readFileSync(FIXTURE);
    // Independent check of the fixture: the modinfo text is plain in the file (what `strings` shows),
    // with one `dep` line replaced by one `=>` line.
    const text = content.toString('latin1');
    assert.ok(text.includes('dep\tgolang.org/x/xerrors\tv0.0.0-20220907171357-04be3eba64a2\n=>\tgithub.com/golang/xerrors\tv0.0.0-20220907171357-04be3eba64a2\t'));
    assert.ok(text.includes('\x08go1.22.0'));
    const out = parseFile('/app/bin', content);
    assert.deepEqual(out.packages?.map(id), ['github.com/golang/xerrors@v0.0.0-20220907171357-04be3eba64a2', 'stdlib@1.22.0']);
    assert.equal(out.packages?.[0]?.namespace, 'github.com/golang');
    assert.equal(out.packages?.[0]?.metadata?.replaces, 'golang.org/x/xerrors@v0.0.0-20220907171357-04be3eba64a2');
    assert.equal(out.packages?.[1]?.metadata?.stdlib, true);
    assert.equal(out.packages?.[0]?.metadata?.mainModule, 'binary_with_module_replacement');
  });
});

const testbed = join(process.env.TESTBED_OUT ?? join(homedir(), '.cache/reins-testbed'), 'rootfs');
const esbuild = join(testbed, 'go-bins-mod/usr/local/bin/esbuild');
const registry = join(testbed, 'go-bins/bin/registry');
void describe('test-bed Go binaries', { skip: !(existsSync(esbuild) && existsSync(registry)) && 'test bed not built' }, () => {
  void it('go-bins-mod: the modules Trivy lists, plus stdlib', () => {
    const ref = readFileSync(new URL('../../../../shared/testbed/reference/go-bins-mod/packages.tsv', import.meta.url), 'utf8');
    const expected = ref.split('\n').map((l) => l.split('\t')).filter((c) => c[0] === 'gobinary').map((c) => `${c[1]}@${c[2]}`);
    const out = parseFile('/usr/local/bin/esbuild', readFileSync(esbuild));
    const got = out.packages ?? [];
    assert.deepEqual(got.filter((p) => p.metadata?.stdlib !== true).map(id), expected);
    // The oracle of the test bed matches stdlib at this version (vulns.tsv).
    const vulns = readFileSync(new URL('../../../../shared/testbed/reference/go-bins-mod/vulns.tsv', import.meta.url), 'utf8');
    const std = vulns.split('\n').find((l) => l.split('\t')[2] === 'stdlib')?.split('\t')[3];
    assert.deepEqual(got.filter((p) => p.metadata?.stdlib === true).map(id), [`stdlib@${std}`]);
  });
  void it('go-bins: GOPATH-mode build info gives no module, only stdlib', () => {
    const vulns = readFileSync(new URL('../../../../shared/testbed/reference/go-bins/vulns.tsv', import.meta.url), 'utf8');
    const std = vulns.split('\n').find((l) => l.split('\t')[2] === 'stdlib')?.split('\t')[3];
    const out = parseFile('/bin/registry', readFileSync(registry));
    assert.deepEqual(out.packages?.map(id), [`stdlib@${std}`]);
    // `strings` on the binary shows this `path` line (and no `mod` line).
    assert.equal(out.packages?.[0]?.metadata?.mainPackage, 'github.com/docker/distribution/cmd/registry');
  });
});
