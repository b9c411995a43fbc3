/**
 * REINS-IMG-001, CIS 4.1, Trivy DS002: the container runs as root (no USER, or USER root / 0).
 * Limit: a user *name* other than root is trusted to map to a non-zero uid (/etc/passwd is not read).
 */
import { buildSteps, configOwner } from '../history.ts';
import type { ImageCheck } from '../types.ts';

const ROOT = new Set(['', 'root', '0']);

/** True when a config/Dockerfile `USER` value means uid 0 (`root`, `0`, `0:0`, `root:root`, empty). */
export function isRootUser(user: string): boolean {
  const u = user.trim();
  const name = u.split(':')[0] ?? '';
  return ROOT.has(name);
}

export const userRoot: ImageCheck = {
  id: 'REINS-IMG-001',
  cisId: '4.1',
  trivyId: 'DS002',
  title: 'Image runs as root',
  severity: 'HIGH',
  rationale: 'A process running as root in the container is root on the host kernel: a container escape or a writable host mount gives full control.',
  remediation: 'Create an unprivileged user and add `USER <uid>` (numeric, e.g. `USER 10001`) as the last USER instruction.',
  evaluate({ image }) {
    const user = image.config.config?.User ?? '';
    const setBy = buildSteps(image).filter((s) => s.instruction === 'USER').at(-1);
    if (!isRootUser(user)) return { status: 'pass', message: `runs as user ${user}`, evidence: [`User=${user}`] };
    const r = {
      status: 'fail' as const,
      message: user === '' ? 'no USER set: runs as root' : `runs as ${user} (uid 0)`,
      evidence: [`User=${JSON.stringify(user)}`, ...(setBy ? [`history[${setBy.index}]: ${setBy.createdBy}`] : [])],
      cause: setBy?.origin ?? configOwner(image),
    };
    return r;
  },
};
