import { mkdir, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../stores/file-io.js';
import { readOptional } from '../stores/list-store.js';
import type { Rotation } from './rotation.js';

/**
 * Where the daily tip's state lives: the rotation, and one record per channel and day. `claim` is atomic,
 * so one caller per channel and day gets to post, even across processes (file store: an exclusive create;
 * a Redis store: SET NX with an expiry).
 */

/** A channel's day: claimed by whoever is posting, then posted (with the message ts). */
export interface DayRecord {
  readonly status: 'claimed' | 'posted';
  readonly tipId?: string;
  readonly ts?: string;
  /** ISO time of the claim. */
  readonly at: string;
}

export interface TipStore {
  rotation(): Promise<Rotation | undefined>;
  saveRotation(rotation: Rotation): Promise<void>;
  /** Claims (channel, day); true for exactly one caller, false if a claim or post already exists. */
  claim(channel: string, day: string, at: Date): Promise<boolean>;
  /** The record of (channel, day), `corrupt` when it exists but cannot be read. */
  record(channel: string, day: string): Promise<DayRecord | 'corrupt' | undefined>;
  /** Replaces the record of a claimed day (posted, or re-claimed after a crash). */
  update(channel: string, day: string, record: DayRecord): Promise<void>;
  /** Gives up a claim, so a later attempt within the grace window may post. */
  release(channel: string, day: string): Promise<void>;
}

/** In memory, for tests and the local shell. */
export function memoryTipStore(): TipStore {
  let rotation: Rotation | undefined;
  const days = new Map<string, DayRecord>();
  const key = (channel: string, day: string) => `${channel}/${day}`;
  return {
    rotation: async () => rotation,
    saveRotation: async (r) => {
      rotation = r;
    },
    claim: async (channel, day, at) => {
      if (days.has(key(channel, day))) return false;
      days.set(key(channel, day), { status: 'claimed', at: at.toISOString() });
      return true;
    },
    record: async (channel, day) => days.get(key(channel, day)),
    update: async (channel, day, record) => {
      days.set(key(channel, day), record);
    },
    release: async (channel, day) => {
      days.delete(key(channel, day));
    },
  };
}

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
        return parseRotation(JSON.parse(text));
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
      if (text === undefined) return undefined;
      try {
        const record = JSON.parse(text) as DayRecord;
        return record.status === 'claimed' || record.status === 'posted' ? record : 'corrupt';
      } catch {
        return 'corrupt'; // e.g. a crash between the exclusive create and the write
      }
    },
    update: (channel, day, record) => writeFileAtomic(dayFile(channel, day), JSON.stringify(record)),
    release: (channel, day) => unlink(dayFile(channel, day)).catch(() => undefined),
  };
}

function parseRotation(data: unknown): Rotation {
  const r = data as Partial<Rotation>;
  if (!Array.isArray(r.order) || !r.order.every((id) => typeof id === 'string'))
    throw new Error('order is not a list of tip ids');
  if (typeof r.posted !== 'number' || typeof r.cycle !== 'number')
    throw new Error('posted and cycle must be numbers');
  return { order: r.order, posted: r.posted, cycle: r.cycle };
}

/** A channel id or day as a file name: nothing but letters, digits and dashes. */
function safe(name: string): string {
  return name.replace(/[^A-Za-z0-9-]/g, '_');
}
