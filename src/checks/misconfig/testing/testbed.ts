/**
 * @module checks/misconfig/testing/testbed
 * Test-only: builds an ImageCheckInput for a testbed image straight from the testbed's outputs
 * ($TESTBED_OUT, see shared/testbed/README.md) without the image readers: the config from the OCI
 * layout (index.json -> manifest -> config blob), layer walks from the layer dirs listed in
 * specs/<image>.json (`.wh.<name>` -> whiteout, `.wh..wh..opq` -> opaque dir), packages from
 * Trivy's reference packages.tsv. Returns undefined when the testbed is not built.
 */
import { existsSync, lstatSync, readFileSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Package } from '../../../catalog/types.ts';
import { historyBoundary } from '../../../image/base.ts';
import type { FileMeta, ImageConfig, LayerInfo, LayerRef, LayerWalkResult, OciIndex, OciManifest, ResolvedImage } from '../../../image/types.ts';
import { layerRefOf } from '../history.ts';
import type { ImageCheckInput } from '../types.ts';

export const TESTBED = process.env.TESTBED_OUT ?? join(homedir(), '.cache', 'reins-testbed');
const REFERENCE = new URL('../../../../../shared/testbed/reference/', import.meta.url);

function blob(layout: string, digest: string): Buffer {
  return readFileSync(join(layout, 'blobs', ...digest.split(':')));
}

/** Walk result of one layer dir, as the layer walker would report it. */
export function walkLayerDir(dir: string): LayerWalkResult {
  const result: LayerWalkResult = { whiteouts: [], opaqueDirs: [], entries: [] };
  const walk = (abs: string, rel: string): void => {
    for (const name of readdirSync(abs).sort()) {
      const a = join(abs, name);
      const path = `${rel}/${name}`;
      if (name === '.wh..wh..opq') {
        result.opaqueDirs.push(rel === '' ? '/' : rel);
        continue;
      }
      if (name.startsWith('.wh.')) {
        result.whiteouts.push(`${rel}/${name.slice(4)}`);
        continue;
      }
      const st = lstatSync(a);
      const type: FileMeta['type'] = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'symlink' : 'other';
      result.entries.push({ path, type, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, size: st.isFile() ? st.size : 0 });
      if (type === 'dir') walk(a, path);
    }
  };
  walk(dir, '');
  return result;
}

function packagesOf(image: string, layers: readonly LayerRef[]): Package[] {
  const tsv = new URL(`${image}/packages.tsv`, REFERENCE);
  if (!existsSync(tsv)) return [];
  const last = layers.at(-1)!;
  return readFileSync(tsv, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [type, name = '', version = '', , purl = ''] = line.split('\t');
      // Trivy's list has no layer; the last layer stands in (tests use packages for names only).
      return { id: purl, type: type === 'debian' ? 'deb' : 'npm', name, version, purl, licenses: [], foundBy: 'reference', locations: [], layer: last, origin: last.origin } satisfies Package;
    });
}

export function loadTestbedInput(image: string): ImageCheckInput | undefined {
  const layout = join(TESTBED, 'images', image, 'oci');
  const specPath = join(TESTBED, 'specs', `${image}.json`);
  if (!existsSync(join(layout, 'index.json')) || !existsSync(specPath)) return undefined;
  const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8')) as OciIndex;
  const mdesc = index.manifests[0]!;
  const manifest = JSON.parse(blob(layout, mdesc.digest).toString('utf8')) as OciManifest;
  const config = JSON.parse(blob(layout, manifest.config.digest).toString('utf8')) as ImageConfig;
  const spec = JSON.parse(readFileSync(specPath, 'utf8')) as { layers: string[] };
  const boundary = historyBoundary(config.history, manifest.layers.length);
  const baseCount = boundary ?? manifest.layers.length;
  const layers: LayerInfo[] = manifest.layers.map((descriptor, i) => ({
    index: i,
    descriptor,
    diffId: config.rootfs.diff_ids[i] ?? '',
    origin: i < baseCount ? 'base' : 'app',
  }));
  const resolved: ResolvedImage = {
    reference: `oci:${layout}:latest`,
    sourceKind: 'oci-layout',
    name: image,
    tag: mdesc.annotations?.['org.opencontainers.image.ref.name'] ?? 'latest',
    manifestDigest: mdesc.digest,
    platform: { os: config.os, architecture: config.architecture },
    manifest,
    config,
    configDigest: manifest.config.digest,
    layers,
    base: boundary === undefined ? { method: 'none', layerCount: baseCount } : { method: 'history', layerCount: baseCount },
  };
  const refs = layers.map(layerRefOf);
  return {
    image: resolved,
    layers: spec.layers.map((dir, i) => ({ ref: refs[i]!, walk: walkLayerDir(join(TESTBED, dir)) })),
    packages: packagesOf(image, refs),
  };
}
