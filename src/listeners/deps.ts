import type { Logger } from '../logger.js';
import type { SearchIndex } from '../search/search-index.js';
import type { FeedbackStore } from '../stores/feedback-store.js';
import type { RecentSet } from '../stores/recent-set.js';
import type { SlackMessage } from '../types.js';

/** What the Slack listeners need, passed in by the composition root (main.ts) or a test. */
export interface Deps {
  /** The current index; a function so a knowledge reload can swap it between requests. */
  readonly index: () => SearchIndex;
  readonly feedback: FeedbackStore;
  /** Event ids already handled: Slack's retries and Socket Mode redeliveries are answered once. */
  readonly seenEvents: RecentSet;
  /** `channel:thread_ts` of threads the bot answered in, where follow-ups need no mention. */
  readonly threads: RecentSet;
  readonly logger: Logger;
  readonly random: () => number;
  readonly now: () => Date;
  /** Today's daily tip, for App Home; undefined until the tip schedule is set up. */
  readonly todaysTip?: () => Promise<SlackMessage | undefined>;
}
