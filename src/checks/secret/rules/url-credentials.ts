/**
 * Credentials in a URL's userinfo, `scheme://user:password@host` (RFC 3986 section 3.2.1 deprecates
 * it precisely because it leaks). Trivy has no such rule; gitleaks and others do. Placeholder
 * passwords (`password`, `pass`, `${VAR}`, `<...>`, `****`, `%s`) and documentation hosts
 * (`example.com`, RFC 2606) are allowed.
 * https://www.rfc-editor.org/rfc/rfc3986#section-3.2.1
 */
import type { SecretRule } from '../types.ts';

export const urlCredentials: SecretRule = {
  id: 'url-credentials',
  category: 'General',
  title: 'Password in URL',
  severity: 'HIGH',
  keywords: ['://'],
  pattern:
    "(?i)(?:^|[^a-z0-9+.-])[a-z][a-z0-9+.-]{1,15}://[a-z0-9._~%!$&'()*+,;=-]{1,64}:(?P<secret>[a-z0-9._~%!$&'()*+,;=-]{3,128})@[a-z0-9-]{1,63}(?:\\.[a-z0-9-]{1,63}){0,8}",
  secretGroup: 'secret',
  allow: [
    {
      id: 'placeholder-password',
      description: 'documentation placeholders',
      secret:
        "(?i)^(?:pass(?:word|wd)?|secret|changeme|your[_-]?pass(?:word)?|p[a@]ssw[o0]rd|pwd|x+|\\*+|\\.+|%s|%\\(?\\w*\\)?s?|\\$.*|.*\\$\\{.*|<.*|.*>|\\{\\{.*)$",
    },
    { id: 'documentation-host', description: 'RFC 2606 documentation hosts', match: '(?i)@(?:[a-z0-9-]+\\.)*example\\.(?:com|org|net)|@(?:host|hostname|server|domain)(?:$|[^a-z0-9.-])' },
  ],
  specUrls: ['https://www.rfc-editor.org/rfc/rfc3986#section-3.2.1'],
};
