import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { answerInConversation } from '../answer-in-conversation.js';
import { readConversation } from '../conversation-fields.js';
import type { Deps } from '../deps.js';

/**
 * Messages the bot answers without a mention: a direct message to the bot, and a follow-up in a channel
 * thread where the bot has already answered, only when it has a confident answer (colleagues talking in
 * the thread are left alone). Edits, bot posts and messages that mention the bot (the app_mention listener
 * answers those) are left alone, and in mentions-only mode every channel message is.
 */
export function conversationMessage(deps: Deps) {
  return async ({ message, client, context }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs) => {
    if (message.subtype !== undefined || 'bot_id' in message) return;
    const fields = readConversation(deps, 'message', message);
    if (!fields) return;
    const { channel, ts, text, user, threadTs } = fields;
    if (message.channel_type === 'im') {
      await answerInConversation(deps, client, {
        channel,
        user,
        text,
        source: 'dm',
        ...(threadTs !== undefined && { threadTs }),
        ...(threadTs !== undefined && threadTs !== ts && { rootTs: threadTs }),
      });
      return;
    }
    if (deps.mentionsOnly) return;
    const mentionsBot = context.botUserId !== undefined && text.includes(`<@${context.botUserId}>`);
    if (threadTs === undefined || threadTs === ts || mentionsBot) return;
    const known = await deps.threads.has(`${channel}:${threadTs}`).catch((e: unknown) => {
      deps.logger.warn({ err: e }, 'thread store unavailable; follow-up not answered');
      return false;
    });
    if (known)
      await answerInConversation(deps, client, {
        channel,
        user,
        text,
        threadTs,
        rootTs: threadTs,
        source: 'mention',
        overheard: true,
      });
  };
}
