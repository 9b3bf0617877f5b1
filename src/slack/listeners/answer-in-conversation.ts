import type { WebClient } from '@slack/web-api';
import { renderAnswer } from '../../core/answers/blocks.js';
import { parseRequest } from '../../core/answers/commands.js';
import { FRIENDLY_ERROR, GAPS_ELSEWHERE } from '../../core/answers/copy.js';
import { replyTo } from '../../core/answers/reply.js';
import type { SlackMessage } from '../../core/types.js';
import type { QuestionSource } from '../../ops/metrics.js';
import { notice, payload } from '../send.js';
import type { Deps } from './deps.js';

/** A question asked in a conversation (a mention, a DM, a thread follow-up), to be answered there. */
export interface Question {
  readonly channel: string;
  readonly user: string;
  readonly text: string;
  /** Where to answer: the thread's ts, or undefined to answer at the top level (a DM). */
  readonly threadTs?: string;
  /** Set when the question is a reply inside an existing thread: the thread's root, its earlier question. */
  readonly rootTs?: string;
  readonly source: QuestionSource;
  /**
   * Overheard: a follow-up in a channel thread without a mention, answered only when the bot is confident;
   * otherwise the bot stays silent (no decline, no help, no gap recorded).
   */
  readonly overheard?: boolean;
}

/**
 * Answers a question in its conversation. A bare question (empty after the mention) gets the help.
 * On any failure the asker still gets a reply: the friendly error, in the same place. An overheard
 * follow-up the bot has nothing confident for gets no reply at all.
 */
export async function answerInConversation(deps: Deps, client: WebClient, question: Question): Promise<void> {
  const place = {
    channel: question.channel,
    ...(question.threadTs !== undefined && { thread_ts: question.threadTs }),
  };
  try {
    const readThread = question.rootTs !== undefined && mayReadHistory(deps, question);
    const context = readThread ? await earlierQuestion(deps, client, question) : undefined;
    const message = question.overheard
      ? await overheardReply(deps, question, context)
      : await reply(deps, question, context);
    if (message === undefined) return;
    await client.chat.postMessage({
      ...place,
      ...payload(message),
      unfurl_links: false,
      unfurl_media: false,
    });
    // Mentions-only mode follows no channel thread; DM and panel threads need only im:history.
    if (question.threadTs !== undefined && (!deps.mentionsOnly || question.source !== 'mention')) {
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

export const FOLLOW_UP_OPTIONS = {
  /** Messages read from a thread's start: an assistant thread's root, the greeting, the first question… */
  threadStart: 5,
} as const;

/**
 * The text of the thread's root (the question that started it, or the tip the bot posted), so a thin
 * follow-up can be read with it. Without it (no history scope, Slack unreachable) the follow-up is read
 * alone, which is what it would get anyway.
 */
async function earlierQuestion(
  deps: Deps,
  client: WebClient,
  question: Question,
): Promise<string | undefined> {
  try {
    const replies = await client.conversations.replies({
      channel: question.channel,
      ts: question.rootTs ?? '',
      limit: FOLLOW_UP_OPTIONS.threadStart,
      inclusive: true,
    });
    const text = threadQuestion(replies.messages ?? [])?.text;
    return text === undefined ? undefined : text.replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, ' ').trim();
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not read the thread for a follow-up; reading it alone');
    return undefined;
  }
}

/**
 * Whether the thread may be read back: always in a DM or the assistant panel (im:history), in channels only
 * when the bot has the history scopes (not in mentions-only mode, where a mention in a thread is read alone).
 */
function mayReadHistory(deps: Deps, question: Question): boolean {
  return !deps.mentionsOnly || question.source === 'dm' || question.source === 'panel';
}

/** The question's own words: the bot's mention taken out. */
function wordsOf(question: Question): string {
  return question.text.replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, ' ').trim();
}

/**
 * The reply to an overheard follow-up: a confident answer, or nothing. Checked against the rate limit and
 * the channel allowlist only once there is an answer, so chatter costs nobody their questions.
 */
async function overheardReply(
  deps: Deps,
  question: Question,
  context: string | undefined,
): Promise<SlackMessage | undefined> {
  const text = wordsOf(question);
  const request = text === '' ? undefined : parseRequest(text);
  if (request?.kind !== 'ask') return undefined;
  const answer = deps.questions.overheard(request.query, question.source, context);
  if (answer === undefined) return undefined;
  if ((await deps.guard.check(question.user, question.channel)) !== undefined) return undefined;
  return renderAnswer(answer, { controls: 'thread' });
}

type ThreadMessage = { text?: string; subtype?: string; bot_id?: string };

/**
 * The message a thread is about: its root, except in an assistant panel thread, whose root is Slack's
 * placeholder (subtype `assistant_app_thread`): there, the first message a person wrote in it.
 */
function threadQuestion(messages: readonly ThreadMessage[]): ThreadMessage | undefined {
  const [root, ...replies] = messages;
  if (root?.subtype !== 'assistant_app_thread') return root;
  return replies.find((m) => m.subtype === undefined && m.bot_id === undefined);
}

async function reply(deps: Deps, question: Question, context: string | undefined): Promise<SlackMessage> {
  const text = wordsOf(question);
  const request = text === '' ? ({ kind: 'help' } as const) : parseRequest(text);
  if (request.kind === 'gaps') return notice(GAPS_ELSEWHERE.thread);
  const refusal =
    request.kind === 'ask' ? await deps.guard.check(question.user, question.channel) : undefined;
  if (refusal !== undefined) return notice(refusal);
  if (request.kind === 'ask') {
    const { source, user } = question;
    return deps.questions.reply({
      query: request.query,
      source,
      controls: 'thread',
      user,
      ...(context !== undefined && { context }),
    });
  }
  return replyTo(request, { index: deps.index(), random: deps.random });
}
