/**
 * REINS-IMG-002, CIS 4.6, Trivy DS026: no HEALTHCHECK (or `HEALTHCHECK NONE`) in the image config.
 */
import { buildSteps, configOwner } from '../history.ts';
import type { ImageCheck } from '../types.ts';

export const noHealthcheck: ImageCheck = {
  id: 'REINS-IMG-002',
  cisId: '4.6',
  trivyId: 'DS026',
  title: 'No HEALTHCHECK defined',
  severity: 'LOW',
  rationale: 'Without a health check the engine or orchestrator cannot tell a hung service from a healthy one and will not restart it.',
  remediation: 'Add `HEALTHCHECK CMD <probe>` that exits non-zero when the service is unhealthy.',
  evaluate({ image }) {
    const test = image.config.config?.Healthcheck?.Test ?? [];
    const setBy = buildSteps(image).filter((s) => s.instruction === 'HEALTHCHECK').at(-1);
    if (test.length > 0 && test[0] !== 'NONE') {
      return { status: 'pass', message: 'HEALTHCHECK defined', evidence: [`Healthcheck.Test=${JSON.stringify(test)}`] };
    }
    return {
      status: 'fail',
      message: test[0] === 'NONE' ? 'HEALTHCHECK disabled (NONE)' : 'no HEALTHCHECK defined',
      evidence: setBy ? [`history[${setBy.index}]: ${setBy.createdBy}`] : [],
      cause: setBy?.origin ?? configOwner(image),
    };
  },
};
