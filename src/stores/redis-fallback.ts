import { randomUUID } from 'node:crypto';
import type { DeclinedQuestion, KeySet, ListStore, Vote } from '../core/stores.js';
import type { Logger } from '../logger.js';
import { memoryKeySet } from './memory.js';
import type { Outbox, OutboxRecord } from './outbox.js';
import type { RedisStores } from './redis.js';

/**
 * The Redis stores the listeners use, made to survive a Redis outage without losing anything: a vote, a
 * declined question or a thread registration that cannot reach Redis waits in the outbox (durable in
 * DATA_DIR) and is written when Redis is back, once (each record has an id). Event ids and threads are also
 * kept in memory per replica, so while Redis is down a redelivered event is still answered once and a
 * follow-up in a known thread is still answered.
 */

export interface FallbackStores {
  readonly feedback: ListStore<Vote>;
  readonly gaps: ListStore<DeclinedQuestion>;
  readonly seenEvents: KeySet;
  readonly threads: KeySet;
  /** Writes the outbox's records to Redis; resolves with how many were written (one drain at a time). */
  drain(): Promise<number>;
  /** Records waiting for Redis. */
  pending(): number;
}

export interface FallbackOptions {
  readonly redis: RedisStores;
  readonly outbox: Outbox;
  readonly logger: Logger;
  /** Event ids and threads remembered in memory at most. */
  readonly remembered: number;
}

export function withFallback({ redis, outbox, logger, remembered }: FallbackOptions): FallbackStores {
  const localEvents = memoryKeySet(remembered);
  const localThreads = memoryKeySet(remembered);
  let draining: Promise<number> | undefined;

  /** Writes waiting records in order, stopping at the first failure (Redis is still away). */
  const drainOnce = async (): Promise<number> => {
    const records = await outbox.pending();
    const written = new Set<string>();
    for (const record of records) {
      if (record.kind === 'thread') await localThreads.add(String(record.value));
      try {
        await redis.write(record);
        written.add(record.id);
      } catch {
        break;
      }
    }
    if (written.size > 0) {
      await outbox.remove(written);
      logger.info({ written: written.size, waiting: outbox.size() }, 'redis: buffered records written');
    }
    return written.size;
  };
  const drain = () => {
    draining ??= drainOnce().finally(() => {
      draining = undefined;
    });
    return draining;
  };

  /** Writes a record to Redis, or keeps it in the outbox when Redis cannot take it. */
  const send = async (record: OutboxRecord) => {
    try {
      await redis.write(record);
    } catch (error) {
      await outbox.append(record);
      logger.warn(
        { err: error, kind: record.kind, waiting: outbox.size() },
        'redis: unavailable; record kept in the outbox until it is back',
      );
      return;
    }
    if (outbox.size() > 0) void drain().catch(() => undefined);
  };
  const list = <T>(kind: 'feedback' | 'gaps', store: ListStore<T>): ListStore<T> => ({
    record: (value) => send({ id: randomUUID(), kind, value }),
    list: () => store.list(),
  });

  return {
    feedback: list('feedback', redis.feedback),
    gaps: list('gaps', redis.gaps),
    seenEvents: {
      // This replica's memory first: a redelivery it already handled is a duplicate even if Redis forgot.
      add: async (key) => (await localEvents.add(key)) && (await redis.seenEvents.add(key).catch(() => true)),
      has: async (key) =>
        (await localEvents.has(key)) || (await redis.seenEvents.has(key).catch(() => false)),
    },
    threads: {
      add: async (key) => {
        const added = await localThreads.add(key);
        await send({ id: randomUUID(), kind: 'thread', value: key });
        return added;
      },
      has: async (key) => (await localThreads.has(key)) || (await redis.threads.has(key).catch(() => false)),
    },
    drain,
    pending: () => outbox.size(),
  };
}
