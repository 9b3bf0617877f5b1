import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * An append-only list of records (feedback votes, declined questions) behind a two-method interface, in
 * memory or in a JSON Lines file: one appended line per record, so a crash loses at most the one in flight.
 */
export interface ListStore<T> {
  record(entry: T): Promise<void>;
  list(): Promise<T[]>;
}

export function memoryListStore<T>(): ListStore<T> {
  const entries: T[] = [];
  return {
    record: async (entry) => {
      entries.push(entry);
    },
    list: async () => [...entries],
  };
}

export function jsonLinesStore<T>(file: string): ListStore<T> {
  let dirReady: Promise<unknown> | undefined;
  return {
    record: async (entry) => {
      dirReady ??= mkdir(path.dirname(file), { recursive: true });
      await dirReady;
      await appendFile(file, `${JSON.stringify(entry)}\n`, 'utf8');
    },
    list: async () => {
      const text = (await readOptional(file)) ?? '';
      return text.split('\n').flatMap((line) => {
        try {
          return line.trim() === '' ? [] : [JSON.parse(line) as T];
        } catch {
          return []; // a torn last line from a crash: skip it, keep the rest
        }
      });
    },
  };
}

/** A file's text, or undefined when it does not exist. */
export async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
