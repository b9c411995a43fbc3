import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { FileMeta } from '../../image/types.ts';
import { rustCataloger } from './index.ts';

const meta = (path: string, mode = 0o755, size = 4096): FileMeta => ({ path, type: 'file', mode, uid: 0, gid: 0, size });
const fixture = (name: string): Buffer => readFileSync(new URL(`./fixtures/auditable/${name}`, import.meta.url));

void describe('rustCataloger.wants', () => {
  void it('executables with the ELF magic', () => {
    assert.equal(rustCataloger.wants.predicate(meta('/usr/local/bin/rg')), true);
    assert.equal(rustCataloger.wants.predicate(meta('/etc/passwd', 0o644)), false);
    assert.equal(rustCataloger.wants.accept(fixture('hello-auditable').subarray(0, 512)), true);
    assert.equal(rustCataloger.wants.accept(Buffer.from('#!/bin/sh\n')), false);
  });
});

void describe('rustCataloger.parse', () => {
  void it('reports the runtime crates of the .dep-v0 section, not the build ones', () => {
    const content = fixture('hello-auditable');
    const out = rustCataloger.parse({ meta: meta('/usr/local/bin/hello', 0o755, content.length), content });
    // Expected from dep-v0.json, read here as the source of truth.
    const doc = JSON.parse(fixture('dep-v0.json').toString('utf8')) as { packages: { name: string; version: string; kind?: string }[] };
    const expected = doc.packages.filter((p) => p.kind !== 'build').map((p) => `${p.name}@${p.version}`);
    assert.deepEqual(out.packages?.map((p) => `${p.name}@${p.version}`), expected);
    assert.equal(expected.length, 3);
    assert.deepEqual(out.packages?.find((p) => p.name === 'hello-auditable')?.metadata, { source: 'local', root: true });
  });
  void it('an ELF without .dep-v0 gives nothing', () => {
    const content = Buffer.from(fixture('hello-auditable'));
    // Rename the section in the string table: ".dep-v0" → ".dep-v9".
    const at = content.indexOf('.dep-v0\0', 0, 'latin1');
    content[at + 6] = 0x39;
    assert.deepEqual(rustCataloger.parse({ meta: meta('/bin/x', 0o755, content.length), content }), {});
  });
  void it('corrupt compressed data is a diagnostic', () => {
    const content = Buffer.from(fixture('hello-auditable'));
    const at = content.indexOf(Buffer.from([0x78, 0xda]));
    content.fill(0xff, at + 2, at + 20);
    const out = rustCataloger.parse({ meta: meta('/bin/x', 0o755, content.length), content });
    assert.equal(out.diagnostics?.[0]?.code, 'rust-audit-data-malformed');
  });
  void it('a truncated ELF does not throw', () => {
    const content = fixture('hello-auditable').subarray(0, 100);
    assert.deepEqual(rustCataloger.parse({ meta: meta('/bin/x', 0o755, content.length), content }), {});
  });
});
