import type { AssistantThreadContextChangedMiddleware } from '@slack/bolt';
import type { Deps } from '../deps.js';

/**
 * The person moved to another channel with the panel open. That channel is context only: access follows
 * the DM rule whatever they look at, and the answers come from the notes, so nothing is read or kept.
 * (Without this listener Bolt would store the context on the greeting, with two Web API calls.)
 */
export function threadContextChanged(deps: Deps): AssistantThreadContextChangedMiddleware {
  return async ({ event }) => {
    deps.logger.debug({ thread: event.assistant_thread.thread_ts }, 'assistant panel context changed');
  };
}
