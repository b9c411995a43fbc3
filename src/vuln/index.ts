/**
 * @module vuln
 * The public API of the vulnerability subsystem: the local OSV database (import, update, export,
 * status), KEV/EPSS enrichment, matching packages to findings, CVSS scoring and VEX.
 */
export { defaultDbPath } from './db/paths.ts';
export { openDb } from './db/store.ts';
export type { EpssEntry, KevEntry, VulnDb } from './db/store.ts';
export { importOsv } from './db/import.ts';
export type { ImportSummary } from './db/import.ts';
export { DEFAULT_BASE_URL, allZipUrl, updateDb } from './db/update.ts';
export type { UpdateOptions, UpdateSummary, UpdatedSource } from './db/update.ts';
export { exportDb } from './db/export.ts';
export { dbStatus, isStale } from './db/status.ts';
export type { DbStatus } from './db/status.ts';
export { SCHEMA_VERSION } from './db/schema.ts';
export { importKev } from './enrich/kev.ts';
export type { EnrichSummary } from './enrich/kev.ts';
export { importEpss, parseEpssCsv } from './enrich/epss.ts';
export { matchPackages } from './match.ts';
export type { MatchOptions, MatchResult } from './match.ts';
export { ecosystemQuery, normalizeName } from './ecosystems.ts';
export { cvssBaseScore, ratingForScore } from './cvss/index.ts';
export { applyVex, loadVex, parseVex, readVexFile } from './vex/index.ts';
export type { VexStatement, VexStatus } from './vex/index.ts';
export type { CvssScore, DbSnapshot, MatchEvidence, Severity, VulnFinding } from './types.ts';
