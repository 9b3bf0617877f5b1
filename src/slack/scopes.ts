/**
 * The bot token scopes manifest.yml asks for (tests/slack/scopes.test.ts keeps the two equal). At start the
 * scopes Slack granted (auth.test's x-oauth-scopes header) are compared with these, so a missing one is one
 * log line naming it instead of a feature that fails later.
 */
export const BOT_SCOPES: readonly string[] = [
  'commands',
  'chat:write',
  'app_mentions:read',
  'im:history',
  'channels:history',
  'groups:history',
];
