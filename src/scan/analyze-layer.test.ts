import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { goCataloger } from '../catalog/go/index.ts';
import { rustCataloger } from '../catalog/rust/index.ts';
import { compress, layerFor, makeTar, memorySource } from '../image/test-support.ts';
import { createLayerAnalyzer } from './analyze-layer.ts';

const FIXTURE = new URL('../../../shared/fixtures/gobinary/binary_with_module_replacement-linux-amd64', import.meta.url);

void test('binary catalogers: a Go ELF without its build-id note is still found; other executables give nothing', { skip: !existsSync(FIXTURE) && 'shared fixtures missing' }, async () => {
  const go = readFileSync(FIXTURE);
  // Rename the Go build-id note ("Go\0\0" after namesz=4, descsz, type=4) so nothing in the head says "Go".
  const noNote = Buffer.from(go);
  let renamed = 0;
  for (let i = noNote.indexOf('Go\0\0', 12, 'latin1'); i !== -1 && i < 8192; i = noNote.indexOf('Go\0\0', i + 1, 'latin1')) {
    if (noNote.readUInt32LE(i - 12) === 4 && noNote.readUInt32LE(i - 4) === 4) {
      noNote.write('Xo', i, 'latin1');
      renamed++;
    }
  }
  assert.equal(renamed, 1, 'the fixture has one Go build-id note in its first page');
  const notGo = Buffer.concat([go.subarray(0, 4096), Buffer.alloc(200_000, 0x90)]); // an ELF head, no build info
  const tar = await makeTar([
    { name: 'app/with-note', content: go, mode: 0o755 },
    { name: 'app/without-note', content: noNote, mode: 0o755 },
    { name: 'app/not-go', content: notGo, mode: 0o755 },
  ]);
  const blob = compress(tar, 'gzip');
  const analyze = createLayerAnalyzer([goCataloger, rustCataloger], []);
  const result = await analyze(memorySource([blob]), layerFor(blob, tar));
  const found = new Map(result.files.map((f) => [f.path, f.catalog.flatMap((c) => (c.output.packages ?? []).map((p) => `${c.catalogerId}:${p.name}@${p.version}`))]));
  const expected = ['go:xerrors@v0.0.0-20220907171357-04be3eba64a2', 'go:stdlib@1.22.0'];
  assert.deepEqual(found.get('/app/with-note'), expected);
  assert.deepEqual(found.get('/app/without-note'), expected);
  assert.equal(found.has('/app/not-go'), false, 'an executable without the build-info magic is not handed to any cataloger');
});
