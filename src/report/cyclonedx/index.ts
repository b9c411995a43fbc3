/**
 * @module report/cyclonedx
 * CycloneDX 1.6 JSON (`--format cyclonedx`), built with the OWASP `@cyclonedx/cyclonedx-library`
 * models and serializer.
 *
 * - `metadata.component` is the image (`container`, purl `pkg:oci/…`, manifest digest as SHA-256
 *   hash); `metadata.tools` names reins.
 * - One `library` component per package: purl, bom-ref (the package id), licenses (SPDX ids or
 *   expression, else names), `reins:*` properties (layer index/digest/diffId, origin base/app,
 *   paths, source package, cataloger). The OS is an `operating-system` component.
 * - `dependencies`: image → OS and language packages, OS → its packages (no package graph yet).
 * - With scanner results: `vulnerabilities` (ratings from CVSS vectors, `affects` → bom-refs,
 *   aliases as `references`, `analysis` when VEX or an exception suppressed the finding).
 * - Several platforms: `metadata.component` is the index and each platform is a nested `container`
 *   component holding its packages (bom-refs prefixed with the platform).
 *
 * Specs: https://cyclonedx.org/docs/1.6/json/ ; https://github.com/CycloneDX/specification
 * Limits: secrets and misconfigurations are not part of the BOM (use sarif/json); no package
 * dependency graph; serialNumber is derived from the manifest digest and creation time.
 */
import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import { InternalError } from '../../common/errors.ts';
import type { ScanReport } from '../../scan/types.ts';
import type { Formatter, RenderInput } from '../types.ts';
import { platformLabel, stableUuid } from '../shared.ts';
import { imageComponent, OS_TYPES, osComponent, packageComponent } from './components.ts';
import { vulnerabilityOf } from './vulnerabilities.ts';

interface Added {
  image: Models.Component;
  byPackageId: Map<string, Models.Component>;
}

/** Adds one report's components (into `into`) and dependencies; returns the image component. */
function addReport(r: ScanReport, prefix: string, into: Models.ComponentRepository, image: Models.Component): Added {
  const byPackageId = new Map<string, Models.Component>();
  const os = osComponent(r, `${prefix}os:${r.distro?.id ?? ''}@${r.distro?.version ?? r.distro?.versionId ?? ''}`);
  if (os) {
    into.add(os);
    image.dependencies.add(os.bomRef);
  }
  for (const p of r.packages) {
    const c = packageComponent(p, `${prefix}${p.id}`);
    into.add(c);
    byPackageId.set(p.id, c);
    (os && OS_TYPES.has(p.type) ? os : image).dependencies.add(c.bomRef);
  }
  return { image, byPackageId };
}

export function buildBom(input: RenderInput): Models.Bom {
  const reports = input.reports;
  const first = reports[0];
  if (!first) throw new InternalError('cyclonedx: no report to render');
  const bom = new Models.Bom({ serialNumber: `urn:uuid:${stableUuid(reports.map((r) => `${r.artifact.manifestDigest} ${r.createdAt}`))}` });
  bom.metadata.timestamp = new Date(first.createdAt);
  bom.metadata.tools.components.add(
    new Models.Component(Enums.ComponentType.Application, first.tool.name, { version: first.tool.version }),
  );
  const added: Added[] = [];
  if (reports.length === 1) {
    const image = imageComponent(first, 'image');
    bom.metadata.component = image;
    added.push(addReport(first, '', bom.components, image));
  } else {
    const a = first.artifact;
    const index = new Models.Component(Enums.ComponentType.Container, a.name ?? a.reference, {
      bomRef: 'image-index',
      version: a.tag ?? a.indexDigest,
    });
    bom.metadata.component = index;
    for (const r of reports) {
      const prefix = `${platformLabel(r.artifact)}/`;
      const image = imageComponent(r, `${prefix}image`);
      bom.components.add(image);
      index.dependencies.add(image.bomRef);
      added.push(addReport(r, prefix, image.components, image));
    }
  }
  reports.forEach((r, i) => {
    const prefix = reports.length === 1 ? '' : `${platformLabel(r.artifact)}/`;
    for (const v of r.vulnerabilities ?? []) {
      const affected = added[i]?.byPackageId.get(v.packageId);
      if (!affected) continue; // a finding must point at a package of the same report
      bom.vulnerabilities.add(vulnerabilityOf(v, `${prefix}vuln:${v.id}:${v.packageId}`, affected));
    }
  });
  return bom;
}

const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));

export const cyclonedxFormat = {
  id: 'cyclonedx',
  title: 'CycloneDX 1.6 JSON',
  specUrls: ['https://cyclonedx.org/docs/1.6/json/', 'https://github.com/CycloneDX/specification'],
  mediaType: 'application/vnd.cyclonedx+json; version=1.6',
  commands: ['sbom', 'scan'],
  render(input: RenderInput): string {
    return `${serializer.serialize(buildBom(input), { sortLists: true, space: 2 })}\n`;
  },
} as const satisfies Formatter;
