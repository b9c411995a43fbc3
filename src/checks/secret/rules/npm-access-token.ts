/**
 * npm access token: `npm_` then 36 alphanumerics (the last 6 are a CRC32 checksum, not checked).
 * https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/
 * https://docs.npmjs.com/about-access-tokens
 */
import type { SecretRule } from '../types.ts';

export const npmAccessToken: SecretRule = {
  id: 'npm-access-token',
  category: 'npm',
  title: 'npm access token',
  severity: 'CRITICAL',
  keywords: ['npm_'],
  pattern: '(?:^|[^A-Za-z0-9_])(?P<secret>npm_[A-Za-z0-9]{36})(?:[^A-Za-z0-9_]|$)',
  secretGroup: 'secret',
  caseSensitive: true,
  minEntropy: 3.5,
  specUrls: ['https://docs.npmjs.com/about-access-tokens'],
};
