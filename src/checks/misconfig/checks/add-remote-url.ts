/**
 * REINS-IMG-004, CIS 4.9: `ADD` of a remote URL (http/https/ftp, or a git repository) in the
 * history. The download is neither pinned nor verified (unless `--checksum`), and ADD's implicit
 * behaviours surprise. Differs from Trivy DS005, which fails every ADD including the
 * `ADD file:<digest> in /` that creates a base image's root filesystem (debian-base): that idiom is
 * how a base rootfs is made, not a risk, so reins passes it.
 */
import { buildSteps } from '../history.ts';
import type { ImageCheck } from '../types.ts';

/** The remote sources of an ADD's arguments (flags skipped, destination excluded). */
export function remoteAddSources(args: string): string[] {
  const words = args.split(/\s+/).filter((w) => w !== '' && !w.startsWith('--'));
  const sources = words.length > 1 ? words.slice(0, -1) : words;
  return sources.filter((w) => /^(?:https?|ftp):\/\//i.test(w) || /^git@/.test(w) || /\.git(?:#.*)?$/.test(w));
}

export const addRemoteUrl: ImageCheck = {
  id: 'REINS-IMG-004',
  cisId: '4.9',
  title: 'ADD of a remote URL',
  severity: 'MEDIUM',
  rationale: 'ADD fetches the URL at build time without verifying it: whoever controls the server (or the network) controls that layer.',
  remediation: 'Download in a RUN with a pinned checksum (`curl -fsSLo f URL && echo "<sha256>  f" | sha256sum -c`), or `ADD --checksum=sha256:...`.',
  evaluate({ image }) {
    const hits = buildSteps(image).filter((s) => s.instruction === 'ADD' && remoteAddSources(s.args).length > 0 && !s.args.includes('--checksum='));
    if (hits.length === 0) return { status: 'pass', message: 'no ADD of a remote URL', evidence: [] };
    const first = hits[0]!;
    return {
      status: 'fail',
      message: `ADD of ${remoteAddSources(first.args).join(', ')}`,
      evidence: hits.map((s) => `history[${s.index}]: ${s.createdBy}`),
      cause: first.origin,
      ...(first.layer ? { layer: first.layer } : {}),
    };
  },
};
