/**
 * @module catalog/layer-cache
 * Per-layer analysis cache in the user cache dir, keyed by the layer's diffID (its uncompressed
 * content digest) and the id@version of every analyzer that ran: a second image sharing base layers
 * reads only its new layers, and bumping an analyzer's `version` invalidates its entries.
 * Entries are written atomically; an unreadable entry is treated as a miss and rewritten.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../common/atomic-write.ts';
import type { LayerAnalysis } from './analysis.ts';
import type { FileAnalyzer } from './dispatch.ts';

/** Bump when LayerAnalysis's shape changes. */
const CACHE_FORMAT = 1;

export class LayerCache {
  readonly #dir: string;
  readonly #analyzerKey: string;

  constructor(dir: string, analyzers: readonly FileAnalyzer[]) {
    this.#dir = dir;
    this.#analyzerKey = analyzers
      .map((a) => `${a.id}@${a.version}`)
      .sort()
      .join(',');
  }

  key(diffId: string): string {
    return createHash('sha256').update(`${CACHE_FORMAT}\n${diffId}\n${this.#analyzerKey}`).digest('hex');
  }

  #file(diffId: string): string {
    const k = this.key(diffId);
    return join(this.#dir, 'layers', k.slice(0, 2), `${k}.json`);
  }

  async get(diffId: string): Promise<LayerAnalysis | undefined> {
    try {
      const parsed = JSON.parse(await readFile(this.#file(diffId), 'utf8')) as LayerAnalysis;
      return parsed.diffId === diffId ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  async put(analysis: LayerAnalysis): Promise<void> {
    await writeFileAtomic(this.#file(analysis.diffId), JSON.stringify(analysis));
  }
}
