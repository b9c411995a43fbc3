/**
 * AWS secret access key: 40 characters of base64 alphabet. The value alone is indistinguishable
 * from any base64, so the rule needs the key name before it (`aws_secret_access_key = ...`,
 * `SecretAccessKey: ...`), as in the AWS CLI credentials file.
 * https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html
 */
import type { SecretRule } from '../types.ts';

export const awsSecretAccessKey: SecretRule = {
  id: 'aws-secret-access-key',
  category: 'AWS',
  title: 'AWS Secret Access Key',
  severity: 'CRITICAL',
  keywords: ['secret_access_key', 'secretaccesskey', 'secret-access-key'],
  pattern:
    '(?mi)(?:aws)?[_-]?secret[_-]?access[_-]?key["\']?[ \\t]*(?:=|:|=>|:=)[ \\t]*["\']?(?P<secret>[A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)',
  secretGroup: 'secret',
  minEntropy: 3.5,
  allow: [{ id: 'aws-docs-example', description: "AWS documentation's example secret contains EXAMPLE", secret: 'EXAMPLE' }],
  specUrls: ['https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html'],
};
