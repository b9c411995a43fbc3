import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { zipSync } from 'fflate';
import { InputError } from '../../common/errors.ts';
import { importEpss } from '../enrich/epss.ts';
import { importKev } from '../enrich/kev.ts';
import { dbStatus } from './status.ts';
import { openDb } from './store.ts';
import { updateDb } from './update.ts';

const OSV = join(import.meta.dirname, '../../../../shared/vulndata/osv');

function zipOf(eco: string, count: number): Buffer {
  const names = readdirSync(join(OSV, eco)).slice(0, count);
  return Buffer.from(zipSync(Object.fromEntries(names.map((n) => [n, readFileSync(join(OSV, eco, n))]))));
}

// Shapes of the real feeds: CISA KEV JSON and FIRST EPSS CSV (one real-looking row each).
const KEV = {
  title: 'CISA Catalog of Known Exploited Vulnerabilities',
  catalogVersion: '2026.11.20',
  dateReleased: '2026-11-20T17:00:00.0000Z',
  count: 2,
  vulnerabilities: [
    { cveID: 'CVE-2021-44228', vendorProject: 'Apache', product: 'Log4j2', vulnerabilityName: 'Apache Log4j2 RCE', dateAdded: '2021-12-10', shortDescription: '…', requiredAction: '…', dueDate: '2021-12-24', knownRansomwareCampaignUse: 'Known', notes: '', cwes: ['CWE-20'] },
    { cveID: 'not-a-cve', dateAdded: '2021-12-10' },
  ],
};
const EPSS = '#model_version:v2025.03.14,score_date:2026-11-21T12:55:00Z\ncve,epss,percentile\nCVE-2021-44228,0.94358,0.99961\nCVE-1999-0001,0.01234,0.5\nCVE-BAD,x,y\n';

interface Route {
  (req: IncomingMessage, res: ServerResponse): void;
}

