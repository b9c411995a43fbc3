/**
 * @module report/spdx-json
 * SPDX 2.3 JSON (`--format spdx-json`).
 *
 * - The document DESCRIBES the image: a package with purpose CONTAINER, the manifest digest as its
 *   SHA256 checksum and a `pkg:oci/…` purl. The image CONTAINS the OS (OPERATING_SYSTEM) and every
 *   package; each package has a PACKAGE-MANAGER `purl` external ref, `licenseDeclared` as a valid
 *   SPDX expression (licenses joined with AND; strings SPDX does not know become `LicenseRef-…`
 *   declared in `hasExtractedLicensingInfos`) or NOASSERTION, and its layer, origin and paths as
 *   `reins:` annotations and `sourceInfo`.
 * - SPDXIDs are `SPDXRef-` + letters, digits, `.` and `-` only, made unique with a short hash.
 * - Several platforms: the document describes one image package per platform.
 *
 * Specs: https://spdx.github.io/spdx-spec/v2.3/ (§6 creation info, §7 packages, §10 other
 * licensing, §11 relationships, Annex D license expressions); purl external refs per Annex F.
 * Limits: no files or package-to-package dependencies; vulnerabilities, secrets and
 * misconfigurations are not part of SPDX 2.3 output (use cyclonedx or sarif).
 */
import { createHash } from 'node:crypto';
import type { Package } from '../../catalog/types.ts';
import { InternalError } from '../../common/errors.ts';
import type { ScanReport } from '../../scan/types.ts';
import type { Formatter, RenderInput } from '../types.ts';
import { licenseRefFor, normalizeLicense } from '../license.ts';
import { digestHex, displayVersion, imageName, layerLabel, ociPurl, platformLabel, qualifiedName, stableUuid } from '../shared.ts';

const NOASSERTION = 'NOASSERTION';

interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  downloadLocation: string;
  filesAnalyzed: false;
  primaryPackagePurpose: 'CONTAINER' | 'OPERATING_SYSTEM' | 'LIBRARY';
  checksums?: { algorithm: string; checksumValue: string }[];
  licenseConcluded: string;
  licenseDeclared: string;
  copyrightText: string;
  supplier?: string;
  sourceInfo?: string;
  description?: string;
  externalRefs?: { referenceCategory: 'PACKAGE-MANAGER'; referenceType: 'purl'; referenceLocator: string }[];
  annotations?: { annotationDate: string; annotationType: 'OTHER'; annotator: string; comment: string }[];
}

interface Relationship {
  spdxElementId: string;
  relationshipType: 'DESCRIBES' | 'CONTAINS';
  relatedSpdxElement: string;
}

/** `SPDXRef-<idstring>` with idstring restricted to letters, digits, `.` and `-` (SPDX 2.3 §7.2). */
export function spdxId(...parts: string[]): string {
  const id = parts.join('-').replace(/[^A-Za-z0-9.-]+/g, '-').replace(/-{2,}/g, '-').replace(/^-|-$/g, '');
  return `SPDXRef-${id || 'unnamed'}`;
}

function shortHash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 8);
}

/** Collects LicenseRef- ids for license strings SPDX does not know (one id per distinct text). */
class ExtractedLicenses {
  readonly byText = new Map<string, string>();
  private readonly used = new Set<string>();
  refFor(text: string): string {
    const known = this.byText.get(text);
    if (known) return known;
    let ref = licenseRefFor(text);
    for (let n = 2; this.used.has(ref); n++) ref = `${licenseRefFor(text)}-${n}`;
    this.used.add(ref);
    this.byText.set(text, ref);
    return ref;
  }
  toJson(): { licenseId: string; name: string; extractedText: string; comment: string }[] {
    return [...this.byText].map(([text, ref]) => ({
      licenseId: ref,
      name: text,
      extractedText: text,
      comment: 'License named by the package metadata; not on the SPDX License List.',
    }));
  }
}

/** licenseDeclared: the package's licenses AND-ed, as a valid SPDX expression, or NOASSERTION. */
export function declaredLicense(licenses: readonly string[], extracted: ExtractedLicenses): string {
  const terms = [...new Set(licenses.map((l) => l.trim()).filter(Boolean))].map((l) => {
    const n = normalizeLicense(l);
    if (n.kind === 'id') return n.id;
    if (n.kind === 'expression') return /\s(OR|AND)\s/.test(n.expression) && licenses.length > 1 ? `(${n.expression})` : n.expression;
    return extracted.refFor(n.text);
  });
  return terms.length ? [...new Set(terms)].join(' AND ') : NOASSERTION;
}

function annotations(p: Package, created: string, annotator: string): SpdxPackage['annotations'] {
  const lines: string[] = [
    `reins:package:id=${p.id}`,
    `reins:foundBy=${p.foundBy}`,
    `reins:layer:index=${p.layer.index}`,
    `reins:layer:diffId=${p.layer.diffId}`,
    `reins:origin=${p.origin}`,
    ...p.locations.map((l) => `reins:path=${l.path}${l.deleted ? ' (deleted)' : ''}`),
  ];
  if (p.source) lines.push(`reins:source=${p.source.name}${p.source.version ? ` ${p.source.version}` : ''}`);
  return lines.map((comment) => ({ annotationDate: created, annotationType: 'OTHER', annotator, comment }));
}

