/**
 * @module catalog/java/archive
 * Walks one Java archive (zip: https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT) and the
 * archives nested in it, inflating ONLY `META-INF/MANIFEST.MF`, `META-INF/maven/**\/pom.properties`
 * and nested `.jar/.war/.ear/.par` entries (`zip.ts`). Bounded: nesting depth, entries per archive,
 * one entry's declared size (never exceeded while inflating), and the total inflated bytes of the walk.
 */
import type { Diagnostic } from '../../common/diagnostic.ts';
import type { PackageDraft } from '../types.ts';
import { parseManifest, parseProperties } from './properties.ts';
import { listEntries, readEntry } from '../../common/zip.ts';

export const ARCHIVE_SUFFIXES = ['.jar', '.war', '.ear', '.par'] as const;

export interface Limits {
  maxDepth: number;
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxDepth: 4,
  maxEntries: 100_000,
  maxEntryBytes: 256 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
};

interface Walk {
  limits: Limits;
  inflated: number;
  packages: PackageDraft[];
  diagnostics: Diagnostic[];
  root: string;
}

const isArchiveName = (name: string): boolean => ARCHIVE_SUFFIXES.some((s) => name.toLowerCase().endsWith(s));
const isPomProperties = (name: string): boolean => name.startsWith('META-INF/maven/') && name.endsWith('/pom.properties');

/** `commons-io-2.11.0.jar` → commons-io, 2.11.0 (the version starts at the first `-<digit>`). */
export function nameVersionFromFilename(fileName: string): { artifactId: string; version: string } | undefined {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1).replace(/\.(jar|war|ear|par)$/i, '');
  const m = /-(\d[^-]*(?:-[^-]+)*)$/.exec(base);
  if (!m || m.index === 0 || m[1] === undefined) return undefined;
  return { artifactId: base.slice(0, m.index), version: m[1] };
}

/** Titles are free text ("Commons Logging"); a title with spaces is no artifactId, so the file name's wins. */
function fromManifest(manifest: Map<string, string>, fileName: string): PackageDraft | undefined {
  const symbolic = manifest.get('Bundle-SymbolicName')?.split(';')[0]?.trim();
  const declared = manifest.get('Implementation-Title') ?? manifest.get('Specification-Title') ?? symbolic;
  const title = declared && /\s/.test(declared) ? (nameVersionFromFilename(fileName)?.artifactId ?? declared) : declared;
  const version = manifest.get('Implementation-Version') ?? manifest.get('Bundle-Version') ?? manifest.get('Specification-Version');
  if (!title || !version) return undefined;
  const group = manifest.get('Implementation-Vendor-Id');
  const draft: PackageDraft = { type: 'maven', name: title, version, metadata: { evidence: 'manifest' } };
  if (group) draft.namespace = group;
  return draft;
}

function walkArchive(walk: Walk, data: Buffer, path: string, depth: number): void {
  const listed = listEntries(data, walk.limits.maxEntries);
  if (typeof listed === 'string') {
    walk.diagnostics.push({ level: 'warning', code: 'java-archive-malformed', message: `${path}: unreadable zip (${listed})`, path: walk.root });
    return;
  }
  const files = new Map<string, Buffer>();
  for (const entry of listed) {
    const { name } = entry;
    const wanted = name === 'META-INF/MANIFEST.MF' || isPomProperties(name) || (depth < walk.limits.maxDepth && isArchiveName(name));
    if (!wanted || files.has(name)) continue;
    if (entry.size > walk.limits.maxEntryBytes || walk.inflated + entry.size > walk.limits.maxTotalBytes) {
      walk.diagnostics.push({ level: 'warning', code: 'java-archive-too-large', message: `${path}!/${name}: skipped, size limit`, path: walk.root });
      continue;
    }
    const bytes = readEntry(data, entry);
    if (typeof bytes === 'string') {
      walk.diagnostics.push({ level: 'warning', code: 'java-archive-malformed', message: `${path}!/${bytes}`, path: walk.root });
      continue;
    }
    walk.inflated += entry.method === 0 ? 0 : bytes.length;
    files.set(name, bytes);
  }
  const declared = path === walk.root ? {} : { path };
  let poms = 0;
  for (const [name, bytes] of files) {
    if (!isPomProperties(name)) continue;
    const props = parseProperties(bytes.toString('utf8'));
    const groupId = props.get('groupId');
    const artifactId = props.get('artifactId');
    const version = props.get('version');
    if (!groupId || !artifactId || !version) continue;
    poms++;
    walk.packages.push({ type: 'maven', namespace: groupId, name: artifactId, version, ...declared, metadata: { evidence: 'pom.properties' } });
  }
  if (poms === 0) {
    const manifestBytes = files.get('META-INF/MANIFEST.MF');
    const fromMf = manifestBytes && fromManifest(parseManifest(manifestBytes.toString('utf8')), path);
    const fromName = fromMf ? undefined : nameVersionFromFilename(path);
    if (fromMf) walk.packages.push({ ...fromMf, ...declared });
    else if (fromName) walk.packages.push({ type: 'maven', name: fromName.artifactId, version: fromName.version, ...declared, metadata: { evidence: 'filename' } });
  }
  for (const [name, bytes] of files) {
    if (isArchiveName(name)) walkArchive(walk, bytes, `${path}!/${name}`, depth + 1);
  }
}

/** All packages declared by an archive and its nested archives. */
export function readArchive(data: Buffer, path: string, limits: Limits = DEFAULT_LIMITS): { packages: PackageDraft[]; diagnostics: Diagnostic[] } {
  const walk: Walk = { limits, inflated: 0, packages: [], diagnostics: [], root: path };
  walkArchive(walk, data, path, 0);
  return { packages: walk.packages, diagnostics: walk.diagnostics };
}
