import type { ChildProcess } from 'node:child_process';
import { WebClient } from '@slack/web-api';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { encodeValue } from '../../src/core/answers/blocks.js';
import { slowDown } from '../../src/core/answers/copy.js';
import { createSchedule } from '../../src/core/tips/schedule.js';
import { LocalSlack } from '../../src/local-slack/local-slack.js';
import { createLogger, toBoltLogger } from '../../src/logger.js';
import { createDailyTip, TIP_EVENT_TYPE } from '../../src/slack/daily-tip.js';
import { createRedis, redisStores } from '../../src/stores/redis.js';
import * as slack from '../fixtures/slack/payloads.js';
import { reportIndex, waitUntil } from '../helpers.js';
import { describeRedis, freePort, REDIS_URL, startPrivateRedis, uniquePrefix } from '../redis-env.js';
import { runScript } from '../run.js';
import { form, interaction, logLines, postToBot, type RunningBot, startBot } from './harness.js';

const quiet = createLogger({
  level: 'error',
  secrets: [],
  destination: { write: () => true },
});
const tipPosts = (fake: LocalSlack, channel: string) =>
  fake
    .callsTo('chat.postMessage')
    .filter(
      (c) =>
        !c.failed &&
        c.body.channel === channel &&
        (c.body.metadata as { event_type?: string })?.event_type === TIP_EVENT_TYPE,
    );

async function tipRunner(fake: LocalSlack, redis: Redis, prefix: string, channel: string) {
  const index = await reportIndex();
  return createDailyTip({
    client: new WebClient('xoxb-replica', {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      logger: toBoltLogger(quiet),
    }),
    store: redisStores(redis, prefix, () => {}).tips,
    channel,
    schedule: createSchedule('30 9 * * 1-5', 'Europe/London'),
    graceMinutes: 120,
    knowledge: () => index.knowledge,
    logger: quiet,
    seed: channel,
  });
}

