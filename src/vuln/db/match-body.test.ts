import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { OsvRecord } from '../osv/schema.ts';
import { parseOsvRecord } from '../osv/schema.ts';
import type { Compare } from '../osv/range.ts';
import { encodeSummary, summaryMayContain } from '../osv/summary.ts';
import { compareVersions } from '../../version/ecosystems.ts';
import { seededRandom } from '../../version/prng.ts';
import { bodyStart, decodeMatchBody, encodeIndexEntry, encodeMatchBody, encodeMatchBodyJson, idOf } from './match-body.ts';

const OSV = join(import.meta.dirname, '../../../../shared/vulndata/osv');

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The record-level fields matching and finding assembly read, with one entry's view. */
function recordView(r: OsvRecord, entry: object): unknown {
  return {
    id: r.id,
    modified: r.modified,
    published: r.published,
    withdrawn: r.withdrawn,
    aliases: r.aliases ?? [],
    summary: r.summary,
    severity: r.severity ?? [],
    databaseSeverity: str(r.database_specific?.severity),
    references: (r.references ?? []).map((x) => x.url),
    entry,
  };
}

/** What matching and finding assembly read from a record and one of its entries, taken from the full record. */
function view(r: OsvRecord, index: number): unknown {
  const a = r.affected![index]!;
  return recordView(r, {
    index,
    ecosystem: a.package?.ecosystem,
    name: a.package?.name,
    ranges: (a.ranges ?? []).filter((x) => x.type === 'ECOSYSTEM' || x.type === 'SEMVER').map((x) => ({ type: x.type, events: x.events })),
    versions: a.versions ?? [],
    severity: a.severity ?? [],
    urgency: str(a.database_specific?.urgency) ?? str(a.ecosystem_specific?.urgency),
  });
}

function decodedView(text: string): unknown[] {
  const { record: r, entries } = decodeMatchBody(text);
  return entries.map(({ index, affected: a }) =>
    recordView(r, {
      index,
      ecosystem: a.package?.ecosystem,
      name: a.package?.name,
      ranges: a.ranges,
      versions: a.versions ?? [],
      severity: a.severity ?? [],
      urgency: a.database_specific?.urgency,
    }),
  );
}

