/**
 * @module scan/analyze-layer
 * Reads one layer in ONE streaming pass (image/walk.ts) and hands each wanted file to the
 * analyzers that asked for it (catalog/dispatch.ts): catalogers and, when enabled, the secret
 * scanner. Nothing is extracted to disk; only wanted files are buffered, up to their maxBytes.
 */
import type { Diagnostic } from '../common/diagnostic.ts';
import type { AnalyzedFile, LayerAnalysis, SecretDraft } from '../catalog/analysis.ts';
import { compileDispatcher, type FileAnalyzer } from '../catalog/dispatch.ts';
import type { CatalogFile, CatalogOutput, Cataloger } from '../catalog/types.ts';
import type { ImageSource, LayerInfo } from '../image/types.ts';
import { walkLayer } from '../image/walk.ts';

/** A content scanner that is not a cataloger (the secret scanner). */
export interface ContentScanner extends FileAnalyzer {
  scanFile(file: CatalogFile): SecretDraft[];
}

type Analyzer = (Cataloger & { scanFile?: undefined }) | (ContentScanner & { parse?: undefined });

export interface AnalyzeOptions {
  onBytes?(n: number): void;
  signal?: AbortSignal;
}

export function createLayerAnalyzer(catalogers: readonly Cataloger[], scanners: readonly ContentScanner[]) {
  const analyzers: Analyzer[] = [...catalogers, ...scanners] as Analyzer[];
  const dispatcher = compileDispatcher(analyzers);

  return async function analyzeLayer(source: ImageSource, layer: LayerInfo, opts: AnalyzeOptions = {}): Promise<LayerAnalysis> {
    const files: AnalyzedFile[] = [];
    const diagnostics: Diagnostic[] = [];
    const pending: Promise<void>[] = [];
    const walk = await walkLayer(
      source,
      layer,
      {
        select(meta) {
          const m = dispatcher.match(meta);
          return m && (m.accept ? { maxBytes: m.maxBytes, accept: m.accept, declinesAfter: m.declinesAfter } : { maxBytes: m.maxBytes });
        },
        file(meta, content) {
          const m = dispatcher.match(meta);
          if (!m) return;
          const analyzed: AnalyzedFile = { path: meta.path, catalog: [] };
          const file: CatalogFile = { meta, content };
          for (const a of dispatcher.takers(m, content)) {
            if (a.scanFile) {
              const found = a.scanFile(file);
              if (found.length) (analyzed.secrets ??= []).push(...found);
              continue;
            }
            const record = (output: CatalogOutput): void => {
              for (const d of output.diagnostics ?? []) diagnostics.push({ ...d, path: d.path ?? meta.path, layerIndex: layer.index });
              const { diagnostics: _d, ...rest } = output;
              if (rest.packages?.length || rest.ownedFiles?.length || rest.distro) analyzed.catalog.push({ catalogerId: a.id, output: rest });
            };
            try {
              const out = a.parse(file);
              if (out instanceof Promise) pending.push(out.then(record, (err: unknown) => record(failed(a.id, meta.path, err))));
              else record(out);
            } catch (err) {
              record(failed(a.id, meta.path, err));
            }
          }
          files.push(analyzed);
        },
        tooLarge(meta) {
          diagnostics.push({
            level: 'warning',
            code: 'file-too-large',
            message: `${meta.path} (${meta.size} bytes) is larger than its analyzers read; skipped`,
            path: meta.path,
            layerIndex: layer.index,
          });
        },
      },
      opts,
    );
    await Promise.all(pending);
    return { diffId: layer.diffId, walk, files: files.filter((f) => f.catalog.length || f.secrets), diagnostics };
  };
}

function failed(analyzerId: string, path: string, err: unknown): CatalogOutput {
  const message = err instanceof Error ? err.message : String(err);
  return { diagnostics: [{ level: 'warning', code: `${analyzerId}-failed`, message: `${analyzerId} could not parse ${path}: ${message}`, path }] };
}
