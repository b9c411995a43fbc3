/**
 * GitHub Personal Access Token: `ghp_` followed by 36 alphanumerics (GitHub's token format, 2021).
 * https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/
 */
import type { SecretRule } from '../types.ts';

export const githubPat: SecretRule = {
  id: 'github-pat',
  category: 'GitHub',
  title: 'GitHub Personal Access Token',
  severity: 'CRITICAL',
  keywords: ['ghp_'],
  pattern: '(?:^|[^A-Za-z0-9_])(?P<secret>ghp_[A-Za-z0-9]{36})(?:[^A-Za-z0-9_]|$)',
  secretGroup: 'secret',
  caseSensitive: true,
  specUrls: ['https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/'],
};
