/**
 * @module catalog/analysis
 * What reading one layer produced, before layers are stacked: the layer's file table and, per
 * wanted file, each analyzer's output. Pure per layer (depends only on the layer's bytes and the
 * analyzers' versions), which is what lets `layer-cache.ts` reuse it across images sharing a base.
 */
import type { Diagnostic } from '../common/diagnostic.ts';
import type { LayerWalkResult } from '../image/types.ts';
import type { SecretFinding } from '../checks/types.ts';
import type { CatalogOutput } from './types.ts';

/** A secret found in a file, before layer provenance is attached. */
export type SecretDraft = Omit<SecretFinding, 'layer' | 'origin' | 'deleted'>;

export interface AnalyzedFile {
  path: string;
  catalog: { catalogerId: string; output: CatalogOutput }[];
  secrets?: SecretDraft[];
}

export interface LayerAnalysis {
  diffId: string;
  walk: LayerWalkResult;
  files: AnalyzedFile[];
  diagnostics: Diagnostic[];
}
