/**
 * @module checks/misconfig/final-fs
 * The entries of the final (merged) filesystem that satisfy a filter, with the layer that put
 * them there, computed from per-layer walk results by applying each layer's whiteouts
 * (`.wh.<name>`: the path and everything under it) and opaque directories (`.wh..wh..opq`: all
 * lower-layer content under the directory) before adding its own entries, as in the OCI image
 * spec's changeset rules: https://github.com/opencontainers/image-spec/blob/main/layer.md#whiteouts
 *
 * Only the filtered entries are kept, so applying a whiteout costs O(kept), not O(all files).
 * Limit: a later non-directory entry replacing a directory does not delete the directory's
 * kept descendants (a tar cannot express that without a whiteout in practice).
 */
import type { FileMeta, LayerRef, LayerWalkResult } from '../../image/types.ts';

export interface FinalEntry {
  meta: FileMeta;
  layer: LayerRef;
}

function under(path: string, dir: string): boolean {
  return dir === '/' ? path !== '/' : path.startsWith(dir + '/');
}

export function finalEntries(
  layers: readonly { ref: LayerRef; walk: LayerWalkResult }[],
  keep: (meta: FileMeta) => boolean,
): FinalEntry[] {
  const kept = new Map<string, FinalEntry>();
  for (const { ref, walk } of layers) {
    for (const w of walk.whiteouts) {
      for (const p of kept.keys()) if (p === w || under(p, w)) kept.delete(p);
    }
    for (const d of walk.opaqueDirs) {
      for (const p of kept.keys()) if (under(p, d)) kept.delete(p);
    }
    for (const meta of walk.entries) {
      if (keep(meta)) kept.set(meta.path, { meta, layer: ref });
      else kept.delete(meta.path); // replaced by an entry that no longer qualifies
    }
  }
  return [...kept.values()].sort((a, b) => (a.meta.path < b.meta.path ? -1 : a.meta.path > b.meta.path ? 1 : 0));
}
