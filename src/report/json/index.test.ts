import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { jsonFormat, sortKeys } from './index.ts';
import { fixtureReport } from '../fixtures/report.ts';

void describe('json format', () => {
  void it('renders one report as the report object, contract fields first', () => {
    const report = fixtureReport();
    const out = jsonFormat.render({ reports: [report], color: false });
    const parsed = JSON.parse(out);
    assert.deepEqual(parsed, report);
    assert.deepEqual(Object.keys(parsed).slice(0, 4), ['reportVersion', 'tool', 'createdAt', 'artifact']);
    assert.ok(out.endsWith('}\n'));
  });

  void it('is stable whatever order the producer built objects in', () => {
    const a = fixtureReport();
    const b = fixtureReport();
    b.artifact = Object.fromEntries(Object.entries(b.artifact).reverse()) as typeof b.artifact;
    assert.equal(jsonFormat.render({ reports: [a], color: false }), jsonFormat.render({ reports: [b], color: false }));
  });

  void it('wraps several platforms in { reports } and adds the verdict', () => {
    const verdict = { passed: false, failures: ['critical vulnerability'] };
    const parsed = JSON.parse(jsonFormat.render({ reports: [fixtureReport(), fixtureReport()], color: false, verdict }));
    assert.equal(parsed.reports.length, 2);
    assert.deepEqual(parsed.verdict, verdict);
  });

  void it('drops undefined fields and keeps arrays in order', () => {
    assert.deepEqual(sortKeys({ b: 1, a: undefined, c: [3, 1] }), { b: 1, c: [3, 1] });
  });
});
