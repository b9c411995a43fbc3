/**
 * @module scan
 * The library's scan functions: what the CLI calls, and what the server, the admission webhook
 * and the runtime agent will call. image → catalog → (vuln, secrets, misconfig) → ScanReport.
 */
import { join } from 'node:path';
import { cacheDir } from '../common/cache-dir.ts';
import type { Diagnostic } from '../common/diagnostic.ts';
import type { LayerAnalysis } from '../catalog/analysis.ts';
import { allCatalogers, catalogerKinds } from '../catalog/index.ts';
import { LayerCache } from '../catalog/layer-cache.ts';
import { mergeLayers } from '../catalog/merge.ts';
import type { SecretFinding } from '../checks/types.ts';
import { openImage } from '../image/open.ts';
import { resolveImages } from '../image/resolve.ts';
import type { ImageSource, LayerRef, PlatformSelector, ResolvedImage } from '../image/types.ts';
import type { VulnOptions } from './vulns.ts';
import { createLayerAnalyzer, type ContentScanner } from './analyze-layer.ts';
import { mapLimit } from './concurrency.ts';
import type { ReportLayer, ScanReport, ScannerName } from './types.ts';
import { VERSION } from './version.ts';

export type { ScanReport, ScannerName } from './types.ts';

export type ProgressEvent =
  | { kind: 'resolved'; images: number; layers: number }
  | { kind: 'layer-start'; index: number; digest: string; size: number; cached: boolean }
  | { kind: 'layer-bytes'; index: number; bytes: number }
  | { kind: 'layer-done'; index: number; digest: string };

export interface ScanOptions extends VulnOptions {
  platform?: PlatformSelector;
  /** Which scanners run besides the catalog (none for `reins sbom`). */
  scanners?: readonly ScannerName[];
  insecure?: boolean;
  username?: string;
  password?: string;
  daemonSocket?: string;
  /** Per-layer analysis cache (default on, in the user cache dir). */
  cache?: boolean;
  cacheDir?: string;
  /** Layers read at once. */
  concurrency?: number;
  onProgress?(event: ProgressEvent): void;
  signal?: AbortSignal;
}

function layerRefs(image: ResolvedImage): ReportLayer[] {
  return image.layers.map((l) => ({
    index: l.index,
    digest: l.descriptor.digest,
    diffId: l.diffId,
    ...(l.createdBy !== undefined && { createdBy: l.createdBy }),
    origin: l.origin,
    mediaType: l.descriptor.mediaType,
    size: l.descriptor.size,
  }));
}

/** Scans an image (path, transport:ref or registry reference): one report per selected platform. */
export async function scanImage(input: string, opts: ScanOptions = {}): Promise<ScanReport[]> {
  const source = await openImage(input, {
    ...(opts.insecure !== undefined && { insecure: opts.insecure }),
    ...(opts.username !== undefined && { username: opts.username }),
    ...(opts.password !== undefined && { password: opts.password }),
    ...(opts.daemonSocket !== undefined && { daemonSocket: opts.daemonSocket }),
  });
  try {
    return await scanSource(source, opts);
  } finally {
    await source.close();
  }
}

/** The SBOM: packages only, no vulnerability, secret or misconfiguration scanning. */
export async function buildSbom(input: string, opts: Omit<ScanOptions, 'scanners'> = {}): Promise<ScanReport[]> {
  return scanImage(input, { ...opts, scanners: [] });
}

