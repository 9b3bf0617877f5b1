import { appendFile, mkdir, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import {
  type DayRecord,
  type DeclinedQuestion,
  type FeedbackStore,
  type GapStore,
  type ListStore,
  parseDayRecord,
  parseRotation,
  type TipStore,
  type Vote,
} from '../core/stores.js';
import { readOptional, writeFileAtomic } from './file-io.js';

/**
 * The stores in files under DATA_DIR, for one replica: votes and declined questions as JSON Lines (one
 * appended line per record, so a crash loses at most the one in flight), the daily tip's state as JSON files.
 */

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

/** Votes in `feedback.jsonl` under DATA_DIR. */
export const fileFeedbackStore = (dataDir: string): FeedbackStore =>
  jsonLinesStore<Vote>(path.join(dataDir, 'feedback.jsonl'));

/** Declined questions in `gaps.jsonl` under DATA_DIR. */
export const fileGapStore = (dataDir: string): GapStore =>
  jsonLinesStore<DeclinedQuestion>(path.join(dataDir, 'gaps.jsonl'));

export interface FileTipStoreOptions {
  readonly dir: string;
  /** Told about a corrupt rotation file that was set aside. */
  readonly onCorrupt: (file: string, error: unknown) => void;
}

/**
 * JSON files under `dir`: `rotation.json` (written atomically) and `days/<channel>/<day>.json`, created
 * exclusively to claim a day. A corrupt rotation file is set aside (renamed) and rebuilt; the day records
 * are separate files, so rebuilding it never causes a second post that day.
 */
export function fileTipStore({ dir, onCorrupt }: FileTipStoreOptions): TipStore {
  const rotationFile = path.join(dir, 'rotation.json');
  const dayFile = (channel: string, day: string) =>
    path.join(dir, 'days', safe(channel), `${safe(day)}.json`);
  return {
    rotation: async () => {
      const text = await readOptional(rotationFile);
      if (text === undefined) return undefined;
      try {
        return parseRotation(text);
      } catch (error) {
        const aside = `${rotationFile}.corrupt-${Date.now()}`;
        await rename(rotationFile, aside).catch(() => undefined);
        onCorrupt(aside, error);
        return undefined;
      }
    },
    saveRotation: (rotation) => writeFileAtomic(rotationFile, JSON.stringify(rotation)),
    claim: async (channel, day, at) => {
      const file = dayFile(channel, day);
      await mkdir(path.dirname(file), { recursive: true });
      try {
        const handle = await open(file, 'wx');
        await handle.writeFile(
          JSON.stringify({ status: 'claimed', at: at.toISOString() } satisfies DayRecord),
        );
        await handle.close();
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw error;
      }
    },
    record: async (channel, day) => {
      const text = await readOptional(dayFile(channel, day));
      return text === undefined ? undefined : parseDayRecord(text);
    },
    update: (channel, day, record) => writeFileAtomic(dayFile(channel, day), JSON.stringify(record)),
    release: (channel, day) => unlink(dayFile(channel, day)).catch(() => undefined),
  };
}

/** A channel id or day as a file name: nothing but letters, digits and dashes. */
function safe(name: string): string {
  return name.replace(/[^A-Za-z0-9-]/g, '_');
}
