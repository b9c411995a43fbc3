/**
 * GitHub App Token: `ghu_ or ghs_` followed by 36 alphanumerics (GitHub's token format, 2021).
 * https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/
 */
import type { SecretRule } from '../types.ts';

export const githubAppToken: SecretRule = {
  id: 'github-app-token',
  category: 'GitHub',
  title: 'GitHub App Token',
  severity: 'CRITICAL',
  keywords: ['ghu_', 'ghs_'],
  pattern: '(?:^|[^A-Za-z0-9_])(?P<secret>gh[us]_[A-Za-z0-9]{36})(?:[^A-Za-z0-9_]|$)',
  secretGroup: 'secret',
  caseSensitive: true,
  specUrls: ['https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/'],
};
