import type { Redis } from 'ioredis';
import type { Rotation } from '../tips/rotation.js';
import type { DayRecord, TipStore } from '../tips/tip-store.js';
import type { FeedbackStore, Vote } from './feedback-store.js';
import type { DeclinedQuestion, GapStore } from './gap-store.js';
import type { KeySet } from './key-set.js';

/**
 * The shared state of several replicas, in Redis, behind the same interfaces as the file and memory stores.
 * The daily tip's claim is `SET NX` with an expiry, so two replicas firing in the same second post once.
 */

export const REDIS_TTL = {
  eventSeconds: 60 * 60, // Slack retries within minutes; Socket Mode redeliveries too
  threadSeconds: 7 * 24 * 60 * 60,
  daySeconds: 3 * 24 * 60 * 60,
} as const;

/** Lists are capped so Redis memory stays bounded; the newest entries are kept. */
const MAX_LIST = 100_000;

export interface RedisStores {
  readonly seenEvents: KeySet;
  readonly threads: KeySet;
  readonly feedback: FeedbackStore;
  readonly gaps: GapStore;
  readonly tips: TipStore;
}

export function redisStores(
  redis: Redis,
  prefix: string,
  onCorrupt: (key: string, error: unknown) => void,
): RedisStores {
  const k = (...parts: string[]) => `${prefix}${parts.join(':')}`;
  const keySet = (name: string, ttl: number): KeySet => ({
    add: async (key) => (await redis.set(k(name, key), '1', 'EX', ttl, 'NX')) === 'OK',
    has: async (key) => (await redis.exists(k(name, key))) === 1,
  });
  const list = <T>(name: string) => ({
    record: async (entry: T) => {
      await redis.multi().rpush(k(name), JSON.stringify(entry)).ltrim(k(name), -MAX_LIST, -1).exec();
    },
    list: async (): Promise<T[]> =>
      (await redis.lrange(k(name), 0, -1)).flatMap((line) => {
        try {
          return [JSON.parse(line) as T];
        } catch {
          return [];
        }
      }),
  });
  const day = (channel: string, date: string) => k('tips', 'day', channel, date);
  const tips: TipStore = {
    rotation: async () => {
      const text = await redis.get(k('tips', 'rotation'));
      if (text === null) return undefined;
      try {
        const r = JSON.parse(text) as Rotation;
        if (!Array.isArray(r.order) || typeof r.posted !== 'number' || typeof r.cycle !== 'number')
          throw new Error('not a rotation');
        return r;
      } catch (error) {
        await redis.rename(k('tips', 'rotation'), k('tips', `rotation.corrupt-${Date.now()}`));
        onCorrupt(k('tips', 'rotation'), error);
        return undefined;
      }
    },
    saveRotation: async (rotation) => {
      await redis.set(k('tips', 'rotation'), JSON.stringify(rotation));
    },
    claim: async (channel, date, at) =>
      (await redis.set(
        day(channel, date),
        JSON.stringify({ status: 'claimed', at: at.toISOString() }),
        'EX',
        REDIS_TTL.daySeconds,
        'NX',
      )) === 'OK',
    record: async (channel, date) => {
      const text = await redis.get(day(channel, date));
      if (text === null) return undefined;
      try {
        const record = JSON.parse(text) as DayRecord;
        return record.status === 'claimed' || record.status === 'posted' ? record : 'corrupt';
      } catch {
        return 'corrupt';
      }
    },
    update: async (channel, date, record) => {
      await redis.set(day(channel, date), JSON.stringify(record), 'EX', REDIS_TTL.daySeconds);
    },
    release: async (channel, date) => {
      await redis.del(day(channel, date));
    },
  };
  return {
    seenEvents: keySet('event', REDIS_TTL.eventSeconds),
    threads: keySet('thread', REDIS_TTL.threadSeconds),
    feedback: list<Vote>('feedback'),
    gaps: list<DeclinedQuestion>('gaps'),
    tips,
  };
}
