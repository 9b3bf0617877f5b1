/** What the history scopes and channel message events serve: follow-ups in threads without a mention. */
export const HISTORY = {
  scopes: ['channels:history', 'groups:history'],
  events: ['message.channels', 'message.groups'],
} as const;

/** What Slack's AI assistant panel needs; taken out by name, whether the manifest has it or not. */
export const ASSISTANT = {
  feature: 'assistant_view',
  scopes: ['assistant:write'],
  /** Every `assistant_thread_*` event (started, context changed…). */
  eventPrefix: 'assistant_thread_',
} as const;

/**
 * The bot token scopes manifest.yml asks for (tests/slack/scopes.test.ts keeps the two equal). At start the
 * scopes Slack granted (auth.test's x-oauth-scopes header) are compared with the ones this configuration
 * uses, so a missing one is one log line naming it instead of a feature that fails later.
 */
export const BOT_SCOPES: readonly string[] = [
  'commands',
  'chat:write',
  'app_mentions:read',
  'im:history',
  'channels:history',
  'groups:history',
  'assistant:write',
];

/**
 * The scopes this configuration needs: without the history scopes in mentions-only mode, without the
 * panel's scope when it is off (the same scopes `npm run manifest -- --mentions-only --no-assistant` drops).
 */
export function neededScopes(options: { mentionsOnly: boolean; assistantPanel: boolean }): string[] {
  const dropped = new Set<string>([
    ...(options.mentionsOnly ? HISTORY.scopes : []),
    ...(options.assistantPanel ? [] : ASSISTANT.scopes),
  ]);
  return BOT_SCOPES.filter((s) => !dropped.has(s));
}
