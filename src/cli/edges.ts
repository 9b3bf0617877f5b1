import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { createLogger, type Logger, secretsOf } from '../logger.js';

/**
 * What the `tip` and `gaps` commands share: a quiet logger and, with REDIS_URL, a Redis connection. The
 * command line's standard output is its result, so log lines go to standard error.
 */

/** Warnings and errors only, on standard error, scrubbed like every log line. */
export function stderrLogger(config: Config): Logger {
  return createLogger({ level: 'warn', secrets: secretsOf(config), destination: process.stderr });
}

/** A connected Redis for REDIS_URL; ioredis is imported only by the commands that use it. */
export async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const { createRedis } = await import('../stores/redis-client.js');
  const redis = createRedis(url, logger);
  await redis.connect();
  return redis;
}
