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

export function isExpired(e: PolicyException, now: Date): boolean {
  if (e.permanent || !e.expires) return false;
  return now.getTime() >= Date.parse(`${e.expires}T00:00:00Z`) + 86400e3;
}

/** An exception whose rule, image and digest fields already match; the rest depends on the finding. */
export interface Candidate {
  readonly exception: PolicyException;
  /** `match.vulnerability` upper-cased once. */
  readonly vulnerability: string | undefined;
}

const candidate = (e: PolicyException): Candidate => ({ exception: e, vulnerability: e.match.vulnerability?.toUpperCase() });

/**
 * The exceptions that can match violations of `ruleId` on this image, in order: the `rule`,
 * `image` and `digest` fields are the same for every violation of a rule, so they are checked
 * once per rule instead of once per violation.
 */
export function candidatesFor(active: readonly PolicyException[], ruleId: string, imageName: string, imageDigest: string): Candidate[] {
  const out: Candidate[] = [];
  for (const e of active) {
    const m = e.match;
    if (m.rule !== undefined && m.rule !== ruleId) continue;
    if (m.image !== undefined && !matchGlob(m.image, imageName)) continue;
    if (m.digest !== undefined && m.digest !== imageDigest) continue;
    out.push(candidate(e));
  }
  return out;
}

/**
 * The finding-dependent fields of `match`: the vulnerability against the finding's id or any
 * alias (`vulnIds`, upper-cased by the caller: the comparison is case-insensitive), the package
 * and path globs. A field the violation does not have (`undefined`) never matches.
 */
export function matchesFinding(c: Candidate, vulnIds: readonly string[] | undefined, packageName: string | undefined, path: string | undefined): boolean {
  const m = c.exception.match;
  if (c.vulnerability !== undefined && (vulnIds === undefined || !vulnIds.includes(c.vulnerability))) return false;
  if (m.package !== undefined && (packageName === undefined || !matchGlob(m.package, packageName))) return false;
  if (m.path !== undefined && (path === undefined || !matchGlob(m.path, path))) return false;
  return true;
}

export function exceptionRef(e: PolicyException): NonNullable<Violation['exception']> {
  return { id: e.id, owner: e.owner, ...(e.expires !== undefined && { expires: e.expires }), ...(e.permanent && { permanent: true }) };
}
