import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { answerInConversation } from '../answer-in-conversation.js';
import type { Deps } from '../deps.js';

/** `@kubecon <question>` in a channel: the answer in the mention's thread. */
export function appMention(deps: Deps) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs) => {
    await answerInConversation(deps, client, {
      channel: event.channel,
      user: event.user ?? '',
      text: event.text,
      threadTs: event.thread_ts ?? event.ts,
      ...(event.thread_ts !== undefined && event.thread_ts !== event.ts && { rootTs: event.thread_ts }),
      source: 'mention',
    });
  };
}
