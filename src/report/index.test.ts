import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatNamesFor, formats, getFormat } from './index.ts';
import { UsageError } from '../common/errors.ts';
import { fixtureReport, fixtureSbomReport } from './fixtures/report.ts';

const here = import.meta.dirname;
const NOT_FORMATS = new Set(['fixtures', 'testing']);

void describe('format registry', () => {
  void it('lists exactly the format folders, each with id = folder name and metadata', async () => {
    const folders = readdirSync(here).filter((f) => statSync(join(here, f)).isDirectory() && !NOT_FORMATS.has(f));
    assert.deepEqual(Object.keys(formats).sort(), folders.sort());
    assert.deepEqual(Object.keys(formats), [...Object.keys(formats)].sort(), 'registry is sorted');
    for (const [name, load] of Object.entries(formats)) {
      const f = await load();
      assert.equal(f.id, name);
      assert.ok(f.title && f.mediaType && f.commands.length, name);
      const source = readFileSync(join(here, name, 'index.ts'), 'utf8');
      assert.ok(source.startsWith('/**\n * @module report/'), `${name}/index.ts opens with its doc comment`);
    }
  });

  void it('resolves names per command and rejects the rest with the valid list', async () => {
    assert.equal(await getFormat('spdx-json', 'sbom'), await formats['spdx-json']());
    assert.deepEqual(await formatNamesFor('sbom'), ['cyclonedx', 'json', 'markdown', 'spdx-json', 'table']);
    await assert.rejects(
      () => getFormat('xml', 'scan'),
      (e: unknown) => e instanceof UsageError && e.code === 'E_USAGE_UNKNOWN_FORMAT' && e.message.includes('cyclonedx, json, junit, markdown, sarif, spdx-json, table'),
    );
    await assert.rejects(() => getFormat('sarif', 'sbom'), (e: unknown) => e instanceof UsageError && /not available for reins sbom/.test(e.message));
    await assert.rejects(() => getFormat('toString', 'scan'), UsageError);
  });

  void it('every format renders an SBOM and a scan; those that show secrets show the redacted match', async () => {
    for (const load of Object.values(formats)) {
      const f = await load();
      for (const report of [fixtureReport(), fixtureSbomReport()]) {
        const out = f.render({ reports: [report], color: false });
        assert.ok(out.length > 0 && out.endsWith('\n'), f.id);
      }
      const out = f.render({ reports: [fixtureReport()], color: false });
      const showsSecrets = !['cyclonedx', 'spdx-json'].includes(f.id);
      assert.equal(out.includes('AWS_ACCESS_KEY_ID=AKIA****************'), showsSecrets, f.id);
    }
  });
});
