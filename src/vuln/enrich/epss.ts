/**
 * @module vuln/enrich/epss
 * FIRST's Exploit Prediction Scoring System daily CSV (https://www.first.org/epss/data_stats):
 * an optional first line `#model_version:…,score_date:…`, a header `cve,epss,percentile`, then one
 * row per CVE. Gzip is accepted. Each import replaces the whole `epss` table; bad rows are
 * skipped with a diagnostic naming the line.
 */
import type { Diagnostic } from '../../common/diagnostic.ts';
import { InputError } from '../../common/errors.ts';
import { RowBatch } from '../db/batch.ts';
import { buildDb } from '../db/build.ts';
import type { FetchOptions } from '../db/download.ts';
import { defaultDbPath } from '../db/paths.ts';
import type { EnrichSummary } from './kev.ts';
import { readInput } from './input.ts';

export interface EpssRow {
  cve: string;
  score: number;
  percentile: number;
}

/** Parses the CSV text; returns rows, the score date (YYYY-MM-DD) when given, and diagnostics. */
export function parseEpssCsv(text: string, label: string): { rows: EpssRow[]; date?: string; diagnostics: Diagnostic[] } {
  const lines = text.split(/\r?\n/);
  let date: string | undefined;
  let i = 0;
  if (lines[0]?.startsWith('#')) {
    date = /score_date:(\d{4}-\d{2}-\d{2})/.exec(lines[0])?.[1];
    i = 1;
  }
  const header = lines[i]?.trim().split(',');
  if (!header || header[0] !== 'cve' || header[1] !== 'epss' || header[2] !== 'percentile') {
    throw new InputError('E_INPUT', `${label}: line ${i + 1}: expected the EPSS header "cve,epss,percentile"`);
  }
  const rows: EpssRow[] = [];
  const diagnostics: Diagnostic[] = [];
  for (let n = i + 1; n < lines.length; n++) {
    const line = lines[n]?.trim();
    if (!line) continue;
    const [cve, epss, pct] = line.split(',');
    const score = Number(epss);
    const percentile = Number(pct);
    if (!cve || !/^CVE-\d{4}-\d{4,}$/.test(cve) || !(score >= 0 && score <= 1) || !(percentile >= 0 && percentile <= 1)) {
      diagnostics.push({ level: 'warning', code: 'epss-row-invalid', message: `${label}: line ${n + 1} skipped: "${line.slice(0, 80)}"` });
      continue;
    }
    rows.push({ cve, score, percentile });
  }
  return { rows, ...(date ? { date } : {}), diagnostics };
}

export async function importEpss(input: string, opts: { dbPath?: string } & FetchOptions = {}): Promise<EnrichSummary> {
  const { rows, date, diagnostics } = parseEpssCsv((await readInput(input, opts)).toString('utf8'), input);
  return buildDb(opts.dbPath ?? defaultDbPath(), (w) => {
    w.db.exec('DELETE FROM epss');
    const batch = new RowBatch(w.db, 'INSERT OR REPLACE INTO epss (cve, score, percentile, date)', 4);
    for (const r of rows) batch.add(r.cve, r.score, r.percentile, date ?? null);
    batch.flush();
    w.setSource('epss', { kind: 'epss', url: input, records: rows.length });
    return { records: rows.length, skipped: diagnostics.length, diagnostics };
  });
}
