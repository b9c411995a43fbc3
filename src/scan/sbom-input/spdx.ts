/**
 * @module scan/sbom-input/spdx
 * Reads an SPDX 2.2/2.3 JSON document (https://spdx.github.io/spdx-spec/v2.3/): packages with a
 * PACKAGE-MANAGER purl become packages (without one: `generic` with name and versionInfo); the
 * described CONTAINER package gives the image and the OPERATING_SYSTEM package the distro.
 * `licenseDeclared` (else `licenseConcluded`) is kept as the expression it is, with
 * `LicenseRef-…` ids turned back into the names in `hasExtractedLicensingInfos`. reins'
 * `reins:key=value` and Trivy's `Key: value` annotations restore layer, path and source package.
 */
import type { Distro, Package } from '../../catalog/types.ts';
import type { ReportArtifact } from '../types.ts';
import { addPackage, distroFromQualifier, distroOf, parsePurl, toPackage } from './package.ts';

interface SpdxPackage {
  SPDXID?: string;
  name?: string;
  versionInfo?: string;
  primaryPackagePurpose?: string;
  licenseDeclared?: string;
  licenseConcluded?: string;
  checksums?: { algorithm?: string; checksumValue?: string }[];
  externalRefs?: { referenceCategory?: string; referenceType?: string; referenceLocator?: string }[];
  annotations?: { comment?: string }[];
}

export interface SpdxDocument {
  spdxVersion: string;
  packages?: SpdxPackage[];
  documentDescribes?: string[];
  relationships?: { spdxElementId?: string; relationshipType?: string; relatedSpdxElement?: string }[];
  hasExtractedLicensingInfos?: { licenseId?: string; name?: string }[];
}

const NO_LICENSE = new Set(['NOASSERTION', 'NONE', '']);

function purlOf(p: SpdxPackage): string | undefined {
  return p.externalRefs?.find((r) => r.referenceCategory?.replace('_', '-') === 'PACKAGE-MANAGER' && r.referenceType === 'purl')?.referenceLocator;
}

function annotationProps(p: SpdxPackage): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const a of p.annotations ?? []) {
    // Trivy annotates SPDX packages with `Key: value` comments (LayerDiffID, PkgType, SrcName, …).
    const trivy = /^(LayerDiffID|LayerDigest|FilePath|SrcName|SrcVersion|SrcRelease|SrcEpoch): (.+)$/s.exec(a.comment ?? '');
    if (trivy) {
      m.set(`aquasecurity:trivy:${trivy[1]}`, [trivy[2]!.trim()]);
      continue;
    }
    const kv = /^(reins:[\w:]+)=(.*)$/s.exec(a.comment ?? '');
    if (!kv) continue;
    const key = kv[1] ?? '';
    let value = kv[2] ?? '';
    if (key === 'reins:source') {
      const [name, version] = value.split(' ');
      m.set('reins:source:name', [name ?? '']);
      if (version) m.set('reins:source:version', [version]);
      continue;
    }
    if (key === 'reins:path') value = value.trim();
    m.set(key, [...(m.get(key) ?? []), value]);
  }
  return m;
}

export function readSpdx(doc: SpdxDocument): { packages: Package[]; distro?: Distro; artifact?: Partial<ReportArtifact> } {
  const refNames = new Map<string, string>();
  for (const l of doc.hasExtractedLicensingInfos ?? []) if (l.licenseId && l.name) refNames.set(l.licenseId, l.name);
  const described = new Set(doc.documentDescribes ?? []);
  for (const r of doc.relationships ?? []) {
    if (r.spdxElementId === 'SPDXRef-DOCUMENT' && r.relationshipType === 'DESCRIBES' && r.relatedSpdxElement) described.add(r.relatedSpdxElement);
  }
  const byId = new Map<string, Package>();
  let distro: Distro | undefined;
  let qualifierDistro: Distro | undefined;
  let artifact: Partial<ReportArtifact> | undefined;
  for (const p of doc.packages ?? []) {
    if (!p || typeof p !== 'object') continue;
    const purl = purlOf(p);
    const parsed = parsePurl(purl);
    if (p.primaryPackagePurpose === 'OPERATING_SYSTEM') {
      if (!distro && p.name) distro = distroOf(p.name.toLowerCase(), p.versionInfo);
      continue;
    }
    if (p.primaryPackagePurpose === 'CONTAINER' || (p.SPDXID && described.has(p.SPDXID) && parsed?.type !== undefined && parsed.type === 'oci')) {
      if (!artifact) {
        const sha = p.checksums?.find((c) => c.algorithm === 'SHA256')?.checksumValue;
        const q = parsed?.qualifiers ?? {};
        const digest = parsed?.version?.startsWith('sha256:') ? parsed.version : sha ? `sha256:${sha}` : undefined;
        artifact = {
          reference: p.name,
          name: q.repository_url ?? p.name,
          ...(q.tag ? { tag: q.tag } : {}),
          ...(digest ? { manifestDigest: digest } : {}),
          ...(q.arch ? { platform: { os: 'linux', architecture: q.arch } } : {}),
        };
      }
      continue;
    }
    const declared = [p.licenseDeclared, p.licenseConcluded].find((l) => l !== undefined && !NO_LICENSE.has(l));
    const licenses = declared ? [declared.replace(/LicenseRef-[A-Za-z0-9.-]+/g, (ref) => refNames.get(ref) ?? ref)] : [];
    const pkg = toPackage({ purl, name: p.name ?? '', version: p.versionInfo, licenses, props: annotationProps(p), foundBy: 'sbom-spdx' });
    if (!pkg) continue;
    addPackage(byId, pkg);
    const d = parsed?.qualifiers?.distro;
    if (!qualifierDistro && d) qualifierDistro = distroFromQualifier(pkg.type, d);
  }
  const found = distro ?? qualifierDistro;
  return { packages: [...byId.values()], ...(found ? { distro: found } : {}), ...(artifact ? { artifact } : {}) };
}
