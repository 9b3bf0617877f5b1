import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { answerInConversation } from '../answer-in-conversation.js';
import { readConversation } from '../conversation-fields.js';
import type { Deps } from '../deps.js';

/** `@kubecon <question>` in a channel: the answer in the mention's thread. */
export function appMention(deps: Deps) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs) => {
    const fields = readConversation(deps, 'app_mention', event);
    if (!fields) return;
    const { channel, user, text, ts, threadTs } = fields;
    await answerInConversation(deps, client, {
      channel,
      user,
      text,
      threadTs: threadTs ?? ts,
      ...(threadTs !== undefined && threadTs !== ts && { rootTs: threadTs }),
      source: 'mention',
    });
  };
}
