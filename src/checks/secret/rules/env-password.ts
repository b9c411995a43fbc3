/**
 * A password, token or key set as `NAME=value` in the image config (ENV, labels, build history):
 * anyone who can pull the image reads it (`docker inspect`). Config only: in files the same shape
 * is far too common in shipped configuration templates. Trivy reports no such finding on the
 * testbed's `DB_PASSWORD=hunter2`; reins does (CIS Docker Benchmark 4.10).
 * https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/
 */
import type { SecretRule } from '../types.ts';

export const envPassword: SecretRule = {
  id: 'env-password',
  category: 'General',
  title: 'Password or token in image config',
  severity: 'HIGH',
  keywords: ['password', 'passwd', 'secret', 'token', 'apikey', 'api_key', 'access_key', 'accesskey', 'private_key', 'credential'],
  pattern:
    '(?i)(?:^|[\\s;&|"\'])(?P<key>[a-z0-9_.-]*(?:password|passwd|secret|token|api_?key|access_?key|private_?key|credentials?)[a-z0-9_.-]*)=["\']?(?P<secret>[^\\s"\';&|]+)',
  secretGroup: 'secret',
  scopes: ['config'],
  allow: [
    { id: 'file-reference', description: 'the value names a file (docker secrets: *_FILE=/run/secrets/x)', match: '(?i)_file=|=["\']?/' },
    { id: 'variable-reference', description: 'the value is a variable or template', secret: '^(?:\\$|<|\\{\\{)' },
    {
      id: 'non-secret-value',
      description: 'flags and placeholders, not secrets',
      secret: '(?i)^(?:true|false|yes|no|on|off|none|null|nil|0|1|changeme|x+|\\*+|-)$',
    },
  ],
  specUrls: ['https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/'],
};
