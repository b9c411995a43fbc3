/**
 * JSON Web Token (RFC 7519, compact JWS): three base64url parts joined by dots; the first two are
 * JSON objects, so they start with `eyJ` (base64 of `{"`).
 * https://www.rfc-editor.org/rfc/rfc7519  https://www.rfc-editor.org/rfc/rfc7515#section-7.1
 */
import type { SecretRule } from '../types.ts';

export const jwtToken: SecretRule = {
  id: 'jwt-token',
  category: 'JWT',
  title: 'JWT token',
  severity: 'MEDIUM',
  keywords: ['eyJ'],
  pattern: '(?:^|[^A-Za-z0-9_-])(?P<secret>eyJ[A-Za-z0-9_-]{15,}\\.eyJ[A-Za-z0-9_-]{15,}\\.[A-Za-z0-9_-]{10,})(?:[^A-Za-z0-9_.=-]|={0,2}(?:[^A-Za-z0-9_.=-]|$)|$)',
  secretGroup: 'secret',
  caseSensitive: true,
  minEntropy: 3.5,
  specUrls: ['https://www.rfc-editor.org/rfc/rfc7519', 'https://www.rfc-editor.org/rfc/rfc7515#section-7.1'],
};
