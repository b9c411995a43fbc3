/**
 * @module checks/misconfig
 * The image checklist: CIS Docker Benchmark section 4 (container images and build files) where an
 * item can be judged from the image, plus build hygiene. One check per file in `checks/`, registered
 * here in id order; `runImageChecks` runs them all and returns one pass or fail finding per check.
 * https://www.cisecurity.org/benchmark/docker  (section 4)
 * Trivy's image-config checks for comparison: https://avd.aquasec.com/misconfig/dockerfile/
 */
import type { MisconfigFinding } from '../types.ts';
import { addRemoteUrl } from './checks/add-remote-url.ts';
import { curlPipeShell } from './checks/curl-pipe-shell.ts';
import { latestTag } from './checks/latest-tag.ts';
import { noHealthcheck } from './checks/no-healthcheck.ts';
import { packageCache } from './checks/package-cache.ts';
import { remoteAccessPackages } from './checks/remote-access-packages.ts';
import { secretsInConfig } from './checks/secrets-in-config.ts';
import { setuidFiles } from './checks/setuid-files.ts';
import { sshPortExposed } from './checks/ssh-port-exposed.ts';
import { updateAlone } from './checks/update-alone.ts';
import { userRoot } from './checks/user-root.ts';
import type { ImageCheck, ImageCheckInput } from './types.ts';

export type { CheckResult, ImageCheck, ImageCheckInput } from './types.ts';

export const IMAGE_CHECKS: readonly ImageCheck[] = [
  userRoot, // 001
  noHealthcheck, // 002
  setuidFiles, // 003
  addRemoteUrl, // 004
  curlPipeShell, // 005
  secretsInConfig, // 006
  updateAlone, // 007
  packageCache, // 008
  remoteAccessPackages, // 009
  sshPortExposed, // 010
  latestTag, // 011
];

/** Runs every image check: one finding per check, pass or fail. */
export function runImageChecks(input: ImageCheckInput): MisconfigFinding[] {
  return IMAGE_CHECKS.map((check) => {
    const r = check.evaluate(input);
    const finding: MisconfigFinding = {
      id: check.id,
      title: check.title,
      severity: check.severity,
      status: r.status,
      message: r.message,
      rationale: check.rationale,
      remediation: check.remediation,
      evidence: r.evidence,
    };
    if (check.cisId !== undefined) finding.cisId = check.cisId;
    if (r.cause !== undefined) finding.cause = r.cause;
    if (r.layer !== undefined) finding.layer = r.layer;
    return finding;
  });
}
