import { answerQuestion } from '../core/answers/answer.js';
import { type RenderOptions, renderAnswer } from '../core/answers/blocks.js';
import type { SearchIndex } from '../core/search/search-index.js';
import type { GapStore } from '../core/stores.js';
import type { Answer, Clock, SlackMessage } from '../core/types.js';
import type { Logger } from '../logger.js';
import type { Metrics, QuestionSource } from './metrics.js';

/**
 * Asking a question, with its bookkeeping: timed and counted in the metrics, and recorded as a knowledge
 * gap when declined, unless GAPS_RECORD=false (without the user unless the team opted in with GAPS_RECORD_USERS).
 */

export interface Questions {
  /** `context`: the thread's earlier question, for follow-ups (see answerQuestion). */
  ask(query: string, source: QuestionSource, user?: string, context?: string): Answer;
  /**
   * `ask`, rendered as the user sees it: made in the answer worker when there is one holding the knowledge
   * in service (ANSWER_WORKER), else in this thread. The message is the same either way.
   */
  reply(question: AskedQuestion): Promise<SlackMessage>;
  /**
   * A thread follow-up nobody addressed to the bot: its answer only when the bot is confident (a sections
   * answer), counted then; otherwise undefined, and nothing is counted or recorded as a gap: colleagues
   * talking among themselves ("thanks!") are not questions.
   */
  overheard(query: string, source: QuestionSource, context?: string): Answer | undefined;
  /** The answer to a question asked before (a Next, Previous or Share click): not counted again. */
  again(query: string): Answer;
}

export interface AskedQuestion {
  readonly query: string;
  readonly source: QuestionSource;
  readonly controls: NonNullable<RenderOptions['controls']>;
  readonly user?: string;
  readonly context?: string;
}

/** A question as the answer worker takes it, and what it gives back: the reply and what the bookkeeping needs. */
export interface OffThreadQuestion {
  readonly query: string;
  readonly controls: NonNullable<RenderOptions['controls']>;
  readonly context?: string;
}
export interface OffThreadReply {
  readonly message: SlackMessage;
  /** The answer's query (as searched), whether it declined, and how long it took to make, in seconds. */
  readonly query: string;
  readonly declined: boolean;
  readonly seconds: number;
}

/** The answer worker as the questions see it (runtime/answer-thread.ts). */
export interface OffThread {
  /**
   * The reply, made by a worker holding the knowledge of `version`; undefined when there is none (starting,
   * reloading, crashed, too slow), and the question is then answered in this thread.
   */
  reply(question: OffThreadQuestion, version: string): Promise<OffThreadReply | undefined>;
}

export interface QuestionsOptions {
  readonly index: () => SearchIndex;
  readonly metrics: Metrics;
  readonly gaps: GapStore;
  /** false: declined questions are not recorded at all (GAPS_RECORD). */
  readonly recordGaps: boolean;
  readonly recordUsers: boolean;
  readonly logger: Logger;
  readonly now: Clock;
  /** Where `reply` makes answers when it can; none: always in this thread. */
  readonly offThread?: OffThread | undefined;
}

/** The reply to a question, made from the index: what the answer worker runs too. */
export function makeReply(index: SearchIndex, question: OffThreadQuestion): OffThreadReply {
  const started = performance.now();
  const { query, context, controls } = question;
  const answer = answerQuestion(index, query, context === undefined ? {} : { context });
  const seconds = (performance.now() - started) / 1000;
  const message = renderAnswer(answer, { controls });
  return { message, query: answer.query, declined: answer.declined, seconds };
}

export function createQuestions(options: QuestionsOptions): Questions {
  const timed = (query: string, context: string | undefined) => {
    const started = performance.now();
    const answer = answerQuestion(options.index(), query, context === undefined ? {} : { context });
    return { answer, seconds: (performance.now() - started) / 1000 };
  };
  /** Counts an asked question, and records it as a gap when declined. */
  const count = (
    answer: Pick<Answer, 'query' | 'declined'>,
    seconds: number,
    source: QuestionSource,
    user?: string,
  ) => {
    const declined = answer.declined && answer.query !== '';
    options.metrics.question(source, declined, seconds);
    if (declined && options.recordGaps) {
      const record = {
        query: answer.query,
        source,
        at: options.now().toISOString(),
        ...(options.recordUsers && user !== undefined && { user }),
      };
      options.gaps
        .record(record)
        .catch((error: unknown) => options.logger.error({ err: error }, 'recording a knowledge gap failed'));
    }
  };
  const ask: Questions['ask'] = (query, source, user, context) => {
    const { answer, seconds } = timed(query, context);
    count(answer, seconds, source, user);
    return answer;
  };
  return {
    ask,
    reply: async ({ query, source, controls, user, context }) => {
      const asked = { query, controls, ...(context !== undefined && { context }) };
      const version = options.index().knowledge.version;
      // In this thread when the worker can't: with the index in service then (a reload may have come).
      const made = (await options.offThread?.reply(asked, version)) ?? makeReply(options.index(), asked);
      count(made, made.seconds, source, user);
      return made.message;
    },
    overheard: (query, source, context) => {
      const { answer, seconds } = timed(query, context);
      if (answer.declined || answer.kind !== 'sections') return undefined;
      options.metrics.question(source, false, seconds);
      return answer;
    },
    again: (query) => answerQuestion(options.index(), query),
  };
}
