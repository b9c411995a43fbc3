/**
 * @module policy/exceptions
 * Exceptions: a security-approved "accept this risk" with an owner, a reason and an expiry.
 * All given `match` fields must match. An exception is valid through its `expires` day (UTC);
 * after that it stops applying and the verdict lists it as expired.
 */
import type { CompiledPolicy } from './load.ts';
import { matchGlob } from './glob.ts';
import type { Violation } from './verdict.ts';

export type PolicyException = CompiledPolicy['exceptions'][number];

/** What a violation is about, for matching exceptions. */
export interface ViolationFacts {
  ruleId: string;
  vulnIds?: readonly string[];
  packageName?: string;
  path?: string;
  imageName: string;
  imageDigest: string;
}

export function isExpired(e: PolicyException, now: Date): boolean {
  if (e.permanent || !e.expires) return false;
  return now.getTime() >= Date.parse(`${e.expires}T00:00:00Z`) + 86400e3;
}

export function matches(e: PolicyException, f: ViolationFacts): boolean {
  const m = e.match;
  if (m.rule !== undefined && m.rule !== f.ruleId) return false;
  if (m.vulnerability !== undefined) {
    const want = m.vulnerability.toUpperCase();
    if (!(f.vulnIds ?? []).some((id) => id.toUpperCase() === want)) return false;
  }
  if (m.package !== undefined && (f.packageName === undefined || !matchGlob(m.package, f.packageName))) return false;
  if (m.path !== undefined && (f.path === undefined || !matchGlob(m.path, f.path))) return false;
  if (m.image !== undefined && !matchGlob(m.image, f.imageName)) return false;
  if (m.digest !== undefined && m.digest !== f.imageDigest) return false;
  return true;
}

export function exceptionRef(e: PolicyException): NonNullable<Violation['exception']> {
  return { id: e.id, owner: e.owner, ...(e.expires !== undefined && { expires: e.expires }), ...(e.permanent && { permanent: true }) };
}
