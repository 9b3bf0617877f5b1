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
import {
  appendSynced,
  createFileExclusive,
  type FileSystem,
  groupedAppender,
  nodeFileSystem,
  readOptional,
  syncDir,
  writeFileAtomic,
} from './file-io.js';

/**
 * The stores in files under DATA_DIR, for one replica: votes and declined questions as JSON Lines (each
 * record one line in an O_APPEND write, fsynced before it is acknowledged; records that come while one is
 * being written go together in the next write, see groupedAppender), the daily tip's state as JSON files
 * replaced atomically (temporary file, fsync, rename, fsync of the folder). A crash at any moment loses at
 * most the records in flight, which were never acknowledged.
 */

export interface FileStoreOptions {
  /** The file system; node's unless a test records the calls. */
  readonly fs?: FileSystem;
  /** Told about a torn last line (a crash mid-write, or a write by another tool) that was repaired. */
  readonly onTorn?: (file: string) => void;
}

/**
 * A JSON Lines file, one record a line. A torn last line is **repaired** by ending it with a newline, before
 * the first append of this process and whenever a reader meets one: the next record then starts on a line
 * of its own, and the torn line is skipped like any line that does not parse. Ending the line, rather than
 * cutting it off, cannot destroy a record another process is appending at that moment.
 */
export function jsonLinesStore<T>(
  file: string,
  { fs = nodeFileSystem, onTorn = () => {} }: FileStoreOptions = {},
): ListStore<T> {
  const repair = async () => {
    await appendSynced(file, '\n', fs);
    onTorn(file);
  };
  /** The folder exists, the file too (its entry fsynced), and it ends with a whole line. */
  const prepare = async () => {
    await fs.mkdir(path.dirname(file));
    const last = await fs.lastChar(file);
    if (last === undefined) {
      await appendSynced(file, '', fs);
      await syncDir(path.dirname(file), fs);
    } else if (last !== '' && last !== '\n') await repair();
  };
  let ready: Promise<void> | undefined;
  const append = groupedAppender(file, fs);
  return {
    record: async (entry) => {
      ready ??= prepare().catch((error: unknown) => {
        ready = undefined; // try again with the next record
        throw error;
      });
      await ready;
      await append(`${JSON.stringify(entry)}\n`);
    },
    list: async () => {
      const text = (await readOptional(file, fs)) ?? '';
      const whole = text.lastIndexOf('\n') + 1;
      if (whole < text.length) await repair();
      return parseLines<T>(text.slice(0, whole));
    },
  };
}

/** The records of whole JSON lines; a line that does not parse (a repaired torn line) is skipped. */
function parseLines<T>(text: string): T[] {
  return text.split('\n').flatMap((line) => {
    if (line.trim() === '') return [];
    try {
      return [JSON.parse(line) as T];
    } catch {
      return [];
    }
  });
}

/** Votes in `feedback.jsonl` under DATA_DIR. */
export const fileFeedbackStore = (dataDir: string, options?: FileStoreOptions): FeedbackStore =>
  jsonLinesStore<Vote>(path.join(dataDir, 'feedback.jsonl'), options);

/** Declined questions in `gaps.jsonl` under DATA_DIR. */
export const fileGapStore = (dataDir: string, options?: FileStoreOptions): GapStore =>
  jsonLinesStore<DeclinedQuestion>(path.join(dataDir, 'gaps.jsonl'), options);

export interface FileTipStoreOptions {
  readonly dir: string;
  /** Told about a corrupt rotation file that was set aside. */
  readonly onCorrupt: (file: string, error: unknown) => void;
  /** The file system; node's unless a test records the calls. */
  readonly fs?: FileSystem;
}

/**
 * JSON files under `dir`: `rotation.json` (written atomically) and `days/<channel>/<day>.json`, created
 * exclusively to claim a day. A corrupt rotation file is set aside (renamed) and rebuilt; the day records
 * are separate files, so rebuilding it never causes a second post that day.
 */
export function fileTipStore({ dir, onCorrupt, fs = nodeFileSystem }: FileTipStoreOptions): TipStore {
  const rotationFile = path.join(dir, 'rotation.json');
  const dayFile = (channel: string, day: string) =>
    path.join(dir, 'days', safe(channel), `${safe(day)}.json`);
  return {
    rotation: async () => {
      const text = await readOptional(rotationFile, fs);
      if (text === undefined) return undefined;
      try {
        return parseRotation(text);
      } catch (error) {
        const aside = `${rotationFile}.corrupt-${Date.now()}`;
        await fs.rename(rotationFile, aside).catch(() => undefined);
        onCorrupt(aside, error);
        return undefined;
      }
    },
    saveRotation: (rotation) => writeFileAtomic(rotationFile, JSON.stringify(rotation), fs),
    claim: async (channel, day, at) => {
      const file = dayFile(channel, day);
      await fs.mkdir(path.dirname(file));
      try {
        const record: DayRecord = { status: 'claimed', at: at.toISOString() };
        await createFileExclusive(file, JSON.stringify(record), fs);
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw error;
      }
    },
    record: async (channel, day) => {
      const text = await readOptional(dayFile(channel, day), fs);
      return text === undefined ? undefined : parseDayRecord(text);
    },
    update: (channel, day, record) => writeFileAtomic(dayFile(channel, day), JSON.stringify(record), fs),
    release: async (channel, day) => {
      const file = dayFile(channel, day);
      await fs.unlink(file).catch(() => undefined);
      await syncDir(path.dirname(file), fs).catch(() => undefined);
    },
  };
}

/** A channel id or day as a file name: nothing but letters, digits and dashes. */
function safe(name: string): string {
  return name.replace(/[^A-Za-z0-9-]/g, '_');
}
