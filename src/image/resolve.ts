/**
 * @module image/resolve
 * From an opened source to fully resolved per-platform images: follows an index to its manifests
 * (nested indexes too; OCI and Docker v2 list/manifest media types), picks platforms, reads and
 * validates manifests and configs, maps history to layers and decides base vs app (see base.ts).
 * Specs: https://github.com/opencontainers/image-spec (image-index.md, manifest.md, config.md).
 * Attestation manifests (BuildKit's `vnd.docker.reference.type` annotation, or platform
 * unknown/unknown) are skipped. A single-manifest image is scanned whatever its platform for
 * `host`; `exact` must match it.
 * Limits: index nesting deeper than 4 is refused; manifests with non-image media types are ignored.
 */
import { InputError } from '../common/errors.ts';
import { detectBase } from './base.ts';
import { formatPlatform, hostPlatform, selectPlatforms } from './platform.ts';
import { MEDIA, parseImageConfig, parseImageDocument } from './schema.ts';
import type { Descriptor, ImageSource, LayerInfo, OciIndex, OciManifest, Platform, PlatformSelector, ResolvedImage } from './types.ts';

const MAX_DEPTH = 4;
const MANIFEST_TYPES = new Set<string>([MEDIA.ociManifest, MEDIA.dockerManifest]);
const INDEX_TYPES = new Set<string>([MEDIA.ociIndex, MEDIA.dockerList]);

interface Candidate {
  descriptor: Descriptor;
  manifest?: OciManifest;
  indexDigest?: string;
  platform?: Platform;
}

function isAttestation(d: Descriptor): boolean {
  if (d.annotations?.['vnd.docker.reference.type'] !== undefined) return true;
  return d.platform?.os === 'unknown' && d.platform.architecture === 'unknown';
}

function platformOf(d: Descriptor): Platform | undefined {
  const p = d.platform;
  if (p === undefined) return undefined;
  return p.variant === undefined ? { os: p.os, architecture: p.architecture } : { os: p.os, architecture: p.architecture, variant: p.variant };
}

async function collect(source: ImageSource, index: OciIndex, indexDigest: string, depth: number, out: Candidate[]): Promise<void> {
  if (depth > MAX_DEPTH) throw new InputError('E_INPUT', `${source.reference}: index ${indexDigest} nests deeper than ${MAX_DEPTH} levels`);
  for (const d of index.manifests) {
    if (isAttestation(d)) continue;
    if (INDEX_TYPES.has(d.mediaType)) {
      const doc = parseImageDocument(await source.readBlob(d), `${source.reference}: index ${d.digest}`);
      if (doc.kind !== 'index') throw new InputError('E_INPUT_MALFORMED_JSON', `${source.reference}: blob ${d.digest} is a manifest, its descriptor says index`);
      await collect(source, doc.index, d.digest, depth + 1, out);
    } else if (MANIFEST_TYPES.has(d.mediaType)) {
      const platform = platformOf(d);
      out.push({ descriptor: d, indexDigest, ...(platform === undefined ? {} : { platform }) });
    }
  }
}

async function loadManifest(source: ImageSource, c: Candidate): Promise<OciManifest> {
  if (c.manifest !== undefined) return c.manifest;
  const doc = parseImageDocument(await source.readBlob(c.descriptor), `${source.reference}: manifest ${c.descriptor.digest}`);
  if (doc.kind !== 'manifest') throw new InputError('E_INPUT_MALFORMED_JSON', `${source.reference}: blob ${c.descriptor.digest} is an index, its descriptor says manifest`);
  c.manifest = doc.manifest;
  return doc.manifest;
}

async function resolveOne(source: ImageSource, c: Candidate): Promise<ResolvedImage> {
  const manifest = await loadManifest(source, c);
  const configBytes = await source.readBlob(manifest.config);
  const config = parseImageConfig(configBytes, `${source.reference}: config ${manifest.config.digest}`);
  const diffIds = config.rootfs.diff_ids;
  if (diffIds.length !== manifest.layers.length) {
    throw new InputError('E_INPUT', `${source.reference}: manifest ${c.descriptor.digest} has ${manifest.layers.length} layers but config ${manifest.config.digest} has ${diffIds.length} diff_ids`);
  }
  const makers = (config.history ?? []).filter((h) => h.empty_layer !== true);
  const historyFits = makers.length === diffIds.length;
  const platform: Platform = config.variant === undefined ? { os: config.os, architecture: config.architecture } : { os: config.os, architecture: config.architecture, variant: config.variant };
  const base = await detectBase(source, manifest.annotations, manifest.layers.map((l) => l.digest), config.history, c.platform ?? platform);
  const layers: LayerInfo[] = manifest.layers.map((descriptor, index) => {
    const createdBy = historyFits ? makers[index]?.created_by : undefined;
    return {
      index,
      descriptor,
      diffId: diffIds[index]!,
      ...(createdBy === undefined ? {} : { createdBy }),
      origin: index < base.layerCount ? 'base' : 'app',
    };
  });
  const isDockerArchive = source.kind === 'docker-archive';
  return {
    reference: source.reference,
    sourceKind: source.kind,
    ...(source.name === undefined ? {} : { name: source.name }),
    ...(source.tag === undefined ? {} : { tag: source.tag }),
    // docker-archive has no manifest of its own: its identity is the config digest (the image ID).
    manifestDigest: isDockerArchive ? manifest.config.digest : c.descriptor.digest,
    ...(c.indexDigest === undefined ? {} : { indexDigest: c.indexDigest }),
    platform: c.platform ?? platform,
    manifest,
    config,
    configDigest: manifest.config.digest,
    layers,
    base,
  };
}

/** Resolves the images of `source` that `selector` wants; E_INPUT_PLATFORM lists the available ones when none fits. */
export async function resolveImages(source: ImageSource, selector: PlatformSelector): Promise<ResolvedImage[]> {
  const root = await source.root();
  const candidates: Candidate[] = [];
  if ('manifests' in root.document) {
    await collect(source, root.document, root.descriptor.digest, 0, candidates);
  } else {
    candidates.push({ descriptor: root.descriptor, manifest: root.document });
  }
  if (candidates.length === 0) throw new InputError('E_INPUT', `${source.reference}: the index lists no image manifests`);
  // Descriptors without a platform (single images, many layouts): the config says.
  for (const c of candidates) {
    if (c.platform !== undefined) continue;
    const m = await loadManifest(source, c);
    const cfg = parseImageConfig(await source.readBlob(m.config), `${source.reference}: config ${m.config.digest}`);
    c.platform = cfg.variant === undefined ? { os: cfg.os, architecture: cfg.architecture } : { os: cfg.os, architecture: cfg.architecture, variant: cfg.variant };
  }
  const platforms = candidates.map((c) => c.platform!);
  let chosen = selectPlatforms(selector, platforms);
  const single = candidates.length === 1 && !('manifests' in root.document);
  if (chosen.length === 0 && single && selector.kind === 'host') chosen = [0];
  if (chosen.length === 0) {
    const wanted = selector.kind === 'exact' ? formatPlatform(selector.platform) : selector.kind === 'host' ? `the host platform ${formatPlatform(hostPlatform())}` : 'any platform';
    throw new InputError('E_INPUT_PLATFORM', `${source.reference}: no image for ${wanted}; available: ${platforms.map(formatPlatform).join(', ')}`);
  }
  const out: ResolvedImage[] = [];
  for (const i of chosen) out.push(await resolveOne(source, candidates[i]!));
  return out;
}
