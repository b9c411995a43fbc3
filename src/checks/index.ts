/**
 * @module checks
 * Public API of the checks: secret detection (layer files and image config), the image checklist
 * (CIS Docker Benchmark section 4 plus build hygiene) and Dockerfile checks.
 */
export { redact, scanImageConfigSecrets, secretScanner, SECRET_RULES } from './secret/index.ts';
export type { SecretDraft, SecretRule } from './secret/index.ts';
export { IMAGE_CHECKS, runImageChecks } from './misconfig/index.ts';
export type { CheckResult, ImageCheck, ImageCheckInput } from './misconfig/index.ts';
export { checkDockerfile, DOCKERFILE_RULES } from './dockerfile/index.ts';
export type { DockerfileRule } from './dockerfile/index.ts';
