/**
 * @module catalog/purl
 * Package URLs for every package (https://github.com/package-url/purl-spec), built with
 * packageurl-js. OS packages carry `arch`, `epoch` (version without the epoch, as Trivy and the
 * rpm purl type do) and `distro=<id>-<version>`.
 */
import { PackageURL } from 'packageurl-js';
import type { Distro, PackageDraft } from './types.ts';

const OS_TYPES = new Set(['deb', 'apk', 'rpm']);

/** `1:2.38.1-5` → `2.38.1-5` (dpkg/rpm epochs live in the `epoch` qualifier). */
export function versionWithoutEpoch(version: string): string {
  const m = /^(\d+):(.+)$/.exec(version);
  return m ? m[2]! : version;
}

export function distroQualifier(distro: Distro | undefined): string | undefined {
  if (!distro) return undefined;
  const v = distro.version ?? distro.versionId;
  return v ? `${distro.id}-${v}` : distro.id;
}

export function buildPurl(draft: PackageDraft, distro: Distro | undefined): string {
  const qualifiers: Record<string, string> = { ...draft.qualifiers };
  let version = draft.version;
  if (OS_TYPES.has(draft.type)) {
    if (draft.arch) qualifiers.arch = draft.arch;
    if (draft.epoch) qualifiers.epoch = String(draft.epoch);
    version = versionWithoutEpoch(version);
    const d = distroQualifier(distro);
    if (d) qualifiers.distro = d;
  }
  const namespace = draft.namespace ?? (OS_TYPES.has(draft.type) && distro ? distro.id : undefined);
  return new PackageURL(
    draft.type,
    namespace,
    draft.name,
    version || undefined,
    Object.keys(qualifiers).length ? qualifiers : undefined,
  ).toString();
}
