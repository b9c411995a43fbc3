import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareVersions } from '../../version/ecosystems.ts';
import { seededRandom } from '../../version/prng.ts';
import type { OsvAffected, OsvEvent } from './schema.ts';
import { evaluateAffected, mayContain, sortEvents } from './range.ts';

const npm = (a: string, b: string): -1 | 0 | 1 => compareVersions('npm', a, b);
const deb = (a: string, b: string): -1 | 0 | 1 => compareVersions('Debian', a, b);

function affected(events: Record<string, string>[], type = 'SEMVER', versions?: string[]): OsvAffected {
  return { package: { ecosystem: 'npm', name: 'x' }, ranges: [{ type, events }], ...(versions ? { versions } : {}) };
}

function hit(a: OsvAffected, v: string, cmp = npm): boolean {
  return evaluateAffected(a, v, cmp, 'test').hits.length > 0;
}

// Cases follow the OSV schema's "Evaluation" section and its examples (https://ossf.github.io/osv-schema/#evaluation).
void describe('evaluateAffected', () => {
  void test('introduced 0 / fixed: half-open interval', () => {
    const a = affected([{ introduced: '0' }, { fixed: '1.2.3' }]);
    assert.equal(hit(a, '0.0.1'), true);
    assert.equal(hit(a, '1.2.2'), true);
    assert.equal(hit(a, '1.2.3'), false);
    assert.equal(hit(a, '2.0.0'), false);
  });

  void test('last_affected is inclusive', () => {
    const a = affected([{ introduced: '0' }, { last_affected: '8.5.1' }]);
    assert.equal(hit(a, '8.5.1'), true);
    assert.equal(hit(a, '9.0.0'), false);
  });

  void test('several intervals, events given out of order', () => {
    const a = affected([{ fixed: '1.5.0' }, { introduced: '2.0.0' }, { introduced: '1.0.0' }, { fixed: '2.3.0' }]);
    assert.deepEqual(['0.9.0', '1.0.0', '1.4.9', '1.5.0', '1.9.0', '2.0.0', '2.2.9', '2.3.0'].map((v) => hit(a, v)), [
      false, true, true, false, false, true, true, false,
    ]);
    const r = evaluateAffected(a, '2.1.0', npm, 'npm');
    assert.equal(r.hits[0]?.fixed, '2.3.0');
    assert.equal(r.hits[0]?.comparison, '2.1.0 >= 2.0.0 (introduced) and 2.1.0 < 2.3.0 (fixed) [npm]');
  });

  void test('open interval (no fix) and limit', () => {
    assert.equal(hit(affected([{ introduced: '1.0.0' }]), '99.0.0'), true);
    const limited = affected([{ introduced: '1.0.0' }, { limit: '2.0.0' }]);
    assert.equal(hit(limited, '1.5.0'), true);
    assert.equal(hit(limited, '2.0.0'), false);
  });

  void test('explicit versions list', () => {
    const a: OsvAffected = { package: { ecosystem: 'npm', name: 'x' }, versions: ['1.0.0', '1.0.1'] };
    assert.equal(hit(a, '1.0.1'), true);
    assert.equal(hit(a, '1.0.2'), false);
  });

  void test('GIT ranges are ignored', () => {
    assert.equal(hit(affected([{ introduced: '0' }, { fixed: 'abc123' }], 'GIT'), '1.0.0'), false);
  });

  void test('ECOSYSTEM range with dpkg ordering (real DEBIAN-CVE shape)', () => {
    const a: OsvAffected = {
      package: { ecosystem: 'Debian:12', name: 'perl' },
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '5.36.0-7+deb12u4' }] }],
    };
    assert.equal(hit(a, '5.36.0-7+deb12u3', deb), true);
    assert.equal(hit(a, '5.36.0-7+deb12u4', deb), false);
    assert.equal(hit(a, '1:5.0-1', deb), false); // an epoch beats everything without one
  });

  void test('an unparsable event version skips the range and says why', () => {
    const r = evaluateAffected(affected([{ introduced: 'not a version' }, { fixed: '2.0.0' }]), '1.0.0', npm, 'npm');
    assert.equal(r.hits.length, 0);
    assert.equal(r.skipped.length, 1);
  });
});

