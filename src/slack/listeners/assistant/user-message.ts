import type { AssistantUserMessageMiddleware } from '@slack/bolt';
import { PANEL_TEXT } from '../../../core/answers/copy.js';
import { threadTitle } from '../../../core/answers/panel.js';
import { answerInConversation } from '../answer-in-conversation.js';
import { readConversation } from '../conversation-fields.js';
import type { Deps } from '../deps.js';
import { conversationMessage } from '../messages/conversation-message.js';
import { answeredBefore, isPanelThread } from './panel-threads.js';

/**
 * A direct message inside a thread. Bolt's Assistant takes every one (it cannot tell a panel thread from
 * an ordinary DM thread), so those outside a panel thread go to the ordinary message listener, answered
 * exactly as with the panel off. In a panel thread: a status while searching, the thread's title from its
 * first question, then the answer (follow-ups read with the first question).
 */
export function userMessage(deps: Deps): AssistantUserMessageMiddleware {
  const ordinary = conversationMessage(deps);
  return async (args) => {
    const { message, client, setStatus, setTitle } = args;
    const threadTs = 'thread_ts' in message ? message.thread_ts : undefined;
    const person = message.subtype === undefined && !('bot_id' in message);
    if (!person || threadTs === undefined || !(await isPanelThread(deps, message.channel, threadTs))) {
      await ordinary(args);
      return;
    }
    const fields = readConversation(deps, 'message', message);
    if (!fields) return;
    const { channel, text, user } = fields;
    const followUp = await answeredBefore(deps, channel, threadTs);
    const warn = (what: string) => (e: unknown) => deps.logger.warn({ err: e, channel }, `${what} failed`);
    await setStatus(PANEL_TEXT.searching).catch(warn('setting the panel status'));
    const title = threadTitle(text);
    if (!followUp && title !== '') await setTitle(title).catch(warn('setting the panel thread title'));
    await answerInConversation(deps, client, {
      channel,
      user,
      text,
      threadTs,
      ...(followUp && { rootTs: threadTs }),
      source: 'panel',
    });
  };
}
