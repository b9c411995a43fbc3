/**
 * @module scan/sbom-input/cyclonedx
 * Reads a CycloneDX JSON BOM (spec 1.4–1.6; https://cyclonedx.org/docs/1.6/json/): library-like
 * components (nested ones too) become packages, the `operating-system` component or a purl
 * `distro=` qualifier gives the distro, `metadata.component` (a container) gives the image.
 * reins' own `reins:*` properties and Trivy's `aquasecurity:trivy:*` ones restore layer, path and
 * source package when present.
 */
import type { Distro, Package } from '../../catalog/types.ts';
import type { ReportArtifact } from '../types.ts';
import { addPackage, distroFromQualifier, distroOf, indexLayers, parsePurl, toPackage } from './package.ts';

interface CdxLicense {
  license?: { id?: string; name?: string };
  expression?: string;
}

interface CdxComponent {
  type?: string;
  name?: string;
  version?: string;
  purl?: string;
  licenses?: CdxLicense[];
  properties?: { name?: string; value?: string }[];
  components?: CdxComponent[];
  hashes?: { alg?: string; content?: string }[];
}

export interface CdxBom {
  bomFormat: 'CycloneDX';
  specVersion?: string;
  metadata?: { component?: CdxComponent };
  components?: CdxComponent[];
}

const NOT_PACKAGES: ReadonlySet<string> = new Set(['container', 'operating-system', 'file', 'data', 'device', 'firmware', 'platform']);

function propsOf(c: CdxComponent): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const p of c.properties ?? []) {
    if (typeof p.name === 'string' && typeof p.value === 'string') m.set(p.name, [...(m.get(p.name) ?? []), p.value]);
  }
  return m;
}

function licensesOf(c: CdxComponent): string[] {
  return (c.licenses ?? [])
    .map((l) => l.expression ?? l.license?.id ?? l.license?.name)
    .filter((x): x is string => typeof x === 'string' && x !== '');
}

function* walk(components: CdxComponent[] | undefined): Generator<CdxComponent> {
  for (const c of components ?? []) {
    if (!c || typeof c !== 'object') continue;
    yield c;
    yield* walk(c.components);
  }
}

function artifactOf(c: CdxComponent | undefined): Partial<ReportArtifact> | undefined {
  if (!c || c.type !== 'container') return undefined;
  const props = propsOf(c);
  const prop = (n: string): string | undefined => props.get(n)?.[0];
  const purl = parsePurl(c.purl);
  const q = purl?.qualifiers ?? {};
  const sha = c.hashes?.find((h) => h.alg === 'SHA-256')?.content;
  const purlDigest = purl?.type === 'oci' && purl.version?.startsWith('sha256:') ? purl.version : undefined;
  const manifestDigest = prop('reins:image:manifestDigest') ?? purlDigest ?? (sha ? `sha256:${sha}` : undefined);
  const platform = prop('reins:image:platform')?.split('/');
  const a: Partial<ReportArtifact> = {
    reference: prop('reins:image:reference') ?? c.name,
    name: q.repository_url ?? c.name,
    ...(q.tag ? { tag: q.tag } : {}),
    ...(manifestDigest ? { manifestDigest } : {}),
    ...((prop('reins:image:configDigest') ?? prop('aquasecurity:trivy:ImageID')) ? { configDigest: prop('reins:image:configDigest') ?? prop('aquasecurity:trivy:ImageID') } : {}),
  };
  if (platform && platform.length >= 2) a.platform = { os: platform[0]!, architecture: platform[1]!, ...(platform[2] ? { variant: platform[2] } : {}) };
  else if (q.arch) a.platform = { os: 'linux', architecture: q.arch };
  return a;
}

/** The image's layer diffIDs in order: reins `reins:layer:diffId` = `<index> <diffId> <origin>`, Trivy `DiffID` = comma list. */
function imageDiffIds(c: CdxComponent | undefined): string[] {
  if (!c) return [];
  const props = propsOf(c);
  const reins = props.get('reins:layer:diffId') ?? [];
  if (reins.length) {
    const out: string[] = [];
    for (const v of reins) {
      const [i, d] = v.split(' ');
      if (d && Number.isInteger(Number(i))) out[Number(i)] = d;
    }
    return out;
  }
  return (props.get('aquasecurity:trivy:DiffID')?.[0] ?? '').split(',').filter(Boolean);
}

export function readCycloneDx(bom: CdxBom): { packages: Package[]; distro?: Distro; artifact?: Partial<ReportArtifact> } {
  const byId = new Map<string, Package>();
  let distro: Distro | undefined;
  let qualifierDistro: Distro | undefined;
  for (const c of walk(bom.components)) {
    if (c.type === 'operating-system') {
      if (!distro && c.name) distro = distroOf(c.name.toLowerCase(), c.version);
      continue;
    }
    if (c.type && NOT_PACKAGES.has(c.type)) continue;
    const pkg = toPackage({ purl: c.purl, name: c.name ?? '', version: c.version, licenses: licensesOf(c), props: propsOf(c), foundBy: 'sbom-cyclonedx' });
    if (!pkg) continue;
    addPackage(byId, pkg);
    const d = parsePurl(c.purl)?.qualifiers?.distro;
    if (!qualifierDistro && d) qualifierDistro = distroFromQualifier(pkg.type, d);
  }
  const packages = [...byId.values()];
  indexLayers(packages, imageDiffIds(bom.metadata?.component));
  const artifact = artifactOf(bom.metadata?.component);
  const found = distro ?? qualifierDistro;
  return { packages, ...(found ? { distro: found } : {}), ...(artifact ? { artifact } : {}) };
}