export async function scanSource(source: ImageSource, opts: ScanOptions = {}): Promise<ScanReport[]> {
  const scanners = new Set(opts.scanners ?? ['vuln', 'secret', 'misconfig']);
  const vulns = scanners.has('vuln') ? await import('./vulns.ts') : undefined;
  vulns?.checkDb(opts);
  const images = await resolveImages(source, opts.platform ?? { kind: 'host' });
  opts.onProgress?.({ kind: 'resolved', images: images.length, layers: images.reduce((n, i) => n + i.layers.length, 0) });

  const catalogers = allCatalogers();
  // Scanners load only when asked for: `reins sbom` pays for neither the checks nor the database.
  // (The modules themselves, not the checks/ barrel, which also holds the Dockerfile parser.)
  const secret = scanners.has('secret') ? await import('../checks/secret/index.ts') : undefined;
  const misconfig = scanners.has('misconfig') ? await import('../checks/misconfig/index.ts') : undefined;
  const contentScanners: ContentScanner[] = secret ? [secret.secretScanner] : [];
  const analyze = createLayerAnalyzer(catalogers, contentScanners);
  const cache = opts.cache === false ? undefined : new LayerCache(opts.cacheDir ?? join(cacheDir(), 'analysis'), [...catalogers, ...contentScanners]);

  // Layers shared between platforms are read once.
  const byDiffId = new Map<string, Promise<LayerAnalysis>>();
  const analyzeOnce = (image: ResolvedImage, index: number): Promise<LayerAnalysis> => {
    const layer = image.layers[index]!;
    let p = byDiffId.get(layer.diffId);
    if (!p) {
      p = (async () => {
        const hit = await cache?.get(layer.diffId);
        opts.onProgress?.({ kind: 'layer-start', index, digest: layer.descriptor.digest, size: layer.descriptor.size, cached: hit !== undefined });
        if (hit) return hit;
        const analysis = await analyze(source, layer, {
          onBytes: (bytes) => opts.onProgress?.({ kind: 'layer-bytes', index, bytes }),
          ...(opts.signal && { signal: opts.signal }),
        });
        await cache?.put(analysis);
        opts.onProgress?.({ kind: 'layer-done', index, digest: layer.descriptor.digest });
        return analysis;
      })();
      byDiffId.set(layer.diffId, p);
    }
    return p;
  };

  const reports: ScanReport[] = [];
  for (const image of images) {
    const analyses = await mapLimit(image.layers, opts.concurrency ?? 3, (_l, i) => analyzeOnce(image, i));
    const refs = layerRefs(image);
    const layerRefsPlain: LayerRef[] = refs.map(({ mediaType: _m, size: _s, ...r }) => r);
    const merged = mergeLayers(layerRefsPlain, analyses, catalogerKinds(), catalogers.flatMap((c) => c.wants.paths ?? []));
    const diagnostics: Diagnostic[] = [...merged.diagnostics];
    const report: ScanReport = {
      reportVersion: 1,
      tool: { name: 'reins', version: VERSION },
      createdAt: new Date().toISOString(),
      artifact: {
        reference: image.reference,
        sourceKind: image.sourceKind,
        ...(image.name !== undefined && { name: image.name }),
        ...(image.tag !== undefined && { tag: image.tag }),
        manifestDigest: image.manifestDigest,
        ...(image.indexDigest !== undefined && { indexDigest: image.indexDigest }),
        configDigest: image.configDigest,
        platform: image.platform,
        layers: refs,
        base: image.base,
        config: image.config,
      },
      ...(merged.distro && { distro: merged.distro }),
      packages: merged.packages,
      diagnostics,
    };
    if (secret) {
      const secrets: SecretFinding[] = [];
      analyses.forEach((analysis, layerIndex) => {
        const layer = layerRefsPlain[layerIndex]!;
        for (const f of analysis.files) {
          for (const s of f.secrets ?? []) {
            secrets.push({ ...s, layer, origin: layer.origin, deleted: !merged.overlay.isVisible(layerIndex, f.path) });
          }
        }
      });
      secrets.push(...secret.scanImageConfigSecrets(image.config, layerRefsPlain));
      report.secrets = secrets;
    }
    if (misconfig) {
      report.misconfigurations = misconfig.runImageChecks({
        image,
        layers: analyses.map((a, i) => ({ ref: layerRefsPlain[i]!, walk: a.walk })),
        packages: merged.packages,
      });
    }
    if (vulns) {
      const v = await vulns.matchImagePackages(report.packages, report.distro, opts);
      report.vulnerabilities = v.findings;
      report.database = v.snapshot;
      diagnostics.push(...v.diagnostics);
    }
    reports.push(report);
  }
  return reports;
}
