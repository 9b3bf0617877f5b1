import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';
import {
  type DayRecord,
  type DeclinedQuestion,
  type FeedbackStore,
  type GapStore,
  type KeySet,
  parseDayRecord,
  parseRotation,
  type TipStore,
  type TokenBuckets,
  type Vote,
} from '../core/stores.js';
import type { Logger } from '../logger.js';
import type { OutboxRecord } from './outbox.js';

/**
 * The shared state of several replicas, in Redis, behind the same interfaces as the file and memory stores.
 * The daily tip's claim is `SET NX` with an expiry, so two replicas firing in the same second post once.
 */

export const REDIS_OPTIONS = {
  /** Slack retries within minutes; Socket Mode redeliveries too. */
  eventSeconds: 60 * 60,
  threadSeconds: 7 * 24 * 60 * 60,
  daySeconds: 3 * 24 * 60 * 60,
  /** Lists are capped so Redis memory stays bounded; the newest entries are kept. */
  maxList: 100_000,
  connectTimeoutMs: 2000,
  /** A command Redis does not answer within this fails (a vote then waits in the outbox instead). */
  commandTimeoutMs: 2000,
  /** How long Redis remembers that a record id was written, so a replayed record counts once. */
  writtenSeconds: 7 * 24 * 60 * 60,
  /** Reconnect after this many ms times the attempt, at most maxReconnectMs. */
  reconnectStepMs: 250,
  maxReconnectMs: 5000,
} as const;

/**
 * The Redis connection (ioredis). Commands fail fast while Redis is unreachable (no offline queue), so
 * questions are still answered; ioredis keeps reconnecting in the background, and the bot reports
 * not-ready until it is back. Connection changes are logged once each, without the URL (it may hold a
 * password).
 */
export function createRedis(url: string, logger: Logger, options: { reconnect?: boolean } = {}): Redis {
  // ioredis (a CommonJS package) is loaded only when a Redis URL is configured: a bot or a command line
  // without Redis does not pay its load time (about 70 ms).
  const { Redis } = createRequire(import.meta.url)('ioredis') as typeof import('ioredis');
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: REDIS_OPTIONS.connectTimeoutMs,
    commandTimeout: REDIS_OPTIONS.commandTimeoutMs,
    // The command line gives up at the first failure instead of reconnecting forever.
    retryStrategy: (times) =>
      options.reconnect === false
        ? null
        : Math.min(times * REDIS_OPTIONS.reconnectStepMs, REDIS_OPTIONS.maxReconnectMs),
  });
  let wasReady = false;
  redis.on('ready', () => {
    wasReady = true;
    logger.info('redis: connected');
  });
  redis.on('error', (error: Error) => {
    if (wasReady)
      logger.error(
        { error: error.message },
        'redis: connection lost; questions are still answered, tips wait for it',
      );
    wasReady = false;
  });
  return redis;
}

export interface RedisStores {
  readonly seenEvents: KeySet;
  readonly threads: KeySet;
  readonly feedback: FeedbackStore;
  readonly gaps: GapStore;
  readonly tips: TipStore;
  readonly rateLimit: TokenBuckets;
  /** Writes a record of the outbox (or made now) under its id: written once, however often it is sent. */
  write(record: OutboxRecord): Promise<void>;
}

/**
 * memory.ts's token bucket, as one atomic step in Redis, so replicas share each user's bucket. A full
 * bucket is the same as none, so the key expires after the minute it takes to refill.
 */
const TAKE_TOKEN = `
local perMinute = tonumber(ARGV[1])
local at = tonumber(ARGV[2])
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(bucket[1]) or perMinute
local since = math.max(0, at - (tonumber(bucket[2]) or at))
tokens = math.min(perMinute, tokens + since / 60000 * perMinute)
local taken = 0
if tokens >= 1 then
  tokens = tokens - 1
  taken = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at))
redis.call('PEXPIRE', KEYS[1], 60000)
return taken
`;

/**
 * Appends a record to a list unless its id was written before: a marker key per id (`SET NX` with an
 * expiry) and the append, in one atomic step.
 */
const APPEND_ONCE = `
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', tonumber(ARGV[2])) then
  redis.call('RPUSH', KEYS[2], ARGV[1])
  redis.call('LTRIM', KEYS[2], -tonumber(ARGV[3]), -1)
  return 1
end
return 0
`;

/** Every store on one Redis, each key under `prefix`. */
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
  const appendOnce = async (name: string, id: string, entry: unknown) => {
    const { writtenSeconds, maxList } = REDIS_OPTIONS;
    await redis.eval(
      APPEND_ONCE,
      2,
      k('written', id),
      k(name),
      JSON.stringify(entry),
      writtenSeconds,
      maxList,
    );
  };
  const list = <T>(name: string) => ({
    record: (entry: T) => appendOnce(name, randomUUID(), entry),
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
  const rotationKey = k('tips', 'rotation');
  const tips: TipStore = {
    rotation: async () => {
      const text = await redis.get(rotationKey);
      if (text === null) return undefined;
      try {
        return parseRotation(text);
      } catch (error) {
        await redis.rename(rotationKey, k('tips', `rotation.corrupt-${Date.now()}`));
        onCorrupt(rotationKey, error);
        return undefined;
      }
    },
    saveRotation: async (rotation) => {
      await redis.set(rotationKey, JSON.stringify(rotation));
    },
    claim: async (channel, date, at) => {
      const record: DayRecord = { status: 'claimed', at: at.toISOString() };
      const set = await redis.set(
        day(channel, date),
        JSON.stringify(record),
        'EX',
        REDIS_OPTIONS.daySeconds,
        'NX',
      );
      return set === 'OK';
    },
    record: async (channel, date) => {
      const text = await redis.get(day(channel, date));
      return text === null ? undefined : parseDayRecord(text);
    },
    update: async (channel, date, record) => {
      await redis.set(day(channel, date), JSON.stringify(record), 'EX', REDIS_OPTIONS.daySeconds);
    },
    release: async (channel, date) => {
      await redis.del(day(channel, date));
    },
  };
  const rateLimit: TokenBuckets = {
    take: async (key, perMinute, at) =>
      (await redis.eval(TAKE_TOKEN, 1, k('rate', key), perMinute, at)) === 1,
  };
  const threads = keySet('thread', REDIS_OPTIONS.threadSeconds);
  const write = async (record: OutboxRecord) => {
    if (record.kind === 'thread') await threads.add(String(record.value));
    else await appendOnce(record.kind, record.id, record.value);
  };
  return {
    rateLimit,
    write,
    seenEvents: keySet('event', REDIS_OPTIONS.eventSeconds),
    threads,
    feedback: list<Vote>('feedback'),
    gaps: list<DeclinedQuestion>('gaps'),
    tips,
  };
}
