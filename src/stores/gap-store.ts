import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** Knowledge gaps: questions the bot declined, kept so the team knows what to write next. */

export interface DeclinedQuestion {
  readonly query: string;
  readonly source: string;
  /** ISO time. */
  readonly at: string;
  /** Only when GAPS_RECORD_USERS=true. */
  readonly user?: string;
}

export interface GapStore {
  record(question: DeclinedQuestion): Promise<void>;
  list(): Promise<DeclinedQuestion[]>;
}

export function memoryGapStore(): GapStore {
  const questions: DeclinedQuestion[] = [];
  return {
    record: async (q) => {
      questions.push(q);
    },
    list: async () => [...questions],
  };
}

/** One JSON line per declined question under DATA_DIR; a torn last line (a crash) is skipped on read. */
export function fileGapStore(dataDir: string): GapStore {
  const file = path.join(dataDir, 'gaps.jsonl');
  return {
    record: async (q) => {
      await mkdir(dataDir, { recursive: true });
      await appendFile(file, `${JSON.stringify(q)}\n`, 'utf8');
    },
    list: async () => readJsonLines<DeclinedQuestion>(file),
  };
}

/** Every parseable line of a JSON Lines file; none when it does not exist. */
export async function readJsonLines<T>(file: string): Promise<T[]> {
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) =>
    e.code === 'ENOENT' ? '' : Promise.reject(e),
  );
  return text.split('\n').flatMap((line) => {
    try {
      return line.trim() === '' ? [] : [JSON.parse(line) as T];
    } catch {
      return [];
    }
  });
}
