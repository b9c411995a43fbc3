/**
 * @module image/base
 * Where the base image ends and the application begins (LayerInfo.origin, BaseImageInfo).
 *
 * 1. Annotations (https://github.com/opencontainers/image-spec/blob/main/annotations.md):
 *    `org.opencontainers.image.base.name` / `.base.digest` on the manifest. When the base manifest is
 *    readable from the same source, the base layer count is the length of the common prefix of layer
 *    digests (all of the base's layers must match); otherwise the history boundary below is used.
 *    method = 'annotation'.
 * 2. History boundary (method = 'history'): the last history entry that is an empty-layer `CMD` or
 *    `ENTRYPOINT` (classic builder `/bin/sh -c #(nop)  CMD …`, BuildKit `CMD […]`) and is followed by
 *    at least one layer-creating entry. A base image ends with its CMD/ENTRYPOINT, so the layers made
 *    before that entry are the base's. Timestamps are not used: reproducible builds (and the testbed)
 *    stamp every entry with the same `created`. Same idea as Trivy's base-layer guess.
 *    Used only when the non-empty history entries are exactly as many as the layers.
 * 3. Otherwise (method = 'none'): no boundary is visible, so the image is taken as a base image in
 *    itself — every layer is 'base' (e.g. debian-base, or a scratch image with a single COPY).
 */
import type { BaseImageInfo, Descriptor, HistoryEntry, ImageSource, Platform } from './types.ts';
import { parseImageDocument } from './schema.ts';

const BASE_NAME = 'org.opencontainers.image.base.name';
const BASE_DIGEST = 'org.opencontainers.image.base.digest';
const STAGE_END = /^(?:\/bin\/sh -c #\(nop\) +)?(?:CMD|ENTRYPOINT)\b/;

/** Number of base layers from the history, or undefined when the history shows no boundary. */
export function historyBoundary(history: readonly HistoryEntry[] | undefined, layerCount: number): number | undefined {
  if (history === undefined) return undefined;
  const nonEmpty = history.filter((h) => h.empty_layer !== true).length;
  if (nonEmpty !== layerCount) return undefined;
  let layersBefore = 0;
  let pending: number | undefined; // layers before the latest CMD/ENTRYPOINT not yet followed by a layer
  let confirmed: number | undefined;
  for (const h of history) {
    if (h.empty_layer === true) {
      if (STAGE_END.test(h.created_by?.trim() ?? '')) pending = layersBefore;
    } else {
      if (pending !== undefined) confirmed = pending;
      pending = undefined;
      layersBefore++;
    }
  }
  // A trailing CMD/ENTRYPOINT (still pending) is the image's own, not a base boundary.
  return confirmed;
}

function samePlatform(a: Platform | undefined, b: Platform): boolean {
  return a !== undefined && a.os === b.os && a.architecture === b.architecture && (a.variant ?? '') === (b.variant ?? '');
}

/** Reads the base manifest named by the annotation from the same source; undefined when it is not there. */
async function baseLayerDigests(source: ImageSource, digest: string, platform: Platform): Promise<string[] | undefined> {
  try {
    const probe: Descriptor = { mediaType: '', digest, size: -1 };
    let doc = parseImageDocument(await source.readBlob(probe), `${source.reference}: base ${digest}`);
    if (doc.kind === 'index') {
      const child = doc.index.manifests.find((d) => samePlatform(d.platform, platform)) ?? (doc.index.manifests.length === 1 ? doc.index.manifests[0] : undefined);
      if (child === undefined) return undefined;
      doc = parseImageDocument(await source.readBlob(child), `${source.reference}: base ${child.digest}`);
    }
    return doc.kind === 'manifest' ? doc.manifest.layers.map((l) => l.digest) : undefined;
  } catch {
    return undefined; // the base is not in this source: fall back to the history
  }
}

/** Decides the base/app boundary of one image. */
export async function detectBase(
  source: ImageSource,
  annotations: Record<string, string> | undefined,
  layerDigests: readonly string[],
  history: readonly HistoryEntry[] | undefined,
  platform: Platform,
): Promise<BaseImageInfo> {
  const fromHistory = historyBoundary(history, layerDigests.length);
  const name = annotations?.[BASE_NAME];
  const digest = annotations?.[BASE_DIGEST];
  if (name !== undefined || digest !== undefined) {
    let count: number | undefined;
    if (digest !== undefined) {
      const base = await baseLayerDigests(source, digest, platform);
      if (base !== undefined && base.length <= layerDigests.length && base.every((d, i) => d === layerDigests[i])) count = base.length;
    }
    return {
      ...(name === undefined ? {} : { name }),
      ...(digest === undefined ? {} : { digest }),
      method: 'annotation',
      layerCount: count ?? fromHistory ?? layerDigests.length,
    };
  }
  if (fromHistory !== undefined) return { method: 'history', layerCount: fromHistory };
  return { method: 'none', layerCount: layerDigests.length };
}
