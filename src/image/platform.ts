/**
 * @module image/platform
 * OCI platform names and matching (https://github.com/opencontainers/image-spec/blob/main/image-index.md,
 * values of GOOS/GOARCH). Node's `process.arch` is mapped to the OCI architecture.
 */
import type { Platform, PlatformSelector } from './types.ts';

const NODE_TO_OCI: Record<string, Platform> = {
  x64: { os: 'linux', architecture: 'amd64' },
  arm64: { os: 'linux', architecture: 'arm64', variant: 'v8' },
  arm: { os: 'linux', architecture: 'arm', variant: 'v7' },
  ia32: { os: 'linux', architecture: '386' },
  ppc64: { os: 'linux', architecture: 'ppc64le' },
  s390x: { os: 'linux', architecture: 's390x' },
  riscv64: { os: 'linux', architecture: 'riscv64' },
  loong64: { os: 'linux', architecture: 'loong64' },
  mips: { os: 'linux', architecture: 'mips' },
  mipsel: { os: 'linux', architecture: 'mipsle' },
};

/** The platform reins runs on, in OCI terms (always linux: images are Linux images). */
export function hostPlatform(arch: string = process.arch): Platform {
  return NODE_TO_OCI[arch] ?? { os: 'linux', architecture: arch };
}

/** `linux/arm64/v8` */
export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter((x) => x !== undefined && x !== '').join('/');
}

/** Parses `os/arch[/variant]`; undefined when malformed. */
export function parsePlatform(text: string): Platform | undefined {
  const [os, architecture, variant, extra] = text.split('/');
  if (os === undefined || os === '' || architecture === undefined || architecture === '' || extra !== undefined) return undefined;
  return variant === undefined || variant === '' ? { os, architecture } : { os, architecture, variant };
}

/** arm64 without a variant means v8 (the only one in use). */
function variantOf(p: Platform): string | undefined {
  if (p.variant !== undefined && p.variant !== '') return p.variant;
  return p.architecture === 'arm64' ? 'v8' : undefined;
}

/** True when `candidate` satisfies `wanted`; a wanted platform without variant accepts any variant. */
export function platformMatches(wanted: Platform, candidate: Platform): boolean {
  if (wanted.os !== candidate.os || wanted.architecture !== candidate.architecture) return false;
  const wv = wanted.variant === undefined || wanted.variant === '' ? undefined : variantOf(wanted);
  return wv === undefined || wv === variantOf(candidate);
}

/** Picks the indexes of `platforms` a selector wants: host → the best single match, exact → first match, all → every one. */
export function selectPlatforms(selector: PlatformSelector, platforms: readonly Platform[]): number[] {
  switch (selector.kind) {
    case 'all':
      return platforms.map((_, i) => i);
    case 'exact': {
      const i = platforms.findIndex((p) => platformMatches(selector.platform, p));
      return i === -1 ? [] : [i];
    }
    case 'host': {
      const host = hostPlatform();
      let i = platforms.findIndex((p) => platformMatches(host, p));
      if (i === -1) i = platforms.findIndex((p) => platformMatches({ os: host.os, architecture: host.architecture }, p));
      return i === -1 ? [] : [i];
    }
  }
}
