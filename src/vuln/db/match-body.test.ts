import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { OsvRecord } from '../osv/schema.ts';
import { parseOsvRecord } from '../osv/schema.ts';
import { decodeMatchBody, encodeMatchBody } from './match-body.ts';

const OSV = join(import.meta.dirname, '../../../../shared/vulndata/osv');

/** What matching and finding assembly read from a record and one of its entries, taken from the full record. */
function view(r: OsvRecord, index: number): unknown {
  const a = r.affected![index]!;
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
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
    entry: {
      index,
      ecosystem: a.package?.ecosystem,
      name: a.package?.name,
      ranges: (a.ranges ?? []).filter((x) => x.type === 'ECOSYSTEM' || x.type === 'SEMVER').map((x) => ({ type: x.type, events: x.events })),
      versions: a.versions ?? [],
      severity: a.severity ?? [],
      urgency: str(a.database_specific?.urgency) ?? str(a.ecosystem_specific?.urgency),
    },
  };
}

function decodedView(text: string): unknown[] {
  const { record: r, entries } = decodeMatchBody(text);
  return entries.map(({ index, affected: a }) => ({
    id: r.id,
    modified: r.modified,
    published: r.published,
    withdrawn: r.withdrawn,
    aliases: r.aliases ?? [],
    summary: r.summary,
    severity: r.severity ?? [],
    databaseSeverity: r.database_specific?.severity,
    references: (r.references ?? []).map((x) => x.url),
    entry: {
      index,
      ecosystem: a.package?.ecosystem,
      name: a.package?.name,
      ranges: a.ranges,
      versions: a.versions ?? [],
      severity: a.severity ?? [],
      urgency: a.database_specific?.urgency,
    },
  }));
}

void describe('match-only record copy (schema 5)', () => {
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
        assert.deepEqual(decodedView(encodeMatchBody(r, indices)), indices.map((i) => view(r, i)), `${eco}/${f}`);
        entries += indices.length;
      }
    }
    assert.ok(entries > 4000, `${entries} entries`);
  });
});
