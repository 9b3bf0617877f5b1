import { recentSet } from './recent-set.js';

/**
 * A set of keys that expire: event ids already handled, threads the bot answered in. Asynchronous so it can
 * live in Redis and be shared by replicas; the in-memory twin is bounded instead of timed.
 */
export interface KeySet {
  /** Adds the key; true when it was not there (the first time it is seen). */
  add(key: string): Promise<boolean>;
  has(key: string): Promise<boolean>;
}

export function memoryKeySet(capacity: number): KeySet {
  const set = recentSet(capacity);
  return {
    add: async (key) => set.add(key),
    has: async (key) => set.has(key),
  };
}
