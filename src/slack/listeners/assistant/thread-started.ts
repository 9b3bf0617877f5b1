import type { AssistantThreadStartedMiddleware } from '@slack/bolt';
import { panelGreeting, suggestedPrompts } from '../../../core/answers/panel.js';
import { payload } from '../../send.js';
import type { Deps } from '../deps.js';
import { rememberPanelThread } from './panel-threads.js';

/**
 * Someone opened the bot in the side panel: a greeting that says what the bot knows, then a suggested
 * prompt per main topic. Either failing is logged; the other still happens, and asking still works.
 * The greeting is posted with chat.postMessage, not Bolt's `say`, which would copy the channel the person
 * is looking at into the message's metadata: the bot keeps nothing of it.
 */
export function threadStarted(deps: Deps): AssistantThreadStartedMiddleware {
  return async ({ event, client, setSuggestedPrompts }) => {
    const { channel_id: channel, thread_ts: threadTs } = event.assistant_thread;
    await rememberPanelThread(deps, channel, threadTs);
    const knowledge = deps.index().knowledge;
    try {
      const greeting = payload(panelGreeting(knowledge));
      await client.chat.postMessage({ channel, thread_ts: threadTs, ...greeting, unfurl_links: false });
    } catch (error) {
      deps.logger.error({ err: error, channel }, 'greeting in the assistant panel failed');
    }
    const { title, prompts } = suggestedPrompts(knowledge);
    if (prompts.length === 0) return;
    await setSuggestedPrompts({ title, prompts: [...prompts] }).catch((error: unknown) =>
      deps.logger.error({ err: error, channel }, 'setting the panel’s suggested prompts failed'),
    );
  };
}
