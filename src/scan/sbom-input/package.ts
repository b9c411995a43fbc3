/**
 * @module scan/sbom-input/package
 * Builds reins `Package` records from what an SBOM says about a package: its purl (parsed with
 * packageurl-js), licenses and, when the SBOM carries them, reins', Trivy's or Syft's layer and
 * path properties. Layer provenance an SBOM does not give is marked unknown (`index: -1`).
 */
import { PackageURL } from 'packageurl-js';
import type { Distro, Location, Package, PackageType } from '../../catalog/types.ts';
import type { LayerRef } from '../../image/types.ts';

const TYPES: ReadonlySet<string> = new Set<PackageType>(['deb', 'apk', 'rpm', 'npm', 'pypi', 'maven', 'golang', 'gem', 'composer', 'cargo', 'nuget', 'generic']);
const OS_TYPES: ReadonlySet<string> = new Set(['deb', 'apk', 'rpm']);

/** Facts about one package, normalised from CycloneDX properties or SPDX annotations. */
export interface PackageFacts {
  purl?: string;
  name: string;
  version?: string;
  licenses: string[];
  /** `reins:*` / `aquasecurity:trivy:*` properties by name (repeatable). */
  props: Map<string, string[]>;
  foundBy: string;
}

export function parsePurl(purl: string | undefined): PackageURL | undefined {
  if (!purl) return undefined;
  try {
    return PackageURL.fromString(purl);
  } catch {
    return undefined;
  }
}

function first(props: Map<string, string[]>, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = props.get(n)?.[0];
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

/** Syft writes `syft:location:<n>:path` / `syft:location:<n>:layerID`: collect them in order. */
function syftLocations(props: Map<string, string[]>, field: 'path' | 'layerID'): string[] {
  const out: string[] = [];
  for (const [k, v] of props) {
    const m = /^syft:location:(\d+):(\w+)$/.exec(k);
    if (m && m[2] === field && v[0]) out[Number(m[1])] = v[0];
  }
  return out.filter((x) => x !== undefined);
}

function layerOf(props: Map<string, string[]>, type: string): LayerRef {
  const index = Number(first(props, 'reins:layer:index') ?? -1);
  const origin = first(props, 'reins:origin');
  return {
    index: Number.isInteger(index) ? index : -1,
    digest: first(props, 'reins:layer:digest', 'aquasecurity:trivy:LayerDigest') ?? '',
    diffId: first(props, 'reins:layer:diffId', 'aquasecurity:trivy:LayerDiffID') ?? syftLocations(props, 'layerID')[0] ?? '',
    // Unknown origin: OS packages usually come with the base image, the rest with the app.
    origin: origin === 'base' || origin === 'app' ? origin : OS_TYPES.has(type) ? 'base' : 'app',
  };
}

function locationsOf(props: Map<string, string[]>, layer: LayerRef): Location[] {
  const reins = props.get('reins:path') ?? [];
  const trivy = props.get('aquasecurity:trivy:FilePath') ?? [];
  const paths = reins.length ? reins : trivy.length ? trivy : syftLocations(props, 'path');
  return paths.map((raw) => {
    const deleted = raw.endsWith(' (deleted)');
    const path = deleted ? raw.slice(0, -' (deleted)'.length) : raw;
    return { path: path.startsWith('/') ? path : `/${path}`, layer, deleted };
  });
}

function sourceOf(props: Map<string, string[]>): Package['source'] {
  const name = first(props, 'reins:source:name', 'aquasecurity:trivy:SrcName');
  if (!name) return undefined;
  let version = first(props, 'reins:source:version', 'aquasecurity:trivy:SrcVersion');
  const release = first(props, 'aquasecurity:trivy:SrcRelease');
  const epoch = first(props, 'aquasecurity:trivy:SrcEpoch');
  if (version && release) version = `${version}-${release}`;
  if (version && epoch && epoch !== '0' && !version.includes(':')) version = `${epoch}:${version}`;
  return version ? { name, version } : { name };
}

/** A reins Package from SBOM facts; undefined when neither a purl nor a version identifies it. */
export function toPackage(f: PackageFacts): Package | undefined {
  const purl = parsePurl(f.purl);
  const type: PackageType = purl && TYPES.has(purl.type) ? (purl.type as PackageType) : 'generic';
  const q = purl?.qualifiers ?? {};
  const epochNum = q.epoch !== undefined ? Number(q.epoch) : undefined;
  const epoch = epochNum !== undefined && Number.isInteger(epochNum) && epochNum > 0 ? epochNum : undefined;
  let version = purl?.version ?? f.version;
  if (version === undefined || version === '') return undefined;
  // reins' OS convention (as dpkg prints it): the epoch stays in `version` and is repeated in `epoch`.
  if (epoch && OS_TYPES.has(type) && type !== 'apk' && !/^\d+:/.test(version)) version = `${epoch}:${version}`;
  const namespace = purl?.namespace ?? undefined;
  const name = purl?.name ?? f.name;
  const layer = layerOf(f.props, type);
  const locations = locationsOf(f.props, layer);
  const source = sourceOf(f.props);
  const pkg: Package = {
    // The purl identifies a package as merge.ts does; without one, the contract's fallback form.
    id: f.purl || `${type}:${namespace ? `${namespace}/` : ''}${name}@${version}:${locations[0]?.path ?? ''}`,
    type,
    ...(namespace ? { namespace } : {}),
    name,
    version,
    purl: f.purl ?? '',
    licenses: f.licenses,
    ...(source ? { source } : {}),
    ...(q.arch ? { arch: q.arch } : {}),
    ...(epoch ? { epoch } : {}),
    foundBy: f.foundBy,
    locations,
    layer,
    origin: layer.origin,
  };
  return pkg;
}

/** Distro from a purl `distro=` qualifier: `debian-12.15`, `alpine-3.19.1`, `ubuntu-22.04`, `bookworm`. */
export function distroFromQualifier(type: string, value: string): Distro {
  const m = /^([a-z][a-z0-9._]*?)-(\d[\w.]*)$/i.exec(value);
  const fallbackId = type === 'deb' ? 'debian' : type === 'apk' ? 'alpine' : value;
  if (!m) return /^\d/.test(value) ? { id: fallbackId, versionId: value } : { id: fallbackId, codename: value };
  return distroOf(m[1]!.toLowerCase(), m[2]);
}

/** Distro from an id and the most precise version known (Debian's VERSION_ID is the major). */
export function distroOf(id: string, version: string | undefined): Distro {
  if (!version) return { id };
  const versionId = id === 'debian' ? version.split('.')[0] : version;
  return { id, versionId, ...(version !== versionId ? { version } : {}) };
}

/** Adds a package, merging one whose id (purl) was already read: its locations are added. */
export function addPackage(into: Map<string, Package>, pkg: Package): void {
  const seen = into.get(pkg.id);
  if (!seen) {
    into.set(pkg.id, pkg);
    return;
  }
  for (const l of pkg.locations) if (!seen.locations.some((x) => x.path === l.path)) seen.locations.push(l);
}

/** Sets the index of layers known only by diffID, given the image's diffIDs in order. */
export function indexLayers(packages: Package[], diffIds: readonly string[]): void {
  if (!diffIds.length) return;
  for (const p of packages) {
    if (p.layer.index !== -1 || !p.layer.diffId) continue;
    const i = diffIds.indexOf(p.layer.diffId);
    if (i !== -1) p.layer.index = i;
  }
}
