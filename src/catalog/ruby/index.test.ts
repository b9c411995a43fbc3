import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { FileMeta } from '../../image/types.ts';
import { rubyCataloger } from './index.ts';

const meta = (path: string, size = 100): FileMeta => ({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, size });
const wanted = (path: string): boolean => rubyCataloger.wants.suffixes.some((s) => path.endsWith(s)) && rubyCataloger.wants.predicate(meta(path));
const fixture = (name: string): Buffer => readFileSync(new URL(`./fixtures/specifications/${name}`, import.meta.url));

void describe('rubyCataloger.wants', () => {
  for (const p of [
    '/usr/local/bundle/specifications/rake-13.0.6.gemspec',
    '/usr/share/rubygems-integration/all/specifications/json-2.6.3.gemspec',
    '/var/lib/gems/3.1.0/specifications/default/bundler-2.3.5.gemspec',
  ]) {
    void it(`accepts ${p}`, () => assert.ok(wanted(p)));
  }
  for (const p of ['/srv/app/myapp.gemspec', '/usr/local/bundle/gems/rake-13.0.6/rake.gemspec', '/usr/local/bundle/specifications/README']) {
    void it(`rejects ${p}`, () => assert.ok(!wanted(p)));
  }
});

void describe('rubyCataloger.parse', () => {
  void it('reads the literal name, version and licenses', () => {
    const content = fixture('rake-13.0.6.gemspec');
    const out = rubyCataloger.parse({ meta: meta('/g/specifications/rake-13.0.6.gemspec', content.length), content });
    assert.deepEqual(out.packages, [{ type: 'gem', name: 'rake', version: '13.0.6', licenses: ['MIT'] }]);
  });
  void it('computed values give a diagnostic, not a guess', () => {
    const content = fixture('computed-1.0.gemspec');
    const out = rubyCataloger.parse({ meta: meta('/g/specifications/computed-1.0.gemspec', content.length), content });
    assert.equal(out.packages, undefined);
    assert.equal(out.diagnostics?.[0]?.code, 'ruby-gemspec-unreadable');
  });
  void it('falls back to the stub line', () => {
    const content = Buffer.from('# stub: nokogiri 1.15.4 x86_64-linux lib\nGem::Specification.new do |s|\nend\n');
    const out = rubyCataloger.parse({ meta: meta('/g/specifications/nokogiri-1.15.4-x86_64-linux.gemspec'), content });
    assert.deepEqual(out.packages, [{ type: 'gem', name: 'nokogiri', version: '1.15.4' }]);
  });
});
