import type { DayRecord, KeySet, ListStore, TipStore, TokenBuckets } from '../core/stores.js';
import type { Rotation } from '../core/types.js';

/**
 * The stores in memory: for tests, the local shell, and the event and thread sets of a single replica.
 * Bounded where the bot could run for months: the oldest keys are forgotten first.
 */

export function memoryListStore<T>(): ListStore<T> {
  const entries: T[] = [];
  return {
    record: async (entry) => {
      entries.push(entry);
    },
    list: async () => [...entries],
  };
}

/** A key set that forgets its oldest key once `capacity` is reached, instead of expiring keys by time. */
export function memoryKeySet(capacity: number): KeySet {
  const keys = new Set<string>();
  return {
    add: async (key) => {
      if (keys.has(key)) return false;
      keys.add(key);
      if (keys.size > capacity) keys.delete(keys.values().next().value as string);
      return true;
    },
    has: async (key) => keys.has(key),
  };
}

/** Token buckets of one replica; the buckets of the `capacity` most recent keys are kept. */
export function memoryTokenBuckets(capacity: number): TokenBuckets {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take: async (key, perMinute, at) => {
      const bucket = buckets.get(key) ?? { tokens: perMinute, at };
      bucket.tokens = Math.min(perMinute, bucket.tokens + (Math.max(0, at - bucket.at) / 60_000) * perMinute);
      bucket.at = at;
      buckets.delete(key);
      buckets.set(key, bucket); // most recently seen last, so the oldest are forgotten first
      if (buckets.size > capacity) buckets.delete(buckets.keys().next().value as string);
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
  };
}

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
