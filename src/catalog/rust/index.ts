/**
 * @module catalog/rust
 * Rust binaries built with cargo-auditable: the `.dep-v0` ELF section holds the zlib-compressed
 * JSON dependency list (https://github.com/rust-secure-code/cargo-auditable/blob/master/PARSING.md).
 * Every package of kind `runtime` (the default) is reported as a crate; `build` dependencies
 * (build scripts, proc macros) are not in the binary and are skipped, as Trivy does. The root crate
 * is kept and marked `metadata.root`; `source` is kept in metadata.
 *
 * Known limits: ELF only (cargo-auditable's Mach-O/PE/WASM sections are not read); binaries built
 * without cargo-auditable carry no dependency list and give nothing. Inflated JSON is capped at 8 MiB.
 */
import { inflateSync } from 'node:zlib';
import type { Cataloger, CatalogFile, CatalogOutput, PackageDraft } from '../types.ts';
import { findSection, isElf } from './elf-section.ts';

const MAX_JSON_BYTES = 8 * 1024 * 1024;
const MAX_PACKAGES = 100_000;

export function parseAuditJson(json: string, path: string): CatalogOutput {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    return { diagnostics: [{ level: 'warning', code: 'rust-audit-data-malformed', message: `${path}: .dep-v0 is not JSON`, path }] };
  }
  const list = doc !== null && typeof doc === 'object' ? (doc as Record<string, unknown>).packages : undefined;
  if (!Array.isArray(list)) {
    return { diagnostics: [{ level: 'warning', code: 'rust-audit-data-malformed', message: `${path}: .dep-v0 has no packages array`, path }] };
  }
  const packages: PackageDraft[] = [];
  for (const raw of list.slice(0, MAX_PACKAGES)) {
    if (raw === null || typeof raw !== 'object') continue;
    const { name, version, source, kind, root } = raw as Record<string, unknown>;
    if (typeof name !== 'string' || typeof version !== 'string' || name === '' || version === '') continue;
    if (kind === 'build') continue;
    const metadata: Record<string, string | boolean> = {};
    if (typeof source === 'string') metadata.source = source;
    if (root === true) metadata.root = true;
    packages.push({ type: 'cargo', name, version, metadata });
  }
  return { packages };
}

export const rustCataloger = {
  id: 'rust',
  title: 'Rust binaries (cargo-auditable .dep-v0)',
  specUrls: [
    'https://github.com/rust-secure-code/cargo-auditable/blob/master/PARSING.md',
    'https://github.com/rust-secure-code/cargo-auditable/blob/master/cargo-auditable.schema.json',
  ],
  version: 1,
  kind: 'binary',
  wants: {
    predicate: (meta) => meta.size >= 1024 && (meta.mode & 0o111) !== 0,
    maxBytes: 512 * 1024 * 1024,
    accept: isElf,
    // The section's name in `.shstrtab`: executables without it are scanned, never buffered.
    mustContain: '.dep-v0',
  },
  parse(file: CatalogFile): CatalogOutput {
    const { path } = file.meta;
    const section = findSection(file.content, '.dep-v0');
    if (!section) return {};
    let json: Buffer;
    try {
      json = inflateSync(section, { maxOutputLength: MAX_JSON_BYTES });
    } catch (err) {
      const message = `${path}: .dep-v0 does not inflate (${err instanceof Error ? err.message : 'unknown'})`;
      return { diagnostics: [{ level: 'warning', code: 'rust-audit-data-malformed', message, path }] };
    }
    return parseAuditJson(json.toString('utf8'), path);
  },
} as const satisfies Cataloger;