function packageOf(p: Package, prefix: string, created: string, tool: string, extracted: ExtractedLicenses): SpdxPackage {
  const loc = p.locations[0];
  return {
    SPDXID: spdxId(`${prefix}Package`, p.type, qualifiedName(p), shortHash(p.id)),
    name: qualifiedName(p),
    versionInfo: displayVersion(p),
    downloadLocation: NOASSERTION,
    filesAnalyzed: false,
    primaryPackagePurpose: 'LIBRARY',
    licenseConcluded: NOASSERTION,
    licenseDeclared: declaredLicense(p.licenses, extracted),
    copyrightText: NOASSERTION,
    supplier: NOASSERTION,
    sourceInfo: `found by reins ${p.foundBy} in ${loc?.path ?? 'the image'} (layer ${layerLabel(p.layer)})`,
    externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: p.purl }],
    annotations: annotations(p, created, tool),
  };
}

function imagePackage(r: ScanReport, id: string): SpdxPackage {
  const a = r.artifact;
  const { algorithm, hex } = digestHex(a.manifestDigest);
  return {
    SPDXID: id,
    name: a.name ?? a.reference,
    versionInfo: a.tag ?? a.manifestDigest,
    downloadLocation: NOASSERTION,
    filesAnalyzed: false,
    primaryPackagePurpose: 'CONTAINER',
    checksums: algorithm === 'SHA256' ? [{ algorithm: 'SHA256', checksumValue: hex }] : undefined,
    licenseConcluded: NOASSERTION,
    licenseDeclared: NOASSERTION,
    copyrightText: NOASSERTION,
    description: `${imageName(a)} (${platformLabel(a)}), manifest ${a.manifestDigest}`,
    externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: ociPurl(a) }],
  };
}

/** SPDX creationInfo.created: UTC without fractions (`2026-11-22T18:00:00Z`). */
function spdxDate(iso: string): string {
  const d = new Date(iso);
  return (Number.isNaN(d.getTime()) ? new Date(0) : d).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function buildSpdxDocument(input: RenderInput): Record<string, unknown> {
  const first = input.reports[0];
  if (!first) throw new InternalError('spdx-json: no report to render');
  const created = spdxDate(first.createdAt);
  const tool = `Tool: ${first.tool.name}-${first.tool.version}`;
  const extracted = new ExtractedLicenses();
  const packages: SpdxPackage[] = [];
  const relationships: Relationship[] = [];
  const multi = input.reports.length > 1;
  for (const r of input.reports) {
    const prefix = multi ? `${platformLabel(r.artifact)}-` : '';
    const imageId = spdxId(`${prefix}Image`);
    packages.push(imagePackage(r, imageId));
    relationships.push({ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: imageId });
    if (r.distro) {
      const osId = spdxId(`${prefix}OperatingSystem`, r.distro.id);
      packages.push({
        SPDXID: osId,
        name: r.distro.id,
        versionInfo: r.distro.version ?? r.distro.versionId,
        downloadLocation: NOASSERTION,
        filesAnalyzed: false,
        primaryPackagePurpose: 'OPERATING_SYSTEM',
        licenseConcluded: NOASSERTION,
        licenseDeclared: NOASSERTION,
        copyrightText: NOASSERTION,
        description: r.distro.prettyName,
      });
      relationships.push({ spdxElementId: imageId, relationshipType: 'CONTAINS', relatedSpdxElement: osId });
    }
    for (const p of r.packages) {
      const sp = packageOf(p, prefix, created, tool, extracted);
      packages.push(sp);
      relationships.push({ spdxElementId: imageId, relationshipType: 'CONTAINS', relatedSpdxElement: sp.SPDXID });
    }
  }
  const name = imageName(first.artifact);
  const uuid = stableUuid(input.reports.map((r) => `${r.artifact.manifestDigest} ${r.createdAt}`));
  const doc: Record<string, unknown> = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name,
    documentNamespace: `https://reins.invalid/spdx/${encodeURIComponent(name)}-${uuid}`,
    creationInfo: { created, creators: [tool] },
    packages,
    relationships,
  };
  if (extracted.byText.size) doc.hasExtractedLicensingInfos = extracted.toJson();
  return doc;
}

export const spdxJsonFormat = {
  id: 'spdx-json',
  title: 'SPDX 2.3 JSON',
  specUrls: ['https://spdx.github.io/spdx-spec/v2.3/', 'https://github.com/spdx/spdx-spec/tree/development/v2.3/schemas'],
  mediaType: 'application/spdx+json',
  commands: ['sbom', 'scan'],
  render(input: RenderInput): string {
    return `${JSON.stringify(buildSpdxDocument(input), null, 2)}\n`;
  },
} as const satisfies Formatter;
