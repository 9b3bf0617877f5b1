import path from 'node:path';
import type { Config } from '../config.js';
import type { FeedbackStore, GapStore, KeySet, TipStore, TokenBuckets } from '../core/stores.js';
import type { Rotation } from '../core/types.js';
import type { Logger } from '../logger.js';
import { fileFeedbackStore, fileGapStore, fileTipStore } from './files.js';
import { memoryKeySet, memoryListStore, memoryTipStore, memoryTokenBuckets } from './memory.js';
import { createOutbox } from './outbox.js';
import { createRedis, redisStores } from './redis.js';
import { withFallback } from './redis-fallback.js';
import { withRotationCopy } from './rotation-copy.js';

/** The outbox's file under DATA_DIR: records made while Redis was unreachable (see outbox.ts). */
export const OUTBOX_FILE = 'redis-outbox.jsonl';

/** The copy of the tip rotation under DATA_DIR when Redis holds it (see rotation-copy.ts). */
export const ROTATION_COPY_FILE = 'tips/rotation-copy.json';

/**
 * Where the state lives, decided once for the app and the command line: in Redis when REDIS_URL is set
 * (several replicas share it), else in files under DATA_DIR, with the event and thread sets in memory.
 */

/** Every Redis key of the bot starts with this. */
export const KEY_PREFIX = 'kubecon:';

/** Events, threads and users' rate-limit buckets a replica remembers in memory at most (a few dozen bytes each). */
export const REMEMBERED_KEYS = 10_000;

export interface Stores {
  readonly feedback: FeedbackStore;
  readonly gaps: GapStore;
  readonly tips: TipStore;
  /** Event ids already handled: Slack's retries and Socket Mode redeliveries are answered once. */
  readonly seenEvents: KeySet;
  /** `channel:thread_ts` of threads the bot answered in, where follow-ups need no mention. */
  readonly threads: KeySet;
  /** Each user's questions per minute (RATE_LIMIT_PER_MINUTE), shared by the replicas with Redis. */
  readonly rateLimit: TokenBuckets;
  /** Redis's connection status (`ready` when usable); undefined without Redis. */
  redisStatus(): string | undefined;
  /** Records waiting in the outbox for Redis to come back (0 without Redis). */
  buffered(): number;
  /** With Redis: the durable copy of the tip rotation in DATA_DIR, to rebuild it if Redis loses it. */
  readonly rotationCopy?: () => Promise<Rotation | undefined>;
  /** Connects to Redis, if any; rejects when it is unreachable (ioredis keeps trying in the background). */
  connect(): Promise<void>;
  /** Closes the Redis connection, if any. */
  close(): Promise<void>;
}

export interface StoreOptions {
  readonly logger: Logger;
  /** Told about a corrupt rotation that was set aside; logged as an error by default. */
  readonly onCorrupt?: (where: string, error: unknown) => void;
  /** Everything in memory, whatever the configuration: the local shell leaves no trace on disk. */
  readonly memory?: boolean;
  /**
   * The command line: Redis is tried once (no reconnecting, no outbox), so a command fails at once when
   * it is unreachable. The bot (the default) reconnects forever and keeps records in the outbox meanwhile.
   */
  readonly once?: boolean;
}

export function createStores(config: Pick<Config, 'dataDir' | 'redisUrl'>, options: StoreOptions): Stores {
  const { logger } = options;
  const onCorrupt =
    options.onCorrupt ??
    ((where: string, error: unknown) =>
      logger.error({ err: error, where }, 'daily tip: corrupt rotation state set aside; rebuilding it'));
  const onTorn = (file: string) =>
    logger.warn({ file }, 'a torn last line (a crash mid-write) was skipped and the file repaired');
  const closed = {
    redisStatus: () => undefined,
    buffered: () => 0,
    connect: async () => {},
    close: async () => {},
  };
  if (options.memory) {
    return {
      feedback: memoryListStore(),
      gaps: memoryListStore(),
      tips: memoryTipStore(),
      seenEvents: memoryKeySet(REMEMBERED_KEYS),
      threads: memoryKeySet(REMEMBERED_KEYS),
      rateLimit: memoryTokenBuckets(REMEMBERED_KEYS),
      ...closed,
    };
  }
  if (config.redisUrl === undefined) {
    return {
      feedback: fileFeedbackStore(config.dataDir, { onTorn }),
      gaps: fileGapStore(config.dataDir, { onTorn }),
      tips: fileTipStore({ dir: path.join(config.dataDir, 'tips'), onCorrupt }),
      seenEvents: memoryKeySet(REMEMBERED_KEYS),
      threads: memoryKeySet(REMEMBERED_KEYS),
      rateLimit: memoryTokenBuckets(REMEMBERED_KEYS),
      ...closed,
    };
  }
  const redis = createRedis(config.redisUrl, logger, { reconnect: !options.once });
  const redisOnly = redisStores(redis, KEY_PREFIX, onCorrupt);
  const copied = withRotationCopy(redisOnly.tips, path.join(config.dataDir, ROTATION_COPY_FILE), logger);
  const shared = { ...redisOnly, ...copied };
  const connection = {
    redisStatus: () => redis.status,
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
  if (options.once) {
    // ioredis rejects with "Connection is closed."; the error before it says why (refused, unknown host…).
    let reason: Error | undefined;
    redis.on('error', (e: Error) => {
      reason ??= e;
    });
    const connect = () => redis.connect().catch((e: unknown) => Promise.reject(reason ?? e));
    return { ...shared, ...connection, buffered: () => 0, connect };
  }
  const outbox = createOutbox({ file: path.join(config.dataDir, OUTBOX_FILE) });
  const fallback = withFallback({ redis: shared, outbox, logger, remembered: REMEMBERED_KEYS });
  const drain = () => void fallback.drain().catch((e: unknown) => logger.warn({ err: e }, 'redis: outbox'));
  redis.on('ready', drain);
  return {
    ...shared,
    ...fallback,
    ...connection,
    buffered: fallback.pending,
    // The outbox is read at start even when Redis is away: its threads are followed up meanwhile.
    connect: () => redis.connect().finally(drain),
  };
}
