/**
 * Turns each distro-identifying file into a partial `Distro`, and combines the parts.
 * Each file is parsed alone (the cataloger contract), so `/etc/debian_version` yields
 * `{ id: 'debian', version: '12.15' }` and `/etc/os-release` yields the rest; `combineDistro`
 * merges them in the priority order of `DISTRO_PATHS`.
 */
import type { Distro } from '../types.ts';
import { parseAssignments } from './parse-os-release.ts';

/** Files read, highest priority first: os-release is authoritative, the rest are fallbacks. */
export const DISTRO_PATHS = [
  '/etc/os-release',
  '/usr/lib/os-release',
  '/etc/debian_version',
  '/etc/alpine-release',
  '/etc/redhat-release',
  '/etc/system-release',
  '/etc/lsb-release',
] as const;

/** Priority of a path in DISTRO_PATHS (0 = highest), or -1 when it is not a distro file. */
export function distroPathPriority(path: string): number {
  return (DISTRO_PATHS as readonly string[]).indexOf(path);
}

const NUMERIC_VERSION = /^[0-9]+(\.[0-9]+)*$/;

/** `NAME release X.Y (Codename)` from /etc/redhat-release and /etc/system-release. */
const RELEASE_LINE = /^([A-Za-z][A-Za-z0-9 ./-]{0,80}?) release ([0-9][0-9A-Za-z.]{0,40})(?: \(([^()]{0,80})\))?$/;

/** Vendor names of *-release files mapped to their os-release ID. */
const RELEASE_NAMES: readonly (readonly [RegExp, string])[] = [
  [/^Red Hat Enterprise Linux/, 'rhel'],
  [/^CentOS Stream/, 'centos'],
  [/^CentOS/, 'centos'],
  [/^Rocky Linux/, 'rocky'],
  [/^AlmaLinux/, 'almalinux'],
  [/^Fedora/, 'fedora'],
  [/^Oracle Linux/, 'ol'],
  [/^Amazon Linux/, 'amzn'],
  [/^CBL-Mariner/, 'mariner'],
  [/^Azure Linux/, 'azurelinux'],
];

function firstLine(text: string): string {
  return (text.split('\n', 1)[0] ?? '').trim().slice(0, 256);
}

function fromOsRelease(text: string): Distro | undefined {
  const kv = parseAssignments(text);
  const id = kv.get('ID')?.toLowerCase();
  if (!id) return undefined;
  const distro: Distro = { id };
  const versionId = kv.get('VERSION_ID');
  if (versionId) distro.versionId = versionId;
  const codename = kv.get('VERSION_CODENAME') ?? kv.get('UBUNTU_CODENAME');
  if (codename) distro.codename = codename;
  const prettyName = kv.get('PRETTY_NAME');
  if (prettyName) distro.prettyName = prettyName;
  const idLike = kv.get('ID_LIKE');
  if (idLike) distro.idLike = idLike.split(/[ \t]+/).filter((s) => s !== '');
  return distro;
}

function fromLsbRelease(text: string): Distro | undefined {
  const kv = parseAssignments(text);
  const id = kv.get('DISTRIB_ID')?.toLowerCase();
  if (!id) return undefined;
  const distro: Distro = { id };
  const release = kv.get('DISTRIB_RELEASE');
  if (release) distro.versionId = release;
  const codename = kv.get('DISTRIB_CODENAME');
  if (codename) distro.codename = codename;
  const description = kv.get('DISTRIB_DESCRIPTION');
  if (description) distro.prettyName = description;
  return distro;
}

function fromReleaseLine(text: string): Distro | undefined {
  const m = RELEASE_LINE.exec(firstLine(text));
  if (!m) return undefined;
  const [, name = '', version = '', codename] = m;
  const id = RELEASE_NAMES.find(([re]) => re.test(name))?.[1];
  if (!id) return undefined;
  const distro: Distro = { id, version, prettyName: firstLine(text) };
  if (codename) distro.codename = codename;
  return distro;
}

/**
 * The partial Distro one file says, or undefined when the file is empty or unrecognised.
 * `/etc/debian_version` only counts when numeric (`12.15`); testing/unstable write `trixie/sid`.
 */
export function distroFromFile(path: string, text: string): Distro | undefined {
  switch (path) {
    case '/etc/os-release':
    case '/usr/lib/os-release':
      return fromOsRelease(text);
    case '/etc/lsb-release':
      return fromLsbRelease(text);
    case '/etc/debian_version': {
      const v = firstLine(text);
      return NUMERIC_VERSION.test(v) ? { id: 'debian', version: v } : undefined;
    }
    case '/etc/alpine-release': {
      const v = firstLine(text);
      return NUMERIC_VERSION.test(v) ? { id: 'alpine', versionId: v, version: v } : undefined;
    }
    case '/etc/redhat-release':
    case '/etc/system-release':
      return fromReleaseLine(text);
    default:
      return undefined;
  }
}

/**
 * Combines partial distros given in priority order (see DISTRO_PATHS). The first part decides the
 * `id`; later parts only fill fields still missing, and only when they name the same `id` (an
 * Ubuntu image also has /etc/debian_version, which must not lend Ubuntu a Debian version).
 * `version` falls back to `versionId`. Returns `{ id: 'unknown' }` for no parts.
 */
export function combineDistro(parts: readonly Distro[]): Distro {
  const [first] = parts;
  if (!first) return { id: 'unknown' };
  const out: Distro = { ...first };
  for (const part of parts.slice(1)) {
    if (part.id !== out.id) continue;
    out.versionId ??= part.versionId;
    out.version ??= part.version;
    out.codename ??= part.codename;
    out.prettyName ??= part.prettyName;
    out.idLike ??= part.idLike;
  }
  out.version ??= out.versionId;
  for (const key of Object.keys(out) as (keyof Distro)[]) {
    if (out[key] === undefined) delete out[key];
  }
  return out;
}
