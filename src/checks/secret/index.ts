/**
 * @module checks/secret
 * Secret detection in layer files (`secretScanner`, wired into the layer walk) and in the image
 * config (`scanImageConfigSecrets`). Rules: `rules/index.ts`.
 */
export { scanImageConfigSecrets } from './config.ts';
export { findSecrets, shannonEntropy } from './engine.ts';
export type { RawSecretMatch } from './engine.ts';
export { redact } from './redact.ts';
export { SECRET_RULES } from './rules/index.ts';
export { scanText, secretScanner } from './scanner.ts';
export type { AllowRule, SecretDraft, SecretRule, SecretScope } from './types.ts';
export { MAX_SECRET_FILE_BYTES, looksLikeText, wantsSecretScan } from './wants.ts';
