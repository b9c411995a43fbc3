/**
 * @module vuln/enrich/kev
 * CISA's Known Exploited Vulnerabilities catalog (JSON feed,
 * https://www.cisa.gov/known-exploited-vulnerabilities-catalog; schema:
 * https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities_schema.json).
 * Each import replaces the whole `kev` table; entries without a CVE id or date are skipped with a
 * diagnostic.
 */
import { z } from 'zod';
import type { Diagnostic } from '../../common/diagnostic.ts';
import { InputError } from '../../common/errors.ts';
import { RowBatch } from '../db/batch.ts';
import { buildDb } from '../db/build.ts';
import type { FetchOptions } from '../db/download.ts';
import { defaultDbPath } from '../db/paths.ts';
import { readInput } from './input.ts';

const entry = z.object({
  cveID: z.string().regex(/^CVE-\d{4}-\d{4,}$/),
  dateAdded: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  dueDate: z.string().optional(),
  knownRansomwareCampaignUse: z.string().optional(),
  vendorProject: z.string().optional(),
  product: z.string().optional(),
});

const catalog = z.object({
  catalogVersion: z.string().optional(),
  dateReleased: z.string().optional(),
  vulnerabilities: z.array(z.unknown()),
});

export interface EnrichSummary {
  records: number;
  skipped: number;
  diagnostics: Diagnostic[];
}

export async function importKev(input: string, opts: { dbPath?: string } & FetchOptions = {}): Promise<EnrichSummary> {
  const text = (await readInput(input, opts)).toString('utf8');
  let parsed;
  try {
    parsed = catalog.safeParse(JSON.parse(text));
  } catch (err) {
    throw new InputError('E_INPUT_MALFORMED_JSON', `${input}: not JSON (${(err as Error).message})`);
  }
  if (!parsed.success) throw new InputError('E_INPUT', `${input}: not a KEV catalog (needs a "vulnerabilities" array)`);
  const diagnostics: Diagnostic[] = [];
  const rows: z.infer<typeof entry>[] = [];
  parsed.data.vulnerabilities.forEach((v, i) => {
    const e = entry.safeParse(v);
    if (e.success) rows.push(e.data);
    else diagnostics.push({ level: 'warning', code: 'kev-entry-invalid', message: `${input}: vulnerabilities[${i}] skipped: ${e.error.issues[0]?.path.join('.')} ${e.error.issues[0]?.message}` });
  });
  return buildDb(opts.dbPath ?? defaultDbPath(), (w) => {
    w.db.exec('DELETE FROM kev');
    const batch = new RowBatch(w.db, 'INSERT OR REPLACE INTO kev (cve, date_added, due_date, ransomware, vendor, product)', 6);
    for (const r of rows) {
      const ransomware = r.knownRansomwareCampaignUse === 'Known' ? 1 : r.knownRansomwareCampaignUse === 'Unknown' ? 0 : null;
      batch.add(r.cveID, r.dateAdded, r.dueDate ?? null, ransomware, r.vendorProject ?? null, r.product ?? null);
    }
    batch.flush();
    w.setSource('kev', { kind: 'kev', url: input, records: rows.length });
    return { records: rows.length, skipped: diagnostics.length, diagnostics };
  });
}