describeRedis('several replicas sharing Redis', () => {
  let fake: LocalSlack;
  const clients: Redis[] = [];
  const bots: RunningBot[] = [];
  const connect = (url = REDIS_URL ?? '') => {
    const redis = new Redis(url, { maxRetriesPerRequest: 1 });
    clients.push(redis);
    return redis;
  };
  beforeAll(async () => {
    fake = await new LocalSlack().start();
  });
  afterAll(async () => {
    for (const bot of bots) await bot.stop();
    for (const c of clients) c.disconnect();
    await fake.stop();
  });

  it('answer a retried event once, whichever replica gets each delivery, and share one feedback record', async () => {
    const prefix = uniquePrefix();
    const [a, b] = [
      await startBot(fake, 'http', { stores: redisStores(connect(), prefix, () => {}) }),
      await startBot(fake, 'http', { stores: redisStores(connect(), prefix, () => {}) }),
    ];
    bots.push(a, b);
    const event = slack.appMention('<@UBOT0001> thanos');
    const eventId = `EvReplica${Date.now()}`;
    const body = JSON.stringify(slack.eventCallback(event, eventId));
    await postToBot(a.port, body, 'json');
    await fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.body.thread_ts === event.ts));
    await postToBot(b.port, body, 'json', {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    await waitUntil('the retry is skipped', () =>
      logLines.some((l) => l.includes(`"eventId":"${eventId}"`) && l.includes('skipped')),
    );
    expect(fake.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === event.ts)).toHaveLength(1);

    const followUp = slack.message('and cortex?', { thread: String(event.ts) });
    await postToBot(b.port, JSON.stringify(slack.eventCallback(followUp)), 'json');
    await fake.waitFor(
      () => fake.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === event.ts).length === 2,
    );

    const vote = (port: number, value: 'feedback_helpful' | 'feedback_unhelpful') =>
      postToBot(
        port,
        interaction(
          slack.blockActions(
            { action_id: value, value: encodeValue({ q: 'thanos', i: 0, s: 'kubecon-2019-barcelona#top' }) },
            fake.responseUrl(`v${port}`),
          ),
        ),
        'form',
      );
    await vote(a.port, 'feedback_helpful');
    await vote(b.port, 'feedback_unhelpful');
    await fake.waitFor(() => fake.responses.filter((r) => r.id.startsWith('v')).length === 2);
    expect((await a.deps.feedback.list()).map((v) => v.value).sort()).toEqual(['helpful', 'unhelpful']);
  });

  it('share each user’s rate limit, whichever replica gets the question', async () => {
    const prefix = uniquePrefix();
    const env = { RATE_LIMIT_PER_MINUTE: '2' };
    const [a, b] = [
      await startBot(fake, 'http', { env, stores: redisStores(connect(), prefix, () => {}) }),
      await startBot(fake, 'http', { env, stores: redisStores(connect(), prefix, () => {}) }),
    ];
    bots.push(a, b);
    const ask = async (bot: RunningBot) => {
      const fields = slack.slashCommand('linkerd', fake.responseUrl(`rate${bot.port}`), 'U0RATE001');
      return (JSON.parse((await postToBot(bot.port, form(fields), 'form')).text) as { text: string }).text;
    };
    const replies = [await ask(a), await ask(b), await ask(a), await ask(b)];
    expect(replies.map((r) => r === slowDown(2))).toEqual([false, false, true, true]);
  });

  it('post one tip when two replicas fire in the same second', async () => {
    const prefix = uniquePrefix();
    const [a, b] = [
      await tipRunner(fake, connect(), prefix, 'C0REPLICA1'),
      await tipRunner(fake, connect(), prefix, 'C0REPLICA1'),
    ];
    const at = new Date('2026-03-30T08:30:00Z');
    const outcomes = await Promise.all([a.runAt(at), b.runAt(at), a.runAt(at), b.runAt(at)]);
    expect(outcomes.filter((o) => o.kind === 'posted')).toHaveLength(1);
    expect(tipPosts(fake, 'C0REPLICA1')).toHaveLength(1);
  });

  it('survive a Redis restart: questions are answered while it is down, the tip waits for it', async () => {
    const port = await freePort();
    let server: ChildProcess = await startPrivateRedis(port);
    const redis = createRedis(`redis://127.0.0.1:${port}`, quiet);
    clients.push(redis);
    await redis.connect();
    const prefix = uniquePrefix();
    const bot = await startBot(fake, 'http', { stores: redisStores(redis, prefix, () => {}) });
    bots.push(bot);
    const tips = await tipRunner(fake, redis, prefix, 'C0RESTART1');

    server.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    const event = slack.appMention('<@UBOT0001> what about opa?');
    await postToBot(bot.port, JSON.stringify(slack.eventCallback(event)), 'json');
    const answer = await fake.waitFor(() =>
      fake.callsTo('chat.postMessage').find((c) => c.body.thread_ts === event.ts),
    );
    expect(JSON.stringify(answer.body)).toContain('Wrap Up');
    await expect(tips.runAt(new Date('2026-03-30T08:30:00Z'))).rejects.toThrow();
    expect(tipPosts(fake, 'C0RESTART1')).toHaveLength(0);

    server = await startPrivateRedis(port);
    try {
      await fake.waitFor(() => redis.status === 'ready', 15_000);
      expect((await tips.runAt(new Date('2026-03-30T08:35:00Z'))).kind).toBe('posted');
      expect(tipPosts(fake, 'C0RESTART1')).toHaveLength(1);
    } finally {
      server.kill('SIGKILL');
    }
  });

  it('post exactly one tip from two bots started with npm start sharing a Redis', async () => {
    const db = 5;
    const admin = new Redis(`${REDIS_URL}`, { db });
    clients.push(admin);
    await admin.flushdb();
    const url = new URL(REDIS_URL ?? '');
    url.pathname = `/${db}`;
    const offset = Math.max(-12, Math.min(14, 12 - new Date().getUTCHours()));
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-replicas-test',
      SLACK_SIGNING_SECRET: 'replicas-signing-secret',
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      REDIS_URL: url.toString(),
      TIP_CHANNEL: 'C0TWOBOTS1',
      TIP_SCHEDULE: '*/2 * * * * *',
      TIP_TIMEZONE: offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`,
    };
    // Each run gets its own DATA_DIR (cleanEnv): the only thing the two bots share is Redis.
    const run = async () =>
      (await runScript('src/main.ts', [], { env, sigtermAfterMs: 9000, timeoutMs: 25_000 })).code;
    expect(await Promise.all([run(), run()])).toEqual([0, 0]);
    expect(tipPosts(fake, 'C0TWOBOTS1')).toHaveLength(1);
  });
});
