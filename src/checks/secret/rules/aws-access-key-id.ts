/**
 * AWS access key id: a 4-char prefix naming the key kind (AKIA long-term, ASIA temporary, ...)
 * followed by 16 base32 characters (A-Z, 2-7), 20 characters in all.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
 */
import type { SecretRule } from '../types.ts';

export const awsAccessKeyId: SecretRule = {
  id: 'aws-access-key-id',
  category: 'AWS',
  title: 'AWS Access Key ID',
  severity: 'CRITICAL',
  keywords: ['AKIA', 'ASIA', 'AGPA', 'AIDA', 'AROA', 'AIPA', 'ANPA', 'ANVA', 'A3T'],
  pattern:
    '(?m)(?:^|[^A-Za-z0-9/+])(?P<secret>(?:A3T[A-Z0-9]|AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[A-Z2-7]{16})(?:[^A-Za-z0-9/+=]|$)',
  secretGroup: 'secret',
  caseSensitive: true,
  allow: [{ id: 'aws-docs-example', description: "AWS documentation's example key ids end in EXAMPLE", secret: 'EXAMPLE$' }],
  specUrls: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids'],
};
