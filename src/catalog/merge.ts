/**
 * @module catalog/merge
 * Stacks per-layer analyses into the image's package list:
 * 1. visibility: an output counts only when the file it came from is still in the final
 *    filesystem (image/overlay.ts); a package db replaced by a later layer is superseded;
 * 2. provenance: a package's layer is the earliest layer from which the same db file has listed
 *    it without a break up to the top (a package re-installed with a new version moves up);
 * 3. OS ownership: a language package whose declaring file belongs to an OS package (dpkg *.list,
 *    status.d *.md5sums, rpm/apk file lists) is dropped — it is reported once, as that OS package,
 *    whose distribution advisories know about backported fixes (Trivy does the same);
 * 4. identity: packages with the same purl are one package with several locations.
 */
import type { Diagnostic } from '../common/diagnostic.ts';
import { Overlay } from '../image/overlay.ts';
import type { LayerRef } from '../image/types.ts';
import type { LayerAnalysis } from './analysis.ts';
import { combineDistro } from './os-release/index.ts';
import { buildPurl } from './purl.ts';
import type { CatalogerKind, Distro, Location, Package, PackageDraft } from './types.ts';

export interface MergeResult {
  distro?: Distro;
  packages: Package[];
  overlay: Overlay;
  diagnostics: Diagnostic[];
}

interface Found {
  draft: PackageDraft;
  catalogerId: string;
  kind: CatalogerKind;
  /** The file the cataloger parsed. */
  file: string;
  layerIndex: number;
}

/** Priority of os-release sources: the first one present wins for each field. */
const DISTRO_FILES = ['/etc/os-release', '/usr/lib/os-release', '/etc/lsb-release', '/etc/debian_version', '/etc/alpine-release', '/etc/redhat-release', '/etc/system-release'];

function draftKey(d: PackageDraft): string {
  return `${d.type}|${d.namespace ?? ''}|${d.name}|${d.version}|${d.arch ?? ''}`;
}

/** `/opt/app.jar!/BOOT-INF/lib/x.jar` → `/opt/app.jar`: ownership is decided by the file on disk. */
function onDiskPath(path: string): string {
  const bang = path.indexOf('!');
  return bang === -1 ? path : path.slice(0, bang);
}

export function mergeLayers(
  layers: readonly LayerRef[],
  analyses: readonly LayerAnalysis[],
  kinds: ReadonlyMap<string, CatalogerKind>,
  /** Exact paths catalogers want: when one is a symlink in the final filesystem, it must resolve (a loop is an input error). */
  exactPaths: readonly string[] = [],
): MergeResult {
  const overlay = new Overlay(analyses.map((a) => a.walk));
  const diagnostics: Diagnostic[] = analyses.flatMap((a) => a.diagnostics);
  for (const p of exactPaths) if (overlay.get(p)?.meta.type === 'symlink') overlay.resolve(p);

  // (1)+(2): walk db files layer by layer, remembering since when each package has been listed.
  const since = new Map<string, Map<string, number>>(); // "<cataloger>|<file>" -> draftKey -> layer
  const visible: Found[] = [];
  const hidden: Found[] = [];
  const distroParts = new Map<string, Distro>();
  const owned = new Set<string>();
  analyses.forEach((analysis, layerIndex) => {
    for (const file of analysis.files) {
      const isVisible = overlay.isVisible(layerIndex, file.path);
      for (const { catalogerId, output } of file.catalog) {
        const kind = kinds.get(catalogerId) ?? 'language';
        const streamKey = `${catalogerId}|${file.path}`;
        const before = since.get(streamKey) ?? new Map<string, number>();
        const now = new Map<string, number>();
        for (const draft of output.packages ?? []) {
          const key = draftKey(draft);
          now.set(key, before.get(key) ?? layerIndex);
        }
        since.set(streamKey, now);
        if (!isVisible) {
          // A language package in a file a later layer deleted is not installed, but its bytes are still in the image.
          if (kind !== 'os') for (const draft of output.packages ?? []) hidden.push({ draft, catalogerId, kind, file: file.path, layerIndex });
          continue;
        }
        if (output.distro) distroParts.set(file.path, output.distro);
        for (const p of output.ownedFiles ?? []) owned.add(p);
        for (const draft of output.packages ?? []) {
          visible.push({ draft, catalogerId, kind, file: file.path, layerIndex: now.get(draftKey(draft)) ?? layerIndex });
          if (kind === 'os') for (const p of draft.files ?? []) owned.add(p);
        }
      }
    }
  });

  const ordered = DISTRO_FILES.map((f) => distroParts.get(f)).filter((d): d is Distro => d !== undefined);
  const distro = ordered.length ? combineDistro(ordered) : undefined;

  // (3) ownership, compared on canonical paths (merged-/usr: /lib/... and /usr/lib/... are one file).
  // Most owned packages are listed under their own path; the canonical set is built on the first miss.
  let ownedCanonical: Set<string> | undefined;
  const isOwned = (path: string): boolean => {
    // Resolving the package's own path also surfaces a symlink loop on the way to it (an input error).
    const canonical = overlay.canonical(path);
    if (owned.has(path) || owned.has(canonical)) return true;
    ownedCanonical ??= new Set([...owned].map((p) => overlay.canonical(p)));
    return ownedCanonical.has(canonical);
  };
  let droppedOwned = 0;

  // (4) identity by purl.
  const byPurl = new Map<string, Package>();
  for (const f of visible) {
    const path = f.draft.path ?? f.file;
    if (f.kind !== 'os' && isOwned(onDiskPath(path))) {
      droppedOwned++;
      continue;
    }
    const layer = layers[f.layerIndex]!;
    const location: Location = { path, layer, deleted: false };
    const purl = buildPurl(f.draft, distro);
    const existing = byPurl.get(purl);
    if (existing) {
      if (!existing.locations.some((l) => l.path === path)) existing.locations.push(location);
      if (layer.index < existing.layer.index) Object.assign(existing, { layer, origin: layer.origin });
      continue;
    }
    const d = f.draft;
    const pkg: Package = {
      id: purl,
      type: d.type,
      ...(d.namespace !== undefined && { namespace: d.namespace }),
      name: d.name,
      version: d.version,
      purl,
      licenses: d.licenses ?? [],
      ...(d.source && { source: d.source }),
      ...(d.arch !== undefined && { arch: d.arch }),
      ...(d.epoch !== undefined && { epoch: d.epoch }),
      foundBy: f.catalogerId,
      locations: [location],
      layer,
      origin: layer.origin,
      ...(d.metadata && { metadata: d.metadata }),
    };
    byPurl.set(purl, pkg);
  }
  // Deleted copies of installed packages are shown as extra locations marked deleted.
  for (const f of hidden) {
    const pkg = byPurl.get(buildPurl(f.draft, distro));
    const path = f.draft.path ?? f.file;
    if (pkg && !pkg.locations.some((l) => l.path === path && l.layer.index === f.layerIndex)) {
      pkg.locations.push({ path, layer: layers[f.layerIndex]!, deleted: true });
    }
  }
  if (droppedOwned > 0) {
    diagnostics.push({
      level: 'info',
      code: 'os-owned-language-packages',
      message: `${droppedOwned} language package record(s) belong to OS packages and are reported as those OS packages`,
    });
  }
  const packages = [...byPurl.values()].sort((a, b) => (a.purl < b.purl ? -1 : a.purl > b.purl ? 1 : 0));
  return { ...(distro && { distro }), packages, overlay, diagnostics };
}
