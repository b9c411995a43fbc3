/**
 * @module checks/misconfig/testing/synthetic
 * Test-only builder of small ImageCheckInputs: a config, a history, layer walks and packages,
 * with base/app origin taken from `baseLayers`.
 */
import type { Package } from '../../../catalog/types.ts';
import type { FileMeta, HistoryEntry, ImageConfig, LayerRef, LayerWalkResult, ResolvedImage } from '../../../image/types.ts';
import type { ImageCheckInput } from '../types.ts';

export interface SyntheticImage {
  config?: NonNullable<ImageConfig['config']>;
  history?: HistoryEntry[];
  /** One walk per layer; defaults to as many empty layers as non-empty history entries. */
  walks?: Partial<LayerWalkResult>[];
  baseLayers?: number;
  baseName?: string;
  tag?: string;
  packages?: { name: string; type?: Package['type']; layer?: number }[];
}

export function file(path: string, mode = 0o644, size = 10): FileMeta {
  return { path, type: 'file', mode, uid: 0, gid: 0, size };
}

export function syntheticInput(s: SyntheticImage): ImageCheckInput {
  const history = s.history ?? [];
  const count = s.walks?.length ?? Math.max(1, history.filter((h) => h.empty_layer !== true).length);
  const baseLayers = s.baseLayers ?? count;
  const refs: LayerRef[] = Array.from({ length: count }, (_, index) => ({
    index,
    digest: `sha256:${String(index).padStart(64, '0')}`,
    diffId: `sha256:${String(index).padStart(64, 'd')}`,
    origin: index < baseLayers ? 'base' : 'app',
  }));
  const image: ResolvedImage = {
    reference: `test:${s.tag ?? '1.0'}`,
    sourceKind: 'oci-layout',
    name: 'test',
    ...(s.tag === undefined ? {} : { tag: s.tag }),
    manifestDigest: 'sha256:m',
    platform: { os: 'linux', architecture: 'amd64' },
    manifest: { schemaVersion: 2, config: { mediaType: '', digest: 'sha256:c', size: 0 }, layers: [] },
    config: { architecture: 'amd64', os: 'linux', config: s.config ?? {}, rootfs: { type: 'layers', diff_ids: refs.map((r) => r.diffId) }, history },
    configDigest: 'sha256:c',
    layers: refs.map((r) => ({ index: r.index, descriptor: { mediaType: '', digest: r.digest, size: 0 }, diffId: r.diffId, origin: r.origin })),
    base: {
      ...(s.baseName === undefined ? {} : { name: s.baseName }),
      method: baseLayers >= count && s.baseName === undefined ? 'none' : 'history',
      layerCount: baseLayers,
    },
  };
  const layers = refs.map((ref, i) => ({
    ref,
    walk: { whiteouts: [], opaqueDirs: [], entries: [], ...(s.walks?.[i] ?? {}) },
  }));
  const packages: Package[] = (s.packages ?? []).map((p) => {
    const ref = refs[p.layer ?? 0]!;
    const type = p.type ?? 'deb';
    return { id: p.name, type, name: p.name, version: '1', purl: `pkg:${type}/${p.name}@1`, licenses: [], foundBy: 'test', locations: [], layer: ref, origin: ref.origin };
  });
  return { image, layers, packages };
}
