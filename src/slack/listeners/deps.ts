import type { Config } from '../../config.js';
import type { SearchIndex } from '../../core/search/search-index.js';
import type { FeedbackStore, GapStore, KeySet } from '../../core/stores.js';
import type { Clock, SlackMessage } from '../../core/types.js';
import type { Logger } from '../../logger.js';
import { createGuard, type Guard } from '../../ops/guard.js';
import type { Metrics } from '../../ops/metrics.js';
import { createQuestions, type OffThread, type Questions } from '../../ops/questions.js';
import type { Stores } from '../../stores/create-stores.js';

/** What the Slack listeners need, passed in by the composition root (main.ts) or a test. */
export interface Deps {
  /** The current index; a function so a knowledge reload can swap it between requests. */
  readonly index: () => SearchIndex;
  /** Answers questions, counting them and recording knowledge gaps. */
  readonly questions: Questions;
  readonly feedback: FeedbackStore;
  readonly gaps: GapStore;
  /**
   * Whether what people asked may be kept (GAPS_RECORD): declined questions for the gaps report, and the
   * question beside a vote. Off, a vote keeps only its section and value.
   */
  readonly keepQuestions: boolean;
  /** Event ids already handled: Slack's retries and Socket Mode redeliveries are answered once. */
  readonly seenEvents: KeySet;
  /**
   * `channel:thread_ts` of threads the bot answered in, where follow-ups need no mention, and
   * `panel:channel:thread_ts` of the threads Slack opened in the assistant side panel.
   */
  readonly threads: KeySet;
  /** Mentions-only mode (no channel history scopes): no follow-ups without a mention, no channel reads. */
  readonly mentionsOnly: boolean;
  /** Channel allowlist and per-user rate limit. */
  readonly guard: Guard;
  readonly metrics: Metrics;
  /** Users who may run `/kubecon gaps`. */
  readonly admins: readonly string[];
  readonly logger: Logger;
  readonly random: () => number;
  readonly now: Clock;
  /** Today's daily tip, for App Home; undefined when no tip channel is set. */
  readonly todaysTip?: () => Promise<SlackMessage | undefined>;
}

export interface DepsOptions {
  readonly index: () => SearchIndex;
  /** Where votes, declined questions, handled events and answered threads are kept (see createStores). */
  readonly stores: Pick<Stores, 'feedback' | 'gaps' | 'seenEvents' | 'threads' | 'rateLimit'>;
  readonly metrics: Metrics;
  readonly access: Config['access'];
  readonly logger: Logger;
  readonly now: Clock;
  readonly random: () => number;
  /** Today's daily tip for App Home; none when no tip channel is set. */
  readonly todaysTip?: (() => Promise<SlackMessage | undefined>) | undefined;
  /** Where questions' replies are made when it can (the answer worker, ANSWER_WORKER); none: in this thread. */
  readonly offThread?: OffThread | undefined;
}

/** The listeners' dependencies from their parts: the stores decide where state lives (files, memory…). */
export function createDeps(options: DepsOptions): Deps {
  const { access, now, stores } = options;
  return {
    index: options.index,
    questions: createQuestions({
      index: options.index,
      metrics: options.metrics,
      gaps: stores.gaps,
      recordGaps: access.recordGaps,
      recordUsers: access.recordUsersInGaps,
      logger: options.logger,
      now,
      offThread: options.offThread,
    }),
    feedback: stores.feedback,
    gaps: stores.gaps,
    keepQuestions: access.recordGaps,
    seenEvents: stores.seenEvents,
    threads: stores.threads,
    mentionsOnly: access.mentionsOnly,
    guard: createGuard({
      ...(access.allowedChannels !== undefined && { allowedChannels: access.allowedChannels }),
      perMinute: access.questionsPerMinute,
      buckets: stores.rateLimit,
      now: () => now().getTime(),
      logger: options.logger,
    }),
    metrics: options.metrics,
    admins: access.adminUserIds,
    logger: options.logger,
    random: options.random,
    now,
    ...(options.todaysTip !== undefined && { todaysTip: options.todaysTip }),
  };
}
