import type { WebClient } from '@slack/web-api';
import { parseRequest } from '../answers/commands.js';
import { replyTo } from '../answers/reply.js';
import type { QuestionSource } from '../ops/metrics.js';
import { FRIENDLY_ERROR, notice, payload } from '../slack/send.js';
import type { SlackMessage } from '../types.js';
import type { Deps } from './deps.js';

/** A question asked in a conversation (a mention, a DM, a thread follow-up), to be answered there. */
export interface Question {
  readonly channel: string;
  readonly user: string;
  readonly text: string;
  /** Where to answer: the thread's ts, or undefined to answer at the top level (a DM). */
  readonly threadTs?: string;
  readonly source: QuestionSource;
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
    await client.chat.postMessage({
      ...place,
      ...payload(reply(deps, question)),
      unfurl_links: false,
      unfurl_media: false,
    });
    if (question.threadTs !== undefined) {
      await deps.threads
        .add(`${question.channel}:${question.threadTs}`)
        .catch((e: unknown) => deps.logger.warn({ err: e }, 'could not remember the thread for follow-ups'));
    }
  } catch (error) {
    deps.logger.error({ err: error, channel: question.channel }, 'answering a question failed');
    await client.chat
      .postMessage({ ...place, ...payload(notice(FRIENDLY_ERROR)) })
      .catch((e: unknown) =>
        deps.logger.error({ err: e, channel: question.channel }, 'could not post the error reply'),
      );
  }
}

function reply(deps: Deps, question: Question): SlackMessage {
  const text = question.text.replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, ' ').trim();
  const request = text === '' ? ({ kind: 'help' } as const) : parseRequest(text);
  if (request.kind === 'gaps') return notice('Ask for the gaps report with `/kubecon gaps`.');
  const refusal = request.kind === 'ask' ? deps.guard.check(question.user, question.channel) : undefined;
  if (refusal !== undefined) return notice(refusal);
  return replyTo(request, {
    index: deps.index(),
    ask: (q) => deps.questions.ask(q, question.source, question.user),
    random: deps.random,
    controls: 'thread',
  });
}
