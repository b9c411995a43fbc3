/**
 * GitHub OAuth Access Token: `gho_` followed by 36 alphanumerics (GitHub's token format, 2021).
 * https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/
 */
import type { SecretRule } from '../types.ts';

export const githubOauth: SecretRule = {
  id: 'github-oauth',
  category: 'GitHub',
  title: 'GitHub OAuth Access Token',
  severity: 'CRITICAL',
  keywords: ['gho_'],
  pattern: '(?:^|[^A-Za-z0-9_])(?P<secret>gho_[A-Za-z0-9]{36})(?:[^A-Za-z0-9_]|$)',
  secretGroup: 'secret',
  caseSensitive: true,
  specUrls: ['https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/'],
};
