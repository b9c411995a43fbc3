/**
 * Slack tokens: `xoxb-` (bot), `xoxp-` (user), `xoxa-`/`xoxr-` (app/refresh), `xoxs-` (legacy),
 * then dash-separated alphanumeric parts (team id, user id, secret).
 * https://api.slack.com/concepts/token-types
 */
import type { SecretRule } from '../types.ts';

export const slackAccessToken: SecretRule = {
  id: 'slack-access-token',
  category: 'Slack',
  title: 'Slack token',
  severity: 'HIGH',
  keywords: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-'],
  pattern: '(?:^|[^A-Za-z0-9_-])(?P<secret>xox[baprs]-[0-9A-Za-z]{8,48}(?:-[0-9A-Za-z]{4,64}){1,4})(?:[^A-Za-z0-9_-]|$)',
  secretGroup: 'secret',
  caseSensitive: true,
  minEntropy: 3,
  specUrls: ['https://api.slack.com/concepts/token-types'],
};
