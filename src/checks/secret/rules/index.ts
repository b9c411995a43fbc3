/**
 * @module checks/secret/rules
 * The registry of secret rules, sorted by id. Add a rule: create `<id>.ts` exporting one
 * `SecretRule` whose `id` equals the file name, then add it here (the registry test fails until
 * you do). Ids follow Trivy's built-in rules where Trivy has the rule
 * (https://github.com/aquasecurity/trivy/blob/main/pkg/fanal/secret/builtin-rules.go).
 */
import type { SecretRule } from '../types.ts';
import { awsAccessKeyId } from './aws-access-key-id.ts';
import { awsSecretAccessKey } from './aws-secret-access-key.ts';
import { azureStorageAccountKey } from './azure-storage-account-key.ts';
import { envPassword } from './env-password.ts';
import { gcpServiceAccount } from './gcp-service-account.ts';
import { githubAppToken } from './github-app-token.ts';
import { githubFineGrainedPat } from './github-fine-grained-pat.ts';
import { githubOauth } from './github-oauth.ts';
import { githubPat } from './github-pat.ts';
import { githubRefreshToken } from './github-refresh-token.ts';
import { gitlabPat } from './gitlab-pat.ts';
import { jwtToken } from './jwt-token.ts';
import { npmAccessToken } from './npm-access-token.ts';
import { privateKey } from './private-key.ts';
import { slackAccessToken } from './slack-access-token.ts';
import { stripeSecretToken } from './stripe-secret-token.ts';
import { urlCredentials } from './url-credentials.ts';

export const SECRET_RULES: readonly SecretRule[] = [
  awsAccessKeyId,
  awsSecretAccessKey,
  azureStorageAccountKey,
  envPassword,
  gcpServiceAccount,
  githubAppToken,
  githubFineGrainedPat,
  githubOauth,
  githubPat,
  githubRefreshToken,
  gitlabPat,
  jwtToken,
  npmAccessToken,
  privateKey,
  slackAccessToken,
  stripeSecretToken,
  urlCredentials,
];
