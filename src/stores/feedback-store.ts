import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { readJsonLines } from './gap-store.js';

/** Feedback: 👍/👎 votes on an answer, per section and query, behind a two-method store. */

export interface Vote {
  readonly sectionId: string;
  readonly query: string;
  readonly value: 'helpful' | 'unhelpful';
  /** ISO time of the vote. */
  readonly at: string;
}

export interface FeedbackStore {
  record(vote: Vote): Promise<void>;
  list(): Promise<Vote[]>;
}

/** In-memory feedback, for tests and the local shell. */
export function memoryFeedbackStore(): FeedbackStore {
  const votes: Vote[] = [];
  return {
    record: async (vote) => {
      votes.push(vote);
    },
    list: async () => [...votes],
  };
}

/** Feedback in a JSON Lines file: one appended line per vote, so a crash loses at most the vote in flight. */
export function fileFeedbackStore(dataDir: string): FeedbackStore {
  const file = path.join(dataDir, 'feedback.jsonl');
  return {
    record: async (vote) => {
      await mkdir(dataDir, { recursive: true });
      await appendFile(file, `${JSON.stringify(vote)}\n`, 'utf8');
    },
    list: () => readJsonLines<Vote>(file),
  };
}
