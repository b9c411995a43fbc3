/**
 * REINS-IMG-006, CIS 4.10: secrets in the image config (ENV, labels, build history), found by the
 * secret rules (checks/secret). Anyone who can pull the image can read them. Trivy's image-config
 * secret scan does not report the testbed's `DB_PASSWORD=hunter2`; reins does.
 */
import { scanImageConfigSecrets } from '../../secret/config.ts';
import { buildSteps, configOwner, layerRefOf } from '../history.ts';
import type { ImageCheck } from '../types.ts';

export const secretsInConfig: ImageCheck = {
  id: 'REINS-IMG-006',
  cisId: '4.10',
  title: 'Secrets in image config',
  severity: 'CRITICAL',
  rationale: 'ENV values, labels and build history ship with the image and are shown by `docker inspect` / `docker history` to anyone who can pull it.',
  remediation: 'Pass secrets at run time (orchestrator secrets, mounted files) or at build time with `RUN --mount=type=secret`; never ENV, ARG or LABEL. Rotate the exposed secret.',
  evaluate({ image }) {
    const refs = image.layers.map(layerRefOf);
    const found = scanImageConfigSecrets(image.config, refs);
    if (found.length === 0) return { status: 'pass', message: 'no secret in ENV, labels or history', evidence: [] };
    const first = found[0]!;
    // An Env/label secret has no layer: blame the history step that set it (ENV/LABEL line naming the key).
    const key = first.match.split('=')[0] ?? '';
    const setBy = first.layer
      ? undefined
      : buildSteps(image, refs).find((s) => (s.instruction === 'ENV' || s.instruction === 'LABEL') && key !== '' && s.args.includes(key));
    return {
      status: 'fail',
      message: `${found.length} secret(s): ${[...new Set(found.map((f) => f.ruleId))].join(', ')}`,
      evidence: found.map((f) => `${f.path}: ${f.match} (${f.ruleId})`),
      cause: first.origin ?? setBy?.origin ?? configOwner(image),
      ...(first.layer ? { layer: first.layer } : {}),
    };
  },
};
