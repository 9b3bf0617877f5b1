import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/**
 * The Redis connection (ioredis) for shared state. Commands fail fast while Redis is unreachable (no offline
 * queue), so questions are still answered; ioredis keeps reconnecting in the background, and the bot reports
 * not-ready until it is back. Connection changes are logged once each, without the URL (it may hold a password).
 */
export function createRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 250, 5000),
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