void describe('updateDb and enrichment downloads against a local HTTP server', () => {
  let server: Server;
  let base: string;
  let dir: string;
  const routes = new Map<string, Route>();
  const hits = new Map<string, number>();
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reins-dl-'));
    server = createServer((req, res) => {
      const path = req.url ?? '';
      hits.set(path, (hits.get(path) ?? 0) + 1);
      const route = routes.get(path);
      if (route) route(req, res);
      else res.writeHead(404).end('not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const debZip = zipOf('Debian:12', 20);
    routes.set('/Debian%3A12/all.zip', (req, res) => {
      if (req.headers['if-none-match'] === '"deb-v1"') res.writeHead(304).end();
      else res.writeHead(200, { etag: '"deb-v1"', 'content-type': 'application/zip' }).end(debZip);
    });
    const npmZip = zipOf('npm', 10);
    routes.set('/npm/all.zip', (_req, res) => res.writeHead(200, { 'last-modified': 'Fri, 20 Nov 2026 10:00:00 GMT' }).end(npmZip));
    routes.set('/truncated/all.zip', (_req, res) => res.writeHead(200).end(npmZip.subarray(0, npmZip.length - 200)));
    // Central directory intact, one entry's bytes damaged: the import fails half-way through.
    const corrupt = Buffer.from(zipSync(Object.fromEntries(readdirSync(join(OSV, 'PyPI')).slice(0, 5).map((n) => [n, readFileSync(join(OSV, 'PyPI', n))])), { level: 0 }));
    corrupt[corrupt.indexOf(Buffer.from('"PYSEC-')) + 2] = 0x58;
    routes.set('/corrupt/all.zip', (_req, res) => res.writeHead(200).end(corrupt));
    routes.set('/slow/all.zip', (_req, res) => {
      res.writeHead(200);
      res.write(npmZip.subarray(0, 10)); // then nothing: the body never ends
    });
    let flaky = 0;
    routes.set('/flaky/all.zip', (_req, res) => {
      if (flaky++ === 0) res.writeHead(503).end('busy');
      else res.writeHead(200).end(zipOf('PyPI', 3));
    });
    routes.set('/kev.json', (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(KEV)));
    routes.set('/epss.csv.gz', (_req, res) => res.writeHead(200).end(gzipSync(EPSS)));
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  const dbPath = (): string => join(dir, 'db', 'reins.db');

  void test('downloads and imports <base>/<ecosystem>/all.zip', async () => {
    const s = await updateDb({ baseUrl: base, ecosystems: ['Debian:12', 'npm'], dbPath: dbPath() });
    assert.deepEqual(s.sources.map((x) => [x.name, x.status, x.records]), [
      ['osv:Debian:12', 'updated', 20],
      ['osv:npm', 'updated', 10],
    ]);
    assert.equal(dbStatus({ dbPath: dbPath() }).records, 30);
  });

  void test('304 Not Modified keeps the stored copy (no re-import)', async () => {
    const hash = dbStatus({ dbPath: dbPath() }).contentHash;
    const s = await updateDb({ baseUrl: base, ecosystems: ['Debian:12'], dbPath: dbPath() });
    assert.deepEqual(s.sources.map((x) => x.status), ['not-modified']);
    assert.equal(dbStatus({ dbPath: dbPath() }).contentHash, hash);
  });

  void test('a truncated zip fails with a clear error and the previous database stays usable', async () => {
    const hash = dbStatus({ dbPath: dbPath() }).contentHash;
    await assert.rejects(updateDb({ baseUrl: base, ecosystems: ['Debian:12', 'truncated'], dbPath: dbPath() }), (err: unknown) => {
      assert.ok(err instanceof InputError);
      assert.match(err.message, /\/truncated\/all\.zip: truncated or not a zip archive/);
      return true;
    });
    const db = openDb(dbPath());
    assert.equal(db.snapshot().contentHash, hash);
    db.close();
  });

  void test('an entry failing mid-import rolls the whole update back', async () => {
    const hash = dbStatus({ dbPath: dbPath() }).contentHash;
    await assert.rejects(updateDb({ baseUrl: base, ecosystems: ['npm', 'corrupt'], dbPath: dbPath() }), /corrupt\/all\.zip: entry .*CRC-32 mismatch/);
    assert.equal(dbStatus({ dbPath: dbPath() }).contentHash, hash);
    assert.deepEqual(readdirSync(join(dir, 'db')).filter((f) => f.includes('.tmp-')), []);
  });

  void test('404 names the URL', async () => {
    await assert.rejects(updateDb({ baseUrl: base, ecosystems: ['Nope'], dbPath: dbPath() }), (err: unknown) => {
      assert.ok(err instanceof InputError);
      assert.equal(err.code, 'E_DB_DOWNLOAD');
      assert.equal(err.message, `GET ${base}/Nope/all.zip: HTTP 404 Not Found`);
      return true;
    });
  });

  void test('a server that stalls mid-body times out', async () => {
    await assert.rejects(updateDb({ baseUrl: base, ecosystems: ['slow'], dbPath: dbPath(), timeoutMs: 300, retries: 0 }), /timed out after 300 ms/);
  });

  void test('a 5xx answer is retried', async () => {
    const s = await updateDb({ baseUrl: base, ecosystems: ['flaky'], dbPath: dbPath(), retryDelayMs: 0 });
    assert.equal(s.sources[0]?.records, 3);
    assert.equal(hits.get('/flaky/all.zip'), 2);
  });

  void test('offline: no request, the existing database is kept', async () => {
    const before = hits.get('/npm/all.zip');
    const s = await updateDb({ baseUrl: base, ecosystems: ['npm'], dbPath: dbPath(), offline: true });
    assert.equal(s.sources[0]?.status, 'offline');
    assert.equal(hits.get('/npm/all.zip'), before);
    await assert.rejects(updateDb({ baseUrl: base, ecosystems: ['npm'], dbPath: join(dir, 'none.db'), offline: true }), /offline and no vulnerability database/);
  });

  void test('KEV JSON and gzipped EPSS CSV are imported and looked up by CVE', async () => {
    const kev = await importKev(`${base}/kev.json`, { dbPath: dbPath() });
    assert.equal(kev.records, 1);
    assert.equal(kev.skipped, 1);
    const epss = await importEpss(`${base}/epss.csv.gz`, { dbPath: dbPath() });
    assert.equal(epss.records, 2);
    assert.equal(epss.skipped, 1);
    const db = openDb(dbPath());
    try {
      assert.deepEqual(db.kev('CVE-2021-44228'), { cve: 'CVE-2021-44228', dateAdded: '2021-12-10', dueDate: '2021-12-24', knownRansomware: true });
      assert.deepEqual(db.epss('CVE-2021-44228'), { cve: 'CVE-2021-44228', score: 0.94358, percentile: 0.99961, date: '2026-11-21' });
      assert.equal(db.kev('CVE-1999-0001'), undefined);
    } finally {
      db.close();
    }
  });
});
