/**
 * From an rpm header to the package facts reins reports, and from those to a PackageDraft.
 */
import type { PackageDraft } from '../types.ts';
import { parseHeader, TAG } from './header.ts';

/** One installed rpm, as `rpm -q --qf` would print its tags. */
export interface RpmRecord {
  name: string;
  epoch?: number;
  version: string;
  release: string;
  arch?: string;
  /** SOURCERPM, e.g. `util-linux-2.32.1-42.el8_8.src.rpm`; absent for gpg-pubkey and source-less packages. */
  sourceRpm?: string;
  license?: string;
  modularityLabel?: string;
  /** Absolute paths from DIRNAMES[DIRINDEXES[i]] + BASENAMES[i] (or legacy OLDFILENAMES). */
  files: string[];
}

/** Reads the tags reins needs from a header blob; throws RpmHeaderError on a broken blob. */
export function readRpmRecord(blob: Uint8Array): RpmRecord {
  const h = parseHeader(blob);
  const name = h.string(TAG.name);
  const version = h.string(TAG.version);
  const release = h.string(TAG.release);
  if (!name || version === undefined || release === undefined) {
    throw new Error('header lacks NAME, VERSION or RELEASE');
  }
  const record: RpmRecord = { name, version, release, files: [] };
  const epoch = h.int32Array(TAG.epoch)?.[0];
  if (epoch !== undefined) record.epoch = epoch;
  const arch = h.string(TAG.arch);
  if (arch) record.arch = arch;
  const sourceRpm = h.string(TAG.sourceRpm);
  if (sourceRpm && sourceRpm !== '(none)') record.sourceRpm = sourceRpm;
  const license = h.string(TAG.license);
  if (license) record.license = license;
  const modularityLabel = h.string(TAG.modularityLabel);
  if (modularityLabel) record.modularityLabel = modularityLabel;

  const baseNames = h.stringArray(TAG.baseNames);
  if (baseNames) {
    const dirIndexes = h.int32Array(TAG.dirIndexes) ?? [];
    const dirNames = h.stringArray(TAG.dirNames) ?? [];
    if (dirIndexes.length !== baseNames.length) {
      throw new Error(`DIRINDEXES has ${dirIndexes.length} entries, BASENAMES ${baseNames.length}`);
    }
    // A hostile header can point a million basenames at one huge dirname; real file lists are
    // never much longer than the blob that stores them.
    const budget = blob.byteLength * 64 + 1_000_000;
    let size = 0;
    for (let i = 0; i < baseNames.length; i++) {
      const dir = dirNames[dirIndexes[i]!];
      if (dir === undefined) throw new Error(`DIRINDEXES[${i}] = ${dirIndexes[i]} outside DIRNAMES[${dirNames.length}]`);
      size += dir.length + baseNames[i]!.length;
      if (size > budget) throw new Error(`file list expands past ${budget} characters`);
      record.files.push(dir + baseNames[i]!);
    }
  } else {
    record.files = h.stringArray(TAG.oldFilenames) ?? [];
  }
  return record;
}

/** `name-version-release.src.rpm` (or `.nosrc.rpm`) split at its last two dashes. */
export function parseSourceRpm(sourceRpm: string): { name: string; version: string; release: string } | undefined {
  const suffix = ['.src.rpm', '.nosrc.rpm'].find((s) => sourceRpm.endsWith(s));
  if (!suffix) return undefined;
  const nvr = sourceRpm.slice(0, -suffix.length);
  const r = nvr.lastIndexOf('-');
  const v = r > 0 ? nvr.lastIndexOf('-', r - 1) : -1;
  if (v <= 0 || r === nvr.length - 1 || v === r - 1) return undefined;
  return { name: nvr.slice(0, v), version: nvr.slice(v + 1, r), release: nvr.slice(r + 1) };
}

/**
 * The draft reins reports. `version` is the EVR as rpm compares it: `epoch:version-release`
 * with the epoch prefix only when the header has EPOCH (same convention as dpkg), and `epoch`
 * holds the number; a purl builder strips the `<epoch>:` prefix. The source version is the
 * source rpm's `version-release`, with the package's epoch prefixed when it has one (a binary
 * rpm carries the epoch of the spec file it was built from, as Trivy's SrcEpoch assumes).
 */
export function toPackageDraft(r: RpmRecord): PackageDraft {
  const vr = `${r.version}-${r.release}`;
  const draft: PackageDraft = { type: 'rpm', name: r.name, version: r.epoch !== undefined ? `${r.epoch}:${vr}` : vr };
  if (r.epoch !== undefined) draft.epoch = r.epoch;
  if (r.arch) draft.arch = r.arch;
  if (r.license) draft.licenses = [r.license];
  const src = r.sourceRpm ? parseSourceRpm(r.sourceRpm) : undefined;
  if (src) {
    const srcVr = `${src.version}-${src.release}`;
    draft.source = { name: src.name, version: r.epoch !== undefined ? `${r.epoch}:${srcVr}` : srcVr };
  }
  if (r.files.length > 0) draft.files = r.files;
  const metadata: Record<string, string> = { release: r.release };
  if (r.sourceRpm) metadata.sourceRpm = r.sourceRpm;
  if (r.modularityLabel) metadata.modularityLabel = r.modularityLabel;
  draft.metadata = metadata;
  return draft;
}
