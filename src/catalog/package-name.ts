/**
 * @module catalog/package-name
 * The name people and advisories use for a package: Maven `group:artifact`, npm `@scope/name`,
 * Go `module/path`, and the bare name for OS packages (whose purl namespace is the distro).
 */
import type { Package } from './types.ts';

const OS_TYPES: ReadonlySet<string> = new Set(['deb', 'apk', 'rpm']);

export function fullName(p: Pick<Package, 'type' | 'namespace' | 'name'>): string {
  if (!p.namespace || OS_TYPES.has(p.type)) return p.name;
  return p.type === 'maven' ? `${p.namespace}:${p.name}` : `${p.namespace}/${p.name}`;
}
