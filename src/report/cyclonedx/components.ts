/**
 * @module report/cyclonedx/components
 * reins packages, the image and its OS as CycloneDX components (library models).
 */
import { Enums, Models } from '@cyclonedx/cyclonedx-library';
import type { Package } from '../../catalog/types.ts';
import type { ScanReport } from '../../scan/types.ts';
import { normalizeLicense } from '../license.ts';
import { digestHex, displayVersion, imageName, ociPurl, platformLabel } from '../shared.ts';

/** Namespace of reins' own component properties (CycloneDX property taxonomy: `<vendor>:<name>`). */
export const PROP = 'reins';

function props(entries: [string, string | number | undefined][]): Models.PropertyRepository {
  const repo = new Models.PropertyRepository();
  for (const [name, value] of entries) if (value !== undefined && value !== '') repo.add(new Models.Property(`${PROP}:${name}`, String(value)));
  return repo;
}

/**
 * CycloneDX `licenses`: one SPDX expression alone when the package declares exactly one compound
 * expression (the schema allows an expression only as the sole entry), else one entry per license,
 * by SPDX id when it is one and by name otherwise.
 */
export function licensesOf(licenses: readonly string[]): Models.LicenseRepository {
  const repo = new Models.LicenseRepository();
  const norm = licenses.map(normalizeLicense);
  if (norm.length === 1 && norm[0]?.kind === 'expression') {
    repo.add(new Models.LicenseExpression(norm[0].expression));
    return repo;
  }
  for (const [i, n] of norm.entries()) {
    if (n.kind === 'id') repo.add(new Models.SpdxLicense(n.id));
    else repo.add(new Models.NamedLicense(n.kind === 'expression' ? n.expression : (licenses[i] ?? '').trim() || 'unknown'));
  }
  return repo;
}

export function packageComponent(p: Package, bomRef: string): Models.Component {
  const grouped = p.type === 'maven' || p.type === 'npm';
  const name = p.type === 'golang' && p.namespace ? `${p.namespace}/${p.name}` : p.name;
  return new Models.Component(Enums.ComponentType.Library, name, {
    bomRef,
    group: grouped ? p.namespace : undefined,
    version: displayVersion(p),
    purl: p.purl,
    licenses: licensesOf(p.licenses),
    properties: props([
      ['package:type', p.type],
      ['package:id', p.id],
      ['foundBy', p.foundBy],
      ['source:name', p.source?.name],
      ['source:version', p.source?.version],
      ['layer:index', p.layer.index],
      ['layer:digest', p.layer.digest],
      ['layer:diffId', p.layer.diffId],
      ['origin', p.origin],
      ...p.locations.map((l): [string, string] => ['path', l.deleted ? `${l.path} (deleted)` : l.path]),
    ]),
  });
}

export function imageComponent(r: ScanReport, bomRef: string): Models.Component {
  const a = r.artifact;
  const c = new Models.Component(Enums.ComponentType.Container, a.name ?? a.reference, {
    bomRef,
    version: a.tag ?? a.manifestDigest,
    purl: ociPurl(a),
    properties: props([
      ['image:reference', a.reference],
      ['image:manifestDigest', a.manifestDigest],
      ['image:indexDigest', a.indexDigest],
      ['image:configDigest', a.configDigest],
      ['image:platform', platformLabel(a)],
      ['image:base', a.base.name],
      ['image:base:digest', a.base.digest],
      ['image:base:layerCount', a.base.layerCount],
      ...a.layers.map((l): [string, string] => ['layer:diffId', `${l.index} ${l.diffId} ${l.origin}`]),
    ]),
  });
  const { algorithm, hex } = digestHex(a.manifestDigest);
  if (algorithm === 'SHA256') c.hashes.set(Enums.HashAlgorithm['SHA-256'], hex);
  c.description = `${imageName(a)} (${platformLabel(a)})`;
  return c;
}

export function osComponent(r: ScanReport, bomRef: string): Models.Component | undefined {
  const d = r.distro;
  if (!d) return undefined;
  return new Models.Component(Enums.ComponentType.OperatingSystem, d.id, {
    bomRef,
    version: d.version ?? d.versionId,
    description: d.prettyName,
    properties: props([['distro:codename', d.codename]]),
  });
}

export const OS_TYPES: ReadonlySet<string> = new Set(['deb', 'rpm', 'apk']);
