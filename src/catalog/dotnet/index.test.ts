import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { FileMeta } from '../../image/types.ts';
import { dotnetCataloger } from './index.ts';

const meta = (path: string, size = 100): FileMeta => ({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, size });
const wanted = (path: string): boolean => dotnetCataloger.wants.suffixes.some((s) => path.endsWith(s));

void describe('dotnetCataloger.wants', () => {
  void it('accepts *.deps.json only', () => {
    assert.ok(wanted('/app/WebApp.deps.json'));
    assert.ok(wanted('/usr/share/dotnet/shared/Microsoft.NETCore.App/6.0.0/Microsoft.NETCore.App.deps.json'));
    assert.ok(!wanted('/app/WebApp.runtimeconfig.json'));
    assert.ok(!wanted('/app/deps.json.bak'));
  });
});

void describe('dotnetCataloger.parse', () => {
  void it('reports libraries of type package only', () => {
    const content = readFileSync(new URL('./fixtures/webapp/WebApp.deps.json', import.meta.url));
    const out = dotnetCataloger.parse({ meta: meta('/app/WebApp.deps.json', content.length), content });
    assert.deepEqual(out.packages, [
      { type: 'nuget', name: 'Newtonsoft.Json', version: '13.0.1' },
      { type: 'nuget', name: 'Serilog', version: '2.12.0' },
    ]);
  });
  void it('broken input is a diagnostic', () => {
    for (const text of ['{', '{"libraries": []}', 'null']) {
      const out = dotnetCataloger.parse({ meta: meta('/app/x.deps.json'), content: Buffer.from(text) });
      assert.equal(out.diagnostics?.[0]?.code, 'dotnet-deps-json-malformed', text);
    }
  });
});
