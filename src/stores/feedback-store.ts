import path from 'node:path';
import { jsonLinesStore, type ListStore, memoryListStore } from './list-store.js';

/** Feedback: 👍/👎 votes on an answer, per section and query (never per person). */
export interface Vote {
  readonly sectionId: string;
  readonly query: string;
  readonly value: 'helpful' | 'unhelpful';
  /** ISO time of the vote. */
  readonly at: string;
}

export type FeedbackStore = ListStore<Vote>;

/** In-memory feedback, for tests and the local shell. */
export const memoryFeedbackStore = (): FeedbackStore => memoryListStore<Vote>();

/** Feedback in `feedback.jsonl` under DATA_DIR. */
export const fileFeedbackStore = (dataDir: string): FeedbackStore =>
  jsonLinesStore<Vote>(path.join(dataDir, 'feedback.jsonl'));
