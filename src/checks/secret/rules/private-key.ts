/**
 * Private keys in PEM (RFC 7468: `-----BEGIN RSA PRIVATE KEY-----`, `... EC ...`, `ENCRYPTED ...`),
 * OpenSSH (`-----BEGIN OPENSSH PRIVATE KEY-----`) and OpenPGP armor
 * (`-----BEGIN PGP PRIVATE KEY BLOCK-----`, RFC 9580 section 6.2). The body may carry RFC 1421
 * headers (`Proc-Type:`) and JSON-escaped newlines (`\n`, as in GCP key files). Bodies shorter than
 * 64 base64 characters are placeholders (`...`), not keys.
 * https://www.rfc-editor.org/rfc/rfc7468  https://www.rfc-editor.org/rfc/rfc9580#section-6.2
 */
import type { SecretRule } from '../types.ts';

export const privateKey: SecretRule = {
  id: 'private-key',
  category: 'AsymmetricPrivateKey',
  title: 'Asymmetric Private Key',
  severity: 'HIGH',
  keywords: ['PRIVATE KEY'],
  pattern:
    '-----BEGIN[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----(?P<secret>[A-Za-z0-9+/=\\s\\\\:,._-]+?)-----END[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----',
  secretGroup: 'secret',
  caseSensitive: true,
  window: 'text',
  minSecretChars: 64,
  specUrls: ['https://www.rfc-editor.org/rfc/rfc7468', 'https://www.rfc-editor.org/rfc/rfc9580#section-6.2'],
};