void describe('match-only record copy (schema 6)', () => {
  void test('keeps what matching reads: fields, severity words, the chosen entries in order, GIT ranges out', () => {
    const r: OsvRecord = {
      id: 'GHSA-xxxx-yyyy-zzzz',
      modified: '2024-01-01T00:00:00Z',
      aliases: ['CVE-2024-0001'],
      details: 'long text',
      database_specific: { severity: 'HIGH', cwe_ids: ['CWE-79'] },
      references: [{ type: 'WEB', url: 'https://example.org/a' }],
      affected: [
        { package: { ecosystem: 'npm', name: 'a', purl: 'pkg:npm/a' }, ranges: [{ type: 'GIT', repo: 'r', events: [{ introduced: 'abc' }] }] },
        { package: { ecosystem: 'Debian:12', name: 'b' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.0-1' }] }], ecosystem_specific: { urgency: 'low' } },
        { package: { ecosystem: 'npm', name: 'a' }, versions: ['1.0.0'], severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N' }] },
      ],
    };
    const body = decodeMatchBody(encodeMatchBody(r, [0, 2]));
    assert.equal(body.record.id, 'GHSA-xxxx-yyyy-zzzz');
    assert.equal(body.record.details, undefined);
    assert.deepEqual(body.record.database_specific, { severity: 'HIGH' });
    assert.deepEqual(body.record.references?.map((x) => x.url), ['https://example.org/a']);
    assert.deepEqual(body.entries.map((e) => [e.index, e.affected.package?.name, e.affected.ranges?.length, e.affected.versions]), [
      [0, 'a', 0, undefined],
      [2, 'a', 0, ['1.0.0']],
    ]);
    const deb = decodeMatchBody(encodeMatchBody(r, [1])).entries[0]!.affected;
    assert.deepEqual(deb.database_specific, { urgency: 'low' });
  });

  void test('every entry of every record of the shared OSV corpus reads back as the full record says', { skip: !existsSync(OSV) && 'no shared OSV corpus' }, () => {
    let entries = 0;
    for (const eco of readdirSync(OSV)) {
      for (const f of readdirSync(join(OSV, eco))) {
        const parsed = parseOsvRecord(JSON.parse(readFileSync(join(OSV, eco, f), 'utf8')));
        assert.ok('record' in parsed, f);
        const r = parsed.record;
        const indices = (r.affected ?? []).flatMap((a, i) => (a.package ? [i] : []));
        const compact = encodeMatchBody(r, indices);
        assert.deepEqual(decodedView(compact), indices.map((i) => view(r, i)), `${eco}/${f}`);
        // The compact form decodes to exactly the objects the schema-5 JSON form decodes to.
        assert.deepStrictEqual(decodeMatchBody(compact), decodeMatchBody(encodeMatchBodyJson(r, indices)), `${eco}/${f}`);
        entries += indices.length;
      }
    }
    assert.ok(entries > 4000, `${entries} entries`);
  });

  void test('the compact form is used for plain records and the JSON form when a value cannot be written so', () => {
    const base: OsvRecord = {
      id: 'DEBIAN-CVE-2024-1',
      modified: '2024-01-01T00:00:00Z',
      affected: [{ package: { ecosystem: 'Debian:12', name: 'tar' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.0-1' }] }] }],
    };
    assert.equal(encodeMatchBody(base, [0])[0], 'c');
    const awkward: OsvRecord[] = [
      { ...base, summary: 'line one\nline two' },
      { ...base, summary: '' },
      { ...base, aliases: ['CVE-2024-1', ''] },
      { ...base, affected: [{ package: { ecosystem: 'Debian:12', name: 'tar' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0', fixed: '1.0-1' }] }] }] },
      { ...base, affected: [{ package: { ecosystem: 'Debian:12', name: 'tar' }, ranges: [{ type: 'ECOSYSTEM', events: [{}] }] }] },
      { ...base, affected: [{ package: { ecosystem: 'Debian:12', name: 'tar' }, versions: ['1.0\u00011'] }] },
    ];
    for (const r of awkward) {
      const text = encodeMatchBody(r, [0]);
      assert.equal(text[0], 'j', JSON.stringify(r));
      assert.deepStrictEqual(decodeMatchBody(text), decodeMatchBody(encodeMatchBodyJson(r, [0])));
    }
  });

  void test('an index entry: the summary, then the body; id, summary verdict and body read back', () => {
    const npm: Compare = (a, b) => compareVersions('npm', a, b);
    const r: OsvRecord = {
      id: 'GHSA-aaaa-bbbb-cccc',
      modified: '2024-01-01T00:00:00Z',
      affected: [
        { package: { ecosystem: 'npm', name: 'a' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '1.0.0' }, { fixed: '1.2.0' }] }] },
        { package: { ecosystem: 'npm', name: 'b' }, versions: ['9.9.9'] },
        { package: { ecosystem: 'npm', name: 'a' }, versions: ['3.0.0\u0001'] },
      ],
    };
    for (const indices of [[0], [1], [0, 2], [2]]) {
      const m = encodeIndexEntry(r, indices);
      const start = bodyStart(m);
      const summary = encodeSummary(indices.map((i) => r.affected![i]!));
      assert.equal(m.slice(0, start - 1), summary);
      assert.equal(idOf(m, start), r.id);
      assert.deepStrictEqual(decodeMatchBody(m, start), decodeMatchBody(encodeMatchBody(r, indices)));
      for (const v of ['0.9.0', '1.0.0', '1.1.5', '1.2.0', '9.9.9']) assert.equal(summaryMayContain(m, v, npm, start - 1), summaryMayContain(summary, v, npm), `${indices.join()} ${v}`);
    }
    assert.equal(summaryMayContain(encodeIndexEntry(r, [0]), '1.1.5', npm, bodyStart(encodeIndexEntry(r, [0])) - 1), true);
    // A JSON body (a control character in a value) still yields its id.
    const j = encodeIndexEntry({ ...r, summary: 'a\tb' }, [0]);
    assert.equal(j[bodyStart(j)], 'j');
    assert.equal(idOf(j, bodyStart(j)), r.id);
  });

  void test('property: on 5,000 random records the compact form decodes to what the JSON form decodes to', () => {
    const rand = seededRandom(11);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    // Plain words, separators-like text and awkward values (empty, control characters, non-ASCII).
    const words = ['1.0.0', '0', '2.36-9+deb12u3', 'CVE-2024-1', 'https://example.org/a?b=c&d', 'x', 'é ü 漢字', '[', '"q"', ',', '+', 'c', 'j', '-', ':'];
    const awkward = ['', '\u0001', 'a\u0002b', 'tab\there', 'new\nline', '\u001f', '\u0004'];
    const value = (): string => (rand() < 0.05 ? pick(awkward) : rand() < 0.3 ? `${pick(words)}${pick(words)}` : pick(words));
    const maybe = <T>(f: () => T): T | undefined => (rand() < 0.4 ? undefined : f());
    const strings = (): string[] => Array.from({ length: Math.floor(rand() * 4) }, value);
    const severity = (): { type: string; score: string }[] => Array.from({ length: Math.floor(rand() * 3) }, () => ({ type: pick(['CVSS_V3', 'CVSS_V4', 'Ubuntu', value()]), score: value() }));
    const event = (): Record<string, string> => {
      const e: Record<string, string> = {};
      const keys = ['introduced', 'fixed', 'last_affected', 'limit'];
      const n = rand() < 0.95 ? 1 : Math.floor(rand() * 3);
      for (let k = 0; k < n; k++) e[pick(keys)] = value();
      return e;
    };
    let compact = 0;
    let json = 0;
    for (let k = 0; k < 5_000; k++) {
      const affected: NonNullable<OsvRecord['affected']> = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => ({
        ...(rand() < 0.95 ? { package: { ecosystem: pick(['npm', 'Debian:12', 'PyPI']), name: value() || 'p' } } : {}),
        ...(rand() < 0.8 ? { ranges: Array.from({ length: Math.floor(rand() * 3) }, () => ({ type: pick(['ECOSYSTEM', 'SEMVER', 'GIT']), events: Array.from({ length: Math.floor(rand() * 4) }, event) })) } : {}),
        ...(rand() < 0.3 ? { versions: strings() } : {}),
        ...(rand() < 0.2 ? { severity: severity() } : {}),
        ...(rand() < 0.3 ? { database_specific: { urgency: rand() < 0.9 ? value() : 3 } } : {}),
        ...(rand() < 0.1 ? { ecosystem_specific: { urgency: value() } } : {}),
      }));
      const r: OsvRecord = {
        id: rand() < 0.02 ? pick(awkward) || 'ID' : `GHSA-${k}`,
        modified: value(),
        affected,
        ...(rand() < 0.6 ? { published: value() } : {}),
        ...(rand() < 0.1 ? { withdrawn: value() } : {}),
        ...(rand() < 0.7 ? { aliases: maybe(strings) ?? null } : {}),
        ...(rand() < 0.6 ? { summary: value() } : {}),
        ...(rand() < 0.5 ? { severity: maybe(severity) ?? null } : {}),
        ...(rand() < 0.3 ? { database_specific: { severity: rand() < 0.9 ? value() : 1 } } : {}),
        ...(rand() < 0.8 ? { references: strings().map((url) => ({ type: 'WEB', url })) } : {}),
      };
      const indices = affected.flatMap((_, i) => (rand() < 0.8 ? [i] : []));
      const text = encodeMatchBody(r, indices);
      if (text[0] === 'c') compact++;
      else json++;
      const reference = decodeMatchBody(encodeMatchBodyJson(r, indices));
      assert.deepStrictEqual(decodeMatchBody(text), reference, JSON.stringify({ r, indices }));
      const m = encodeIndexEntry(r, indices);
      assert.equal(idOf(m, bodyStart(m)), r.id);
      assert.deepStrictEqual(decodeMatchBody(m, bodyStart(m)), reference);
    }
    // Both forms are exercised (the comparison is not vacuous).
    assert.ok(compact > 1_000 && json > 500, `${compact} compact, ${json} JSON`);
  });
});
