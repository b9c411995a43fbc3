import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareVersions } from '../../version/ecosystems.ts';
import { seededRandom } from '../../version/prng.ts';
import { evaluateAffected } from './range.ts';
import type { Compare } from './range.ts';
import type { OsvAffected, OsvEvent } from './schema.ts';
import { encodeSummary, summaryMayContain } from './summary.ts';

const npm: Compare = (a, b) => compareVersions('npm', a, b);
const deb: Compare = (a, b) => compareVersions('Debian', a, b);

/** The reference verdict: a record is read when any entry has a hit or a skipped range. */
function reference(entries: OsvAffected[], version: string, cmp: Compare): boolean {
  return entries.some((a) => {
    const r = evaluateAffected(a, version, cmp, 'test');
    return r.hits.length > 0 || r.skipped.length > 0;
  });
}

function valid(v: string, cmp: Compare): boolean {
  try {
    cmp(v, v);
    return true;
  } catch {
    return false;
  }
}

const POOLS: [string, Compare, string[]][] = [
  ['npm', npm, ['0', '0.0.1', '1.0.0', '1.0.0-rc.1', '1.2.3', '1.5.0', '2.0.0', '2.3.0', '10.0.0', '*', 'junk', 'v1.2.3', '1.2', '']],
  ['Debian', deb, ['0', '1.0-1', '1:1.0-1', '2.30-1', '2.36-9+deb12u3', '2.36-9+deb12u4', '2.36-10', '3.0.11-1~deb12u1', '*', 'not a version!', '']],
];

function randomEntry(rand: () => number, pool: string[]): OsvAffected {
  const pick = (): string => pool[Math.floor(rand() * pool.length)]!;
  const ranges: NonNullable<OsvAffected['ranges']> = [];
  for (let r = Math.floor(rand() * 3); r > 0; r--) {
    const events: OsvEvent[] = [];
    for (let e = Math.floor(rand() * 5); e > 0; e--) {
      const k = rand();
      events.push(k < 0.4 ? { introduced: rand() < 0.4 ? '0' : pick() } : k < 0.7 ? { fixed: pick() } : k < 0.9 ? { last_affected: pick() } : { limit: pick() });
    }
    ranges.push({ type: rand() < 0.1 ? 'GIT' : rand() < 0.5 ? 'SEMVER' : 'ECOSYSTEM', events });
  }
  const versions = rand() < 0.3 ? Array.from({ length: Math.floor(rand() * 3) }, pick) : undefined;
  return { package: { ecosystem: 'x', name: 'y' }, ranges, ...(versions ? { versions } : {}) };
}

void describe('range summary (schema 5)', () => {
  void test('the flat form: one item per listed version and per ECOSYSTEM/SEMVER range, GIT left out', () => {
    const a: OsvAffected = {
      ranges: [
        { type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.2.3' }] },
        { type: 'GIT', events: [{ introduced: 'abc' }] },
        { type: 'ECOSYSTEM', events: [{ introduced: '1.0' }, { last_affected: '1.1' }, { limit: '2' }] },
      ],
      versions: ['0.9'],
    };
    assert.equal(encodeSummary([a]), 'v0.9\u001eri0\u001ff1.2.3\u001eri1.0\u001fl1.1\u001fL2');
    assert.equal(encodeSummary([]), '');
  });

  void test('falls back to JSON for a separator inside a version or an event with two fields', () => {
    const sep: OsvAffected = { versions: ['1.0\u001f0'] };
    assert.equal(encodeSummary([sep])[0], '[');
    assert.equal(summaryMayContain(encodeSummary([sep]), '1.0\u001f0', npm), true);
    const two: OsvAffected = { ranges: [{ type: 'SEMVER', events: [{ introduced: '0', fixed: '1.0.0' }] }] };
    assert.equal(encodeSummary([two])[0], '[');
    for (const v of ['0.5.0', '1.0.0', '2.0.0']) assert.equal(summaryMayContain(encodeSummary([two]), v, npm), reference([two], v, npm), v);
  });

  void test('known verdicts', () => {
    const s = encodeSummary([{ ranges: [{ type: 'SEMVER', events: [{ fixed: '1.5.0' }, { introduced: '2.0.0' }, { introduced: '1.0.0' }, { fixed: '2.3.0' }] }] }]);
    assert.deepEqual(['0.9.0', '1.0.0', '1.4.9', '1.5.0', '1.9.0', '2.0.0', '2.2.9', '2.3.0'].map((v) => summaryMayContain(s, v, npm)), [
      false, true, true, false, false, true, true, false,
    ]);
    // An event version the scheme rejects: the range is skipped by evaluateAffected, so the record must be read.
    assert.equal(summaryMayContain(encodeSummary([{ ranges: [{ type: 'SEMVER', events: [{ introduced: 'junk' }, { fixed: '2.0.0' }] }] }]), '3.0.0', npm), true);
    // An unparsable listed version is just not equal.
    assert.equal(summaryMayContain(encodeSummary([{ versions: ['junk'] }]), '3.0.0', npm), false);
    assert.equal(summaryMayContain(encodeSummary([{ ranges: [{ type: 'GIT', events: [{ introduced: '0' }] }] }]), '3.0.0', npm), false);
  });

  void test('a summary followed by other text is read up to its length; a version with a control character gives the JSON form', () => {
    const s = encodeSummary([{ ranges: [{ type: 'SEMVER', events: [{ introduced: '1.0.0' }, { fixed: '2.0.0' }] }], versions: ['3.0.0'] }]);
    const tail = `${s}\u0001\u001ev5.0.0\u001eri0`;
    for (const v of ['0.5.0', '1.5.0', '3.0.0', '5.0.0', '6.0.0']) assert.equal(summaryMayContain(tail, v, npm, s.length), summaryMayContain(s, v, npm), v);
    assert.equal(summaryMayContain(tail, '5.0.0', npm, s.length), false);
    const j = encodeSummary([{ versions: ['1.0.0\u0001x'] }]);
    assert.equal(j[0], '[');
    assert.ok(![...j].some((c) => c.charCodeAt(0) < 0x20), j);
    assert.equal(summaryMayContain(`${j}\u0001cX`, '1.0.0', npm, j.length), false);
  });

  void test('agrees with evaluateAffected on 40,000 random entries (npm and Debian orderings)', () => {
    const rand = seededRandom(7);
    let checked = 0;
    let positives = 0;
    for (const [scheme, cmp, pool] of POOLS) {
      const installed = pool.filter((v) => valid(v, cmp));
      for (let k = 0; k < 20_000; k++) {
        const entries = Array.from({ length: 1 + Math.floor(rand() * 2) }, () => randomEntry(rand, pool));
        const summary = encodeSummary(entries);
        const v = installed[Math.floor(rand() * installed.length)]!;
        const want = reference(entries, v, cmp);
        assert.equal(summaryMayContain(summary, v, cmp), want, `${scheme} ${v} ${JSON.stringify(entries)}`);
        checked++;
        if (want) positives++;
      }
    }
    assert.equal(checked, 40_000);
    // Both verdicts are well represented (the comparison is not vacuous).
    assert.ok(positives > 8_000 && positives < 32_000, `${positives} positives`);
  });
});
