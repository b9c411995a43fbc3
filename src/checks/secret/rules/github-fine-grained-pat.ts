/**
 * GitHub fine-grained personal access token: `github_pat_`, 22 alphanumerics, `_`, 59 alphanumerics.
 * https://github.blog/security/application-security/introducing-fine-grained-personal-access-tokens-for-github/
 */
import type { SecretRule } from '../types.ts';

export const githubFineGrainedPat: SecretRule = {
  id: 'github-fine-grained-pat',
  category: 'GitHub',
  title: 'GitHub Fine-grained personal access tokens',
  severity: 'CRITICAL',
  keywords: ['github_pat_'],
  pattern: '(?:^|[^A-Za-z0-9_])(?P<secret>github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})(?:[^A-Za-z0-9_]|$)',
  secretGroup: 'secret',
  caseSensitive: true,
  specUrls: ['https://github.blog/security/application-security/introducing-fine-grained-personal-access-tokens-for-github/'],
};
