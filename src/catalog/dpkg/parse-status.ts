/**
 * dpkg status database: `/var/lib/dpkg/status` (all packages) and distroless
 * `/var/lib/dpkg/status.d/<name>` (one stanza each, often without a `Status:` field).
 * Field meanings: deb-control(5) and dpkg(1) "INFORMATION ABOUT PACKAGES".
 */
import type { Diagnostic } from '../../common/diagnostic.ts';
import type { PackageDraft } from '../types.ts';
import { parseControl } from './parse-control.ts';

/**
 * Current package states (third word of `Status:`) in which the package's files are on disk.
 * dpkg(1) lists: not-installed, config-files, half-installed, unpacked, half-configured,
 * triggers-awaited, triggers-pending, installed. Only `not-installed` and `config-files`
 * (removed, configuration kept) mean the package's files are gone.
 */
const FILES_PRESENT_STATES = new Set([
  'installed',
  'half-configured',
  'triggers-awaited',
  'triggers-pending',
  'unpacked',
  'half-installed',
]);

/** `Source: name` or `Source: name (version)`. */
const SOURCE = /^([^\s()]+)(?:\s+\(([^\s()]+)\))?$/;
const EPOCH = /^([0-9]{1,9}):/;

export interface StatusParse {
  packages: PackageDraft[];
  diagnostics: Diagnostic[];
}

/**
 * Parses a status file. A stanza with no `Status:` counts as installed (distroless status.d
 * files have none). Stanzas missing `Package` or `Version` are skipped with one diagnostic.
 */
export function parseStatus(text: string, path: string): StatusParse {
  const { stanzas, badLines, badLineCount } = parseControl(text);
  const packages: PackageDraft[] = [];
  const diagnostics: Diagnostic[] = [];
  const incomplete: number[] = [];
  for (const { fields, line } of stanzas) {
    const name = fields.get('package');
    const version = fields.get('version');
    const status = fields.get('status');
    if (status !== undefined) {
      const state = status.split(/\s+/)[2];
      if (state === undefined || !FILES_PRESENT_STATES.has(state)) continue;
    }
    if (!name || !version) {
      incomplete.push(line);
      continue;
    }
    const pkg: PackageDraft = { type: 'deb', name, version };
    const epoch = EPOCH.exec(version);
    if (epoch) pkg.epoch = Number(epoch[1]);
    const arch = fields.get('architecture');
    if (arch) pkg.arch = arch;
    const source = fields.get('source');
    if (source) {
      const m = SOURCE.exec(source.trim());
      if (m) pkg.source = m[2] ? { name: m[1]!, version: m[2] } : { name: m[1]! };
    }
    packages.push(pkg);
  }
  if (incomplete.length > 0) {
    diagnostics.push({
      level: 'warning',
      code: 'dpkg-status-incomplete-stanza',
      message: `${incomplete.length} stanza(s) without Package or Version skipped (first at line ${incomplete[0]})`,
      path,
    });
  }
  if (badLineCount > 0) {
    diagnostics.push({
      level: stanzas.length === 0 ? 'error' : 'warning',
      code: 'dpkg-status-malformed',
      message: `${badLineCount} line(s) are not control-file fields (first at line ${badLines[0]})`,
      path,
    });
  }
  return { packages, diagnostics };
}
