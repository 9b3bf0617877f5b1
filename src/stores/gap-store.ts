import path from 'node:path';
import { jsonLinesStore, type ListStore, memoryListStore } from './list-store.js';

/** Knowledge gaps: questions the bot declined, kept so the team knows what to write next. */
export interface DeclinedQuestion {
  readonly query: string;
  readonly source: string;
  /** ISO time. */
  readonly at: string;
  /** Only when GAPS_RECORD_USERS=true. */
  readonly user?: string;
}

export type GapStore = ListStore<DeclinedQuestion>;

export const memoryGapStore = (): GapStore => memoryListStore<DeclinedQuestion>();

/** Declined questions in `gaps.jsonl` under DATA_DIR. */
export const fileGapStore = (dataDir: string): GapStore =>
  jsonLinesStore<DeclinedQuestion>(path.join(dataDir, 'gaps.jsonl'));
