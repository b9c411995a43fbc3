/**
 * REINS-IMG-005 (build hygiene, no CIS item): a RUN step pipes a download into a shell
 * (`curl … | sh`, `wget -O- … | bash`, `sh -c "$(curl …)"`). The script is executed unseen and
 * unverified. Trivy has no equivalent (DS014 only flags using both curl and wget).
 */
import { pipesDownloadToShell } from '../../shell.ts';
import { buildSteps } from '../history.ts';
import type { ImageCheck } from '../types.ts';

export const curlPipeShell: ImageCheck = {
  id: 'REINS-IMG-005',
  title: 'Download piped into a shell',
  severity: 'HIGH',
  rationale: 'A script piped from the network runs with build privileges before anyone can read it; a compromised or spoofed server owns the image.',
  remediation: 'Download to a file, verify a pinned checksum or signature, then run it; better, install from a package repository.',
  evaluate({ image }) {
    const hits = buildSteps(image).filter((s) => s.instruction === 'RUN' && pipesDownloadToShell(s.args));
    if (hits.length === 0) return { status: 'pass', message: 'no download piped into a shell', evidence: [] };
    const first = hits[0]!;
    return {
      status: 'fail',
      message: `${hits.length} RUN step(s) pipe a download into a shell`,
      evidence: hits.map((s) => `history[${s.index}]: ${s.createdBy}`),
      cause: first.origin,
      ...(first.layer ? { layer: first.layer } : {}),
    };
  },
};
