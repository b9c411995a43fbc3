/**
 * @module vuln/db/update
 * `reins db update`: downloads `<base>/<ecosystem>/all.zip` for each ecosystem and re-imports the
 * ones that changed (HTTP 304 keeps the stored copy). All downloads finish and every zip is
 * checked before the database is touched; then one atomic build (build.ts) replaces it.
 */
import { DatabaseSync } from 'node:sqlite';
import { existsSync } from 'node:fs';
import type { Diagnostic } from '../../common/diagnostic.ts';
import { InputError } from '../../common/errors.ts';
import { buildDb, readSources } from './build.ts';
import { download } from './download.ts';
import type { FetchOptions } from './download.ts';
import { ingestRecords } from './import.ts';
import { defaultDbPath } from './paths.ts';
import { zipEntries } from './zip.ts';
import type { ZipEntry } from './zip.ts';

export interface UpdateOptions {
  baseUrl: string;
  ecosystems: string[];
  dbPath?: string;
  fetch?: typeof fetch;
  /** Do not touch the network: succeed when a database exists, fail otherwise. */
  offline?: boolean;
  timeoutMs?: number;
  retries?: number;
  retryDelayMs?: number;
}

export interface UpdatedSource {
  name: string;
  url: string;
  status: 'updated' | 'not-modified' | 'offline';
  records?: number;
  skipped?: number;
}

export interface UpdateSummary {
  dbPath: string;
  sources: UpdatedSource[];
  diagnostics: Diagnostic[];
}

export const DEFAULT_BASE_URL = 'https://osv-vulnerabilities.storage.googleapis.com';

/** `<base>/<ecosystem>/all.zip`, the ecosystem percent-encoded (`Debian:12` → `Debian%3A12`). */
export function allZipUrl(baseUrl: string, ecosystem: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(ecosystem)}/all.zip`;
}

export async function updateDb(opts: UpdateOptions): Promise<UpdateSummary> {
  const dbPath = opts.dbPath ?? defaultDbPath();
  const targets = opts.ecosystems.map((eco) => ({ name: `osv:${eco}`, url: allZipUrl(opts.baseUrl, eco) }));
  if (opts.offline) {
    if (!existsSync(dbPath)) {
      throw new InputError('E_DB', `offline and no vulnerability database at ${dbPath}: run \`reins db import PATH\``);
    }
    return { dbPath, sources: targets.map((t) => ({ ...t, status: 'offline' })), diagnostics: [] };
  }
  const stored = new Map(readSources(dbPath).map((s) => [s.name, s]));
  const fetched: { name: string; url: string; entries?: ZipEntry[]; etag?: string; lastModified?: string }[] = [];
  for (const t of targets) {
    const prev = stored.get(t.name);
    const sameUrl = prev?.url === t.url;
    const fetchOpts: FetchOptions = {
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
      ...(opts.retries !== undefined ? { retries: opts.retries } : {}),
      ...(opts.retryDelayMs !== undefined ? { retryDelayMs: opts.retryDelayMs } : {}),
      ...(sameUrl && prev.etag ? { etag: prev.etag } : {}),
      ...(sameUrl && prev.lastModified ? { lastModified: prev.lastModified } : {}),
    };
    const res = await download(t.url, fetchOpts);
    if (res.status === 'not-modified') {
      fetched.push(t);
    } else {
      // Parse the central directory now: a truncated download fails before the database is touched.
      const entries = zipEntries(res.body, t.url);
      fetched.push({ ...t, entries, ...(res.etag ? { etag: res.etag } : {}), ...(res.lastModified ? { lastModified: res.lastModified } : {}) });
    }
  }
  const diagnostics: Diagnostic[] = [];
  const sources: UpdatedSource[] = [];
  if (fetched.every((f) => !f.entries) && existsSync(dbPath)) {
    // Nothing changed: only the "checked at" times move, a single atomic UPDATE.
    const db = new DatabaseSync(dbPath);
    try {
      const touch = db.prepare('UPDATE sources SET updated_at = ? WHERE name = ?');
      for (const f of fetched) touch.run(new Date().toISOString(), f.name);
    } finally {
      db.close();
    }
    return { dbPath, sources: fetched.map((f) => ({ name: f.name, url: f.url, status: 'not-modified' })), diagnostics };
  }
  await buildDb(dbPath, (w) => {
    for (const f of fetched) {
      if (!f.entries) {
        w.touchSource(f.name);
        sources.push({ name: f.name, url: f.url, status: 'not-modified' });
        continue;
      }
      w.clearSource(f.name);
      const r = ingestRecords(w, f.name, f.entries);
      diagnostics.push(...r.diagnostics);
      w.setSource(f.name, {
        kind: 'osv',
        url: f.url,
        records: r.records,
        ...(f.etag ? { etag: f.etag } : {}),
        ...(f.lastModified ? { lastModified: f.lastModified } : {}),
      });
      sources.push({ name: f.name, url: f.url, status: 'updated', records: r.records, skipped: r.skipped });
    }
  });
  return { dbPath, sources, diagnostics };
}
