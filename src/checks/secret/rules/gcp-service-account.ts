/**
 * Google Cloud service-account key file (JSON with `"type": "service_account"`): reports the
 * `private_key_id` (40 hex digits). The embedded `private_key` PEM is reported by `private-key`
 * as well. Limit: the keyword gate checks that `service_account` occurs in the file, not that it
 * is the `type` of the same JSON object.
 * https://cloud.google.com/iam/docs/keys-create-delete
 */
import type { SecretRule } from '../types.ts';

export const gcpServiceAccount: SecretRule = {
  id: 'gcp-service-account',
  category: 'Google',
  title: 'Google (GCP) Service-account',
  severity: 'CRITICAL',
  keywords: ['service_account'],
  pattern: '"private_key_id"[ \\t]*:[ \\t]*"(?P<secret>[a-f0-9]{40})"',
  secretGroup: 'secret',
  window: 'text',
  minEntropy: 3,
  scopes: ['file'],
  specUrls: ['https://cloud.google.com/iam/docs/keys-create-delete'],
};
