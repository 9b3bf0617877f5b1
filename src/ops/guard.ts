import { notHere, slowDown } from '../core/answers/copy.js';
import type { TokenBuckets } from '../core/stores.js';
import type { Logger } from '../logger.js';

/**
 * Access and abuse: an optional channel allowlist (direct messages are always allowed) and a per-user
 * limit on questions per minute, a token bucket per user (see TokenBuckets) kept in the stores, so
 * replicas sharing Redis share the limit. Returns the polite sentence to reply with, or undefined to go ahead.
 */

export interface GuardOptions {
  /** Channel ids where the bot answers; undefined: everywhere it is invited. */
  readonly allowedChannels?: readonly string[];
  readonly perMinute: number;
  readonly buckets: TokenBuckets;
  /** The time, in ms. */
  readonly now: () => number;
  readonly logger: Logger;
}

export interface Guard {
  check(user: string, channel: string | undefined): Promise<string | undefined>;
}

export function createGuard({ allowedChannels, perMinute, buckets, now, logger }: GuardOptions): Guard {
  const allowed = allowedChannels && allowedChannels.length > 0 ? new Set(allowedChannels) : undefined;
  return {
    check: async (user, channel) => {
      const isDm = channel === undefined || channel.startsWith('D');
      if (allowed && !isDm && !allowed.has(channel)) return notHere([...allowed]);
      // When the shared store is unreachable, answer: a missed limit is better than a silent bot.
      const taken = await buckets.take(user, perMinute, now()).catch((error: unknown) => {
        logger.warn({ err: error }, 'rate limit store unavailable; answering anyway');
        return true;
      });
      return taken ? undefined : slowDown(perMinute);
    },
  };
}
