/**
 * GitLab personal access token: `glpat-` then 20 characters of `[A-Za-z0-9_-]` (the classic
 * format; newer tokens are longer, so up to 64 are accepted).
 * https://docs.gitlab.com/security/tokens/#token-prefixes
 */
import type { SecretRule } from '../types.ts';

export const gitlabPat: SecretRule = {
  id: 'gitlab-pat',
  category: 'GitLab',
  title: 'GitLab Personal Access Token',
  severity: 'CRITICAL',
  keywords: ['glpat-'],
  pattern: '(?:^|[^A-Za-z0-9_-])(?P<secret>glpat-[A-Za-z0-9_.-]{20,64})(?:[^A-Za-z0-9_.-]|$)',
  secretGroup: 'secret',
  caseSensitive: true,
  specUrls: ['https://docs.gitlab.com/security/tokens/#token-prefixes'],
};
