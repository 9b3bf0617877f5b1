import { notHere, slowDown } from '../core/answers/copy.js';

/**
 * Access and abuse: an optional channel allowlist (direct messages are always allowed) and a per-user
 * limit on questions per minute. Returns the polite sentence to reply with, or undefined to go ahead.
 */

export interface GuardOptions {
  /** Channel ids where the bot answers; undefined: everywhere it is invited. */
  readonly allowedChannels?: readonly string[];
  readonly perMinute: number;
  readonly now: () => number;
}

export interface Guard {
  check(user: string, channel: string | undefined): string | undefined;
}

/** Users whose windows are remembered at most; the oldest are forgotten first. */
const MAX_USERS = 10_000;

/**
 * The limit is a token bucket per user: `perMinute` questions at once at most, refilled at `perMinute` a
 * minute. Constant time and memory per user, whatever the rate.
 */
export function createGuard({ allowedChannels, perMinute, now }: GuardOptions): Guard {
  const allowed = allowedChannels && allowedChannels.length > 0 ? new Set(allowedChannels) : undefined;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    check: (user, channel) => {
      const isDm = channel === undefined || channel.startsWith('D');
      if (allowed && !isDm && !allowed.has(channel)) return notHere([...allowed]);
      const t = now();
      const bucket = buckets.get(user) ?? { tokens: perMinute, at: t };
      bucket.tokens = Math.min(perMinute, bucket.tokens + ((t - bucket.at) / 60_000) * perMinute);
      bucket.at = t;
      buckets.delete(user);
      buckets.set(user, bucket); // most recently seen last, so the oldest are forgotten first
      if (buckets.size > MAX_USERS) buckets.delete(buckets.keys().next().value as string);
      if (bucket.tokens < 1) return slowDown(perMinute);
      bucket.tokens -= 1;
      return undefined;
    },
  };
}
