/**
 * REINS-IMG-007, CIS 4.7, Trivy DS017: a RUN step refreshes the package index (`apt-get update`,
 * `apk update`) without installing in the same step, so the cached index goes stale in its own
 * layer and later installs use outdated metadata.
 */
import { updateWithoutInstall } from '../../shell.ts';
import { buildSteps } from '../history.ts';
import type { ImageCheck } from '../types.ts';

export const updateAlone: ImageCheck = {
  id: 'REINS-IMG-007',
  cisId: '4.7',
  trivyId: 'DS017',
  title: 'Package index update alone',
  severity: 'MEDIUM',
  rationale: 'An update in its own layer is cached by the builder; later installs read a stale index and may get outdated, vulnerable versions.',
  remediation: 'Update and install in one RUN: `RUN apt-get update && apt-get install -y --no-install-recommends pkg && rm -rf /var/lib/apt/lists/*`.',
  evaluate({ image }) {
    const hits = buildSteps(image).filter((s) => s.instruction === 'RUN' && updateWithoutInstall(s.args).length > 0);
    if (hits.length === 0) return { status: 'pass', message: 'every package index update installs in the same step', evidence: [] };
    const first = hits[0]!;
    return {
      status: 'fail',
      message: `${hits.length} RUN step(s) update the package index without installing`,
      evidence: hits.map((s) => `history[${s.index}]: ${s.createdBy}`),
      cause: first.origin,
      ...(first.layer ? { layer: first.layer } : {}),
    };
  },
};
