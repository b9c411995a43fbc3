/**
 * REINS-IMG-009, CIS 4.3 (unnecessary packages): an SSH server (`openssh-server`, Alpine
 * `openssh`/`openssh-server`) or `sudo` is installed. A container is reached with `docker exec`,
 * not sshd, and needs no privilege switching inside.
 */
import type { ImageCheck } from '../types.ts';

const FLAGGED = new Set(['openssh-server', 'openssh', 'dropbear', 'sudo', 'sudo-ldap', 'doas']);
const OS_TYPES = new Set(['deb', 'apk', 'rpm']);

export const remoteAccessPackages: ImageCheck = {
  id: 'REINS-IMG-009',
  cisId: '4.3',
  title: 'SSH server or sudo installed',
  severity: 'MEDIUM',
  rationale: 'An SSH daemon is an extra way in with its own keys and patches to manage; sudo lets a compromised non-root process become root.',
  remediation: 'Remove the packages; use `docker exec` / `kubectl exec` for access and run as a single unprivileged user.',
  evaluate({ packages }) {
    const hits = packages.filter((p) => OS_TYPES.has(p.type) && FLAGGED.has(p.name));
    if (hits.length === 0) return { status: 'pass', message: 'no SSH server or sudo package', evidence: [] };
    const first = hits.find((p) => p.origin === 'app') ?? hits[0]!;
    return {
      status: 'fail',
      message: `installed: ${hits.map((p) => p.name).join(', ')}`,
      evidence: hits.map((p) => `${p.purl} layer ${p.layer.index} (${p.origin})`),
      cause: first.origin,
      layer: first.layer,
    };
  },
};
