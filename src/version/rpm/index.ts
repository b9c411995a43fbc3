/**
 * @module version/rpm
 * RPM package versions `[epoch:]version[-release]`, ordered like rpm: epoch numerically (missing =
 * 0), then version, then release, each with rpmvercmp (`~` pre-release, `^` post-release snapshot).
 * Used for Red Hat, Rocky, Alma, SUSE, openSUSE, Mageia, openEuler, Photon OS and Azure Linux.
 *
 * Specs: https://rpm-software-management.github.io/rpm/manual/dependencies.html#versioning,
 * https://docs.fedoraproject.org/en-US/packaging-guidelines/Versioning/
 *
 * Known limits: a missing release sorts below any release (`1.0` < `1.0-1`), as rpm 4.18's
 * `rpm.vercmp` and Trivy do; rpm's dependency matcher would instead treat it as a wildcard, which
 * is not a total order. Only printable ASCII without spaces is accepted, the epoch must be digits,
 * and the version must contain a letter or digit.
 */
import { VersionError } from '../types.ts';
import type { VersionScheme } from '../types.ts';
import { compareDigits, isAlphaCode, isDigitCode } from '../numeric.ts';
import { rpmvercmp } from './vercmp.ts';

const ID = 'rpm';

interface Evr {
  epoch: string;
  version: string;
  release: string;
}

function hasAlnum(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isDigitCode(c) || isAlphaCode(c)) return true;
  }
  return false;
}

function parse(v: string): Evr | string {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c <= 32 || c >= 127) return `invalid character at ${i}`;
  }
  let epoch = '0';
  let rest = v;
  const colon = v.indexOf(':');
  if (colon >= 0) {
    epoch = v.slice(0, colon);
    if (!/^[0-9]+$/.test(epoch)) return 'epoch is not a number';
    rest = v.slice(colon + 1);
  }
  const dash = rest.lastIndexOf('-');
  const version = dash >= 0 ? rest.slice(0, dash) : rest;
  const release = dash >= 0 ? rest.slice(dash + 1) : '';
  if (!hasAlnum(version)) return 'version has no letters or digits';
  if (dash >= 0 && release.length === 0) return 'release is empty';
  return { epoch, version, release };
}

function parseOrThrow(v: string): Evr {
  const p = parse(v);
  if (typeof p === 'string') throw new VersionError(ID, v, p);
  return p;
}

export const rpmScheme = {
  id: ID,
  title: 'RPM package version (epoch:version-release)',
  specUrls: [
    'https://rpm-software-management.github.io/rpm/manual/dependencies.html#versioning',
    'https://docs.fedoraproject.org/en-US/packaging-guidelines/Versioning/',
  ],
  isValid(v: string): boolean {
    return typeof parse(v) !== 'string';
  },
  compare(a: string, b: string): -1 | 0 | 1 {
    const pa = parseOrThrow(a);
    const pb = parseOrThrow(b);
    return compareDigits(pa.epoch, pb.epoch) || rpmvercmp(pa.version, pb.version) || rpmvercmp(pa.release, pb.release);
  },
} as const satisfies VersionScheme;
