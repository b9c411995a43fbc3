/**
 * REINS-IMG-010, Trivy DS004: port 22 (SSH) exposed. No CIS section 4 item (CIS 5.7 covers sshd at
 * run time).
 */
import { buildSteps, configOwner } from '../history.ts';
import type { ImageCheck } from '../types.ts';

/** True for an ExposedPorts key or EXPOSE argument naming port 22 (`22`, `22/tcp`, `22/udp`). */
export function isSshPort(spec: string): boolean {
  return (spec.split('/')[0] ?? '').trim() === '22';
}

export const sshPortExposed: ImageCheck = {
  id: 'REINS-IMG-010',
  trivyId: 'DS004',
  title: 'Port 22 exposed',
  severity: 'MEDIUM',
  rationale: 'Exposing SSH invites running an SSH daemon in the container, an unneeded remote entry point.',
  remediation: 'Remove 22 from EXPOSE and do not run sshd; use `docker exec` / `kubectl exec`.',
  evaluate({ image }) {
    const ports = Object.keys(image.config.config?.ExposedPorts ?? {});
    const ssh = ports.filter(isSshPort);
    if (ssh.length === 0) return { status: 'pass', message: 'port 22 not exposed', evidence: ports.map((p) => `ExposedPorts ${p}`) };
    const setBy = buildSteps(image).find((s) => s.instruction === 'EXPOSE' && s.args.split(/\s+/).some(isSshPort));
    return {
      status: 'fail',
      message: `exposes ${ssh.join(', ')}`,
      evidence: [...ssh.map((p) => `ExposedPorts ${p}`), ...(setBy ? [`history[${setBy.index}]: ${setBy.createdBy}`] : [])],
      cause: setBy?.origin ?? configOwner(image),
    };
  },
};
