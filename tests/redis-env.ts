import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { describe, it } from 'vitest';

/**
 * Tests against a real redis-server: its URL comes from REDIS_URL (.ci/run starts one). Without it they are
 * skipped on a developer machine, and fail in CI, where a missing Redis means the set-up is broken.
 */
// An empty REDIS_URL is unset, as everywhere in the bot's configuration.
export const REDIS_URL = process.env.REDIS_URL || undefined;

export const describeRedis: typeof describe.skip =
  REDIS_URL !== undefined
    ? describe
    : process.env.CI
      ? (((name: string) =>
          describe(name, () => {
            it('needs REDIS_URL (set by .ci/run)', () => {
              throw new Error('REDIS_URL is not set: CI must start redis-server (see .ci/run)');
            });
          })) as typeof describe.skip)
      : describe.skip;

/** Whether a redis-server binary is installed (the tests that start their own need it). */
const hasRedisServer = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v redis-server'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/**
 * Tests that start, kill and restart their own redis-server on a free port: skipped on a developer
 * machine without redis-server, and failing in CI, which installs it.
 */
export const describeRedisServer: typeof describe.skip = hasRedisServer
  ? describe
  : process.env.CI
    ? (((name: string) =>
        describe(name, () => {
          it('needs redis-server (installed by CI)', () => {
            throw new Error('redis-server is not installed: CI must install it (see .ci/run)');
          });
        })) as typeof describe.skip)
    : describe.skip;

/** A client on the shared test Redis. */
export function client(url = REDIS_URL ?? ''): Redis {
  return new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1 });
}

/** A key prefix no other test uses, so tests sharing one Redis do not see each other. */
export const uniquePrefix = () => `test:${randomUUID().slice(0, 8)}:`;

/** A free loopback port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A private redis-server on a loopback port, for tests that stop and restart it: no persistence unless
 * `extraArgs` turn it on (later options override earlier ones, e.g. `--dir DIR --appendonly yes`).
 */
export async function startPrivateRedis(
  port: number,
  extraArgs: readonly string[] = [],
): Promise<ChildProcess> {
  const binary = execFileSync('sh', ['-c', 'command -v redis-server']).toString().trim();
  const child = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extraArgs],
    { stdio: 'ignore' },
  );
  const probe = new Redis(`redis://127.0.0.1:${port}`, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => {}); // refused until the server is up: expected while polling
  for (let i = 0; i < 100; i++) {
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return child;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error('redis-server did not start');
}
