/**
 * REINS-IMG-003, CIS 4.8: setuid / setgid regular files in the final filesystem (after whiteouts).
 * Each is reported with the layer that added it; the cause is the app when an app layer added any.
 * Distribution images ship some (Debian: passwd, su, mount, chage, ...), so most images fail with
 * cause `base`. Trivy has no such image-config check.
 */
import type { FileMeta } from '../../../image/types.ts';
import { finalEntries } from '../final-fs.ts';
import type { ImageCheck } from '../types.ts';

const SPECIAL = 0o6000;

function isSetid(m: FileMeta): boolean {
  return (m.type === 'file' || m.type === 'hardlink') && (m.mode & SPECIAL) !== 0;
}

export const setuidFiles: ImageCheck = {
  id: 'REINS-IMG-003',
  cisId: '4.8',
  title: 'setuid/setgid files present',
  severity: 'MEDIUM',
  rationale: 'setuid and setgid programs run with their owner\'s privileges; any flaw in one is a privilege escalation inside the container.',
  remediation: 'Remove the bits in the image: `RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +` (keep only what the app needs).',
  evaluate({ layers }) {
    const found = finalEntries(layers, isSetid);
    if (found.length === 0) return { status: 'pass', message: 'no setuid/setgid file', evidence: [] };
    const app = found.filter((f) => f.layer.origin === 'app');
    const first = app[0] ?? found[0]!;
    return {
      status: 'fail',
      message: `${found.length} setuid/setgid file(s)${app.length > 0 ? `, ${app.length} added by app layers` : ', all from the base image'}`,
      evidence: found.map((f) => `${f.meta.path} mode ${(f.meta.mode & 0o7777).toString(8)} layer ${f.layer.index} (${f.layer.origin})`),
      cause: first.layer.origin,
      layer: first.layer,
    };
  },
};
