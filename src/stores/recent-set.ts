/**
 * A bounded set of recently seen keys, for event dedupe and remembered threads. The oldest key is
 * forgotten first once `capacity` is reached, so memory stays bounded however long the bot runs.
 */
export interface RecentSet {
  /** Adds the key; true when it was not there yet (the first time it is seen). */
  add(key: string): boolean;
  has(key: string): boolean;
}

export function recentSet(capacity: number): RecentSet {
  const keys = new Set<string>();
  return {
    add: (key) => {
      if (keys.has(key)) return false;
      keys.add(key);
      if (keys.size > capacity) keys.delete(keys.values().next().value as string);
      return true;
    },
    has: (key) => keys.has(key),
  };
}
