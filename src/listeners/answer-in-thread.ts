import type { WebClient } from '@slack/web-api';
import { parseRequest } from '../answers/commands.js';
import { replyTo } from '../answers/reply.js';
import { FRIENDLY_ERROR, notice, payload } from '../slack/send.js';
import type { Deps } from './deps.js';

/** A question asked in a conversation (a mention, a DM, a thread follow-up), to be answered there. */
export interface Question {
  readonly channel: string;
  readonly user: string;
  readonly text: string;
  /** Where to answer: the thread's ts, or undefined to answer at the top level (a DM). */
  readonly threadTs?: string;
}

/**
 * Answers a question in its conversation. A bare question (empty after the mention) gets the help.
 * On any failure the asker still gets a reply: the friendly error, in the same place.
 */
export async function answerInConversation(deps: Deps, client: WebClient, question: Question): Promise<void> {
  const place = {
    channel: question.channel,
    ...(question.threadTs !== undefined && { thread_ts: question.threadTs }),
  };
  try {
    const text = question.text.replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, ' ').trim();
    const request = text === '' ? ({ kind: 'help' } as const) : parseRequest(text);
    const message = replyTo(request, { index: deps.index(), random: deps.random, controls: 'thread' });
    await client.chat.postMessage({
      ...place,
      ...payload(message),
      unfurl_links: false,
      unfurl_media: false,
    });
    if (question.threadTs !== undefined) deps.threads.add(`${question.channel}:${question.threadTs}`);
  } catch (error) {
    deps.logger.error({ err: error, channel: question.channel }, 'answering a question failed');
    await client.chat
      .postMessage({ ...place, ...payload(notice(FRIENDLY_ERROR)) })
      .catch((e: unknown) =>
        deps.logger.error({ err: e, channel: question.channel }, 'could not post the error reply'),
      );
  }
}