void describe('mayContain', () => {
  void test('agrees with evaluateAffected (a hit or a skipped range) on every shape', () => {
    const cases: [OsvAffected, (a: string, b: string) => -1 | 0 | 1][] = [
      [affected([{ introduced: '0' }, { fixed: '1.2.3' }]), npm],
      [affected([{ introduced: '0' }, { last_affected: '8.5.1' }]), npm],
      [affected([{ fixed: '1.5.0' }, { introduced: '2.0.0' }, { introduced: '1.0.0' }, { fixed: '2.3.0' }]), npm],
      [affected([{ introduced: '1.0.0' }, { limit: '1.5.0' }, { limit: '*' }]), npm],
      [affected([{ introduced: '1.0.0' }]), npm],
      [affected([{ introduced: 'not a version' }, { fixed: '2.0.0' }]), npm],
      [affected([{ introduced: '0' }, { fixed: '1.0.0' }], 'GIT'), npm],
      [affected([], 'SEMVER', ['1.2.3', 'v1.4.0', 'junk']), npm],
      [affected([{ introduced: '2.30-1' }, { fixed: '2.36-9+deb12u4' }], 'ECOSYSTEM'), deb],
    ];
    const versions = ['0.0.1', '0.9.0', '1.0.0', '1.2.2', '1.2.3', '1.4.0', '1.4.9', '1.5.0', '2.0.0', '2.1.0', '2.3.0', '8.5.1', '9.0.0', '2.30-1', '2.36-9+deb12u3', '2.36-9+deb12u4'];
    for (const [a, cmp] of cases) {
      for (const v of versions) {
        let valid = true;
        try {
          cmp(v, v);
        } catch {
          valid = false;
        }
        if (!valid) continue;
        const r = evaluateAffected(a, v, cmp, 'test');
        assert.equal(mayContain(a, v, cmp), r.hits.length > 0 || r.skipped.length > 0, `${JSON.stringify(a.ranges)} ${JSON.stringify(a.versions)} at ${v}`);
      }
    }
  });
});

void describe('sortEvents', () => {
  // The reference: a stable Array.prototype.sort with the OSV order (introduced "0" first, then by version).
  const version = (e: OsvEvent): string => e.introduced ?? e.fixed ?? e.last_affected ?? e.limit ?? '';
  function reference(events: OsvEvent[], cmp: (a: string, b: string) => -1 | 0 | 1): OsvEvent[] {
    const rank = (e: OsvEvent): number => (e.introduced === '0' ? -1 : 0);
    return [...events].sort((a, b) => (rank(a) !== rank(b) ? rank(a) - rank(b) : rank(a) === -1 ? 0 : cmp(version(a), version(b))));
  }
  const outcome = (f: () => readonly OsvEvent[]): string => {
    try {
      return JSON.stringify(f());
    } catch (err) {
      return `throws ${(err as Error).message}`;
    }
  };

  void test('orders one to four events as a stable sort does, and throws where it throws (unorderable versions)', () => {
    const pool = ['0', '1.0.0', '1.0.0', '1.2.3', '2.0.0', 'junk', '*'];
    const rand = seededRandom(11);
    let reordered = 0;
    for (let k = 0; k < 10_000; k++) {
      const events: OsvEvent[] = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => {
        const v = pool[Math.floor(rand() * pool.length)]!;
        const kind = Math.floor(rand() * 4);
        return kind === 0 ? { introduced: v } : kind === 1 ? { fixed: v } : kind === 2 ? { last_affected: v } : { limit: v };
      });
      const want = outcome(() => reference(events, npm));
      assert.equal(outcome(() => sortEvents(events, npm)), want, JSON.stringify(events));
      if (!want.startsWith('throws') && want !== JSON.stringify(events)) reordered++;
    }
    assert.ok(reordered > 600, `${reordered} inputs were reordered`);
  });
});
