import { answerQuestion } from '../core/answers/answer.js';
import type { SearchIndex } from '../core/search/search-index.js';
import type { GapStore } from '../core/stores.js';
import type { Answer, Clock } from '../core/types.js';
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
   * A thread follow-up nobody addressed to the bot: its answer only when the bot is confident (a sections
   * answer), counted then; otherwise undefined, and nothing is counted or recorded as a gap: colleagues
   * talking among themselves ("thanks!") are not questions.
   */
  overheard(query: string, source: QuestionSource, context?: string): Answer | undefined;
  /** The answer to a question asked before (a Next, Previous or Share click): not counted again. */
  again(query: string): Answer;
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
}

export function createQuestions(options: QuestionsOptions): Questions {
  const timed = (query: string, context: string | undefined) => {
    const started = performance.now();
    const answer = answerQuestion(options.index(), query, context === undefined ? {} : { context });
    return { answer, seconds: (performance.now() - started) / 1000 };
  };
  return {
    ask: (query, source, user, context) => {
      const { answer, seconds } = timed(query, context);
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
          .catch((error: unknown) =>
            options.logger.error({ err: error }, 'recording a knowledge gap failed'),
          );
      }
      return answer;
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
