/**
 * @module catalog/java/archive
 * Walks one Java archive (zip: https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT) and the
 * archives nested in it, inflating ONLY `META-INF/MANIFEST.MF`, `META-INF/maven/**\/pom.properties`
 * and nested `.jar/.war/.ear/.par` entries (fflate's `unzipSync` filter). Bounded: nesting depth,
 * entries per archive, one entry's size, and the total inflated bytes of the whole walk.
 */
import { unzipSync } from 'fflate';
import type { Diagnostic } from '../../common/diagnostic.ts';
import type { PackageDraft } from '../types.ts';
import { parseManifest, parseProperties } from './properties.ts';

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

function walkArchive(walk: Walk, data: Uint8Array, path: string, depth: number): void {
  let entries = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(data, {
      filter(info) {
        if (++entries > walk.limits.maxEntries) throw new Error(`more than ${walk.limits.maxEntries} entries`);
        const wanted =
          info.name === 'META-INF/MANIFEST.MF' || isPomProperties(info.name) || (depth < walk.limits.maxDepth && isArchiveName(info.name));
        if (!wanted || (info.compression !== 0 && info.compression !== 8)) return false;
        if (info.originalSize > walk.limits.maxEntryBytes || walk.inflated + info.originalSize > walk.limits.maxTotalBytes) {
          walk.diagnostics.push({ level: 'warning', code: 'java-archive-too-large', message: `${path}!/${info.name}: skipped, size limit`, path: walk.root });
          return false;
        }
        walk.inflated += info.originalSize;
        return true;
      },
    });
  } catch (err) {
    const message = `${path}: unreadable zip (${err instanceof Error ? err.message : 'unknown'})`;
    walk.diagnostics.push({ level: 'warning', code: 'java-archive-malformed', message, path: walk.root });
    return;
  }
  const declared = path === walk.root ? {} : { path };
  const decoder = new TextDecoder();
  let poms = 0;
  for (const [name, bytes] of Object.entries(files)) {
    if (!isPomProperties(name)) continue;
    const props = parseProperties(decoder.decode(bytes));
    const groupId = props.get('groupId');
    const artifactId = props.get('artifactId');
    const version = props.get('version');
    if (!groupId || !artifactId || !version) continue;
    poms++;
    walk.packages.push({ type: 'maven', namespace: groupId, name: artifactId, version, ...declared, metadata: { evidence: 'pom.properties' } });
  }
  if (poms === 0) {
    const manifestBytes = files['META-INF/MANIFEST.MF'];
    const fromMf = manifestBytes && fromManifest(parseManifest(decoder.decode(manifestBytes)), path);
    const fromName = fromMf ? undefined : nameVersionFromFilename(path);
    if (fromMf) walk.packages.push({ ...fromMf, ...declared });
    else if (fromName) walk.packages.push({ type: 'maven', name: fromName.artifactId, version: fromName.version, ...declared, metadata: { evidence: 'filename' } });
  }
  for (const [name, bytes] of Object.entries(files)) {
    if (isArchiveName(name)) walkArchive(walk, bytes, `${path}!/${name}`, depth + 1);
  }
}

/** All packages declared by an archive and its nested archives. */
export function readArchive(data: Uint8Array, path: string, limits: Limits = DEFAULT_LIMITS): { packages: PackageDraft[]; diagnostics: Diagnostic[] } {
  const walk: Walk = { limits, inflated: 0, packages: [], diagnostics: [], root: path };
  walkArchive(walk, data, path, 0);
  return { packages: walk.packages, diagnostics: walk.diagnostics };
}
