/**
 * GitHub Refresh Token: `ghr_` followed by 36 alphanumerics (GitHub's token format, 2021).
 * https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/
 */
import type { SecretRule } from '../types.ts';

export const githubRefreshToken: SecretRule = {
  id: 'github-refresh-token',
  category: 'GitHub',
  title: 'GitHub Refresh Token',
  severity: 'CRITICAL',
  keywords: ['ghr_'],
  pattern: '(?:^|[^A-Za-z0-9_])(?P<secret>ghr_[A-Za-z0-9]{36})(?:[^A-Za-z0-9_]|$)',
  secretGroup: 'secret',
  caseSensitive: true,
  specUrls: ['https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/'],
};
