import type { ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebClient } from '@slack/web-api';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { tipPool } from '../../src/core/tips/pool.js';
import { createSchedule } from '../../src/core/tips/schedule.js';
import { LocalSlack } from '../../src/local-slack/local-slack.js';
import { createLogger, toBoltLogger } from '../../src/logger.js';
import { startTipScheduler } from '../../src/runtime/tip-scheduler.js';
import { createDailyTip, TIP_EVENT_TYPE, type TipOutcome } from '../../src/slack/daily-tip.js';
import { createStores, type Stores } from '../../src/stores/create-stores.js';
import { KNOWLEDGE_DIR, reportIndex, waitUntil } from '../helpers.js';
import { describeRedisServer, freePort, startPrivateRedis } from '../redis-env.js';
import { runScript } from '../run.js';

/**
 * The daily tip across Redis faults, with a private redis-server on a free port: unreachable for the
 * command line, down when the tip is due, and wiped (FLUSHALL) between posts.
 */

const quiet = createLogger({ level: 'error', secrets: [], destination: { write: () => true } });
const tempDir = () => mkdtemp(path.join(tmpdir(), 'kubecon-redis-tip-'));

/** A fixed-offset zone where it is now between 02:00 and 11:00, so a few hours later is the same day. */
function morningZone(): string {
  const offset = Math.max(-12, Math.min(14, 2 - new Date().getUTCHours()));
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

describeRedisServer('the daily tip with Redis faults', () => {
  let fake: LocalSlack;
  let port: number;
  let server: ChildProcess | undefined;
  let admin: Redis;
  const opened: Stores[] = [];
  const url = () => `redis://127.0.0.1:${port}`;

  const storesIn = async (dataDir: string) => {
    const stores = createStores({ dataDir, redisUrl: url() }, { logger: quiet });
    opened.push(stores);
    await stores.connect().catch(() => undefined);
    return stores;
  };
  const tipper = async (
    stores: Stores,
    channel: string,
    options: { readHistory?: boolean; schedule?: string; timezone?: string } = {},
  ) => {
    const index = await reportIndex();
    return createDailyTip({
      client: new WebClient('xoxb-redis-tip', {
        slackApiUrl: fake.apiUrl,
        retryConfig: { retries: 0 },
        logger: toBoltLogger(quiet),
      }),
      store: stores.tips,
      rotationCopy: stores.rotationCopy,
      channel,
      schedule: createSchedule(options.schedule ?? '30 9 * * *', options.timezone ?? 'Europe/London'),
      graceMinutes: 120,
      knowledge: () => index.knowledge,
      logger: quiet,
      seed: channel,
      ...(options.readHistory !== undefined && { readHistory: options.readHistory }),
    });
  };
  const posts = (channel: string) =>
    fake
      .callsTo('chat.postMessage')
      .filter(
        (c) =>
          !c.failed &&
          c.body.channel === channel &&
          (c.body.metadata as { event_type?: string } | undefined)?.event_type === TIP_EVENT_TYPE,
      );
  const tipIds = (channel: string) =>
    posts(channel).map(
      (c) => (c.body.metadata as { event_payload: { tip_id: string } }).event_payload.tip_id,
    );

  beforeAll(async () => {
    fake = await new LocalSlack().start();
    port = await freePort();
    server = await startPrivateRedis(port);
    admin = new Redis(url(), { maxRetriesPerRequest: 1 });
    admin.on('error', () => {});
  });
  afterAll(async () => {
    for (const stores of opened) await stores.close();
    admin.disconnect();
    server?.kill('SIGKILL');
    await fake.stop();
  });

  it('makes npm run tip -- --post and gaps exit non-zero within 10 s with one line naming REDIS_URL when Redis is unreachable', async () => {
    const env = {
      KNOWLEDGE_DIR,
      DATA_DIR: await tempDir(),
      TIP_CHANNEL: 'C0NOREDIS1',
      SLACK_BOT_TOKEN: 'xoxb-no-redis-test',
      SLACK_SIGNING_SECRET: 'no-redis-signing-secret',
      SLACK_API_URL: fake.apiUrl,
      REDIS_URL: `redis://:hunter2hunter2@127.0.0.1:${await freePort()}`,
    };
    const errors: string[] = [];
    const started = Date.now();
    const code = await runCli(
      ['tip', '--post'],
      env,
      () => {},
      (line) => errors.push(line),
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(code).not.toBe(0);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/REDIS_URL/);
    expect(errors[0]).not.toContain('hunter2');
    expect(
      await runCli(
        ['gaps'],
        env,
        () => {},
        (line) => errors.push(line),
      ),
    ).toBe(1);
    expect(errors[1]).toMatch(/^cannot reach Redis at REDIS_URL/);
    // As a process: it exits (ioredis does not keep it alive), with that one line.
    const run = await runScript('src/cli.ts', ['tip', '--post'], { env, timeoutMs: 60_000 });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^cannot reach Redis at REDIS_URL/),
    ]);
    expect(posts('C0NOREDIS1')).toHaveLength(0);
  }, 90_000);

  it.each([
    ['from the tip posts in the channel and the copy in DATA_DIR', { history: true, copy: true }],
    ['from the tip posts in the channel alone', { history: true, copy: false }],
    ['from the copy in DATA_DIR alone, when history may not be read', { history: false, copy: true }],
  ])(
    'rebuilds a rotation wiped from Redis %s, so no tip repeats before the cycle is through',
    async (_, how) => {
      const channel = `C0WIPE${how.history ? 'H' : 'X'}${how.copy ? 'C' : 'X'}`;
      const dataDir = await tempDir();
      const before = await tipper(await storesIn(dataDir), channel, { readHistory: how.history });
      const day = (n: number) => new Date(Date.UTC(2026, 2, 2 + n, 9, 30));
      for (let n = 0; n < 3; n++) expect((await before.runAt(day(n))).kind).toBe('posted');

      await admin.flushall();
      // Without the copy: another replica, whose DATA_DIR never saw the rotation.
      const after = await tipper(await storesIn(how.copy ? dataDir : await tempDir()), channel, {
        readHistory: how.history,
      });
      const pool = tipPool((await reportIndex()).knowledge).length;
      for (let n = 3; n < pool; n++) expect((await after.runAt(day(n))).kind).toBe('posted');
      const ids = tipIds(channel);
      expect(ids).toHaveLength(pool);
      expect(new Set(ids).size).toBe(pool);
    },
  );

  it('does not post again on a manual tip --post hours after the day’s post, even with Redis wiped', async () => {
    const channel = 'C0MANUAL01';
    const daily = await tipper(await storesIn(await tempDir()), channel, { timezone: morningZone() });
    const now = new Date();
    expect((await daily.runAt(now, { force: true })).kind).toBe('posted');
    await admin.flushall();
    const later = new Date(now.getTime() + 5 * 60 * 60_000);
    expect((await daily.runAt(later, { force: true })).kind).toBe('already-posted');
    expect(posts(channel)).toHaveLength(1);
  });

  it('posts a tip that fell due while Redis was down soon after it is back, once', async () => {
    const channel = 'C0DUEDOWN1';
    const timezone = morningZone();
    const earlier = new Date(Date.now() - 60_000);
    const [hour, minute] = new Intl.DateTimeFormat('en-GB', {
      timeZone: timezone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .format(earlier)
      .split(':')
      .map(Number);
    const schedule = `${minute} ${hour} * * *`;
    server?.kill('SIGKILL');
    server = undefined;
    const stores = await storesIn(await tempDir());
    const dailyTip = await tipper(stores, channel, { schedule, timezone });
    const outcomes: TipOutcome[] = [];
    const scheduler = startTipScheduler({
      dailyTip,
      schedule: createSchedule(schedule, timezone),
      graceMinutes: 120,
      now: () => new Date(),
      logger: quiet,
      onOutcome: (o) => outcomes.push(o),
    });
    try {
      await waitUntil('an attempt failed', () => outcomes.some((o) => o.kind === 'failed'));
      await new Promise((r) => setTimeout(r, 6000));
      server = await startPrivateRedis(port);
      const back = Date.now();
      await waitUntil('the tip is posted', () => outcomes.some((o) => o.kind === 'posted'), {
        timeoutMs: 90_000,
        everyMs: 200,
      });
      // Generous: the old retry period was 5 minutes; with backoff capped at a minute it is well under.
      expect(Date.now() - back).toBeLessThan(65_000);
      expect(posts(channel)).toHaveLength(1);
    } finally {
      await scheduler.stop();
    }
  }, 120_000);
});
