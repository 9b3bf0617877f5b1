import type { ChildProcess } from 'node:child_process';
import { copyFile, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { encodeValue } from '../../src/core/answers/blocks.js';
import { THANKS } from '../../src/core/answers/copy.js';
import { LocalSlack } from '../../src/local-slack/local-slack.js';
import { createLogger } from '../../src/logger.js';
import { createStores, KEY_PREFIX, OUTBOX_FILE, type Stores } from '../../src/stores/create-stores.js';
import * as slack from '../fixtures/slack/payloads.js';
import { waitUntil } from '../helpers.js';
import { describeRedisServer, freePort, startPrivateRedis } from '../redis-env.js';
import { form, interaction, postToBot, type RunningBot, startBot } from './harness.js';

/**
 * Redis outages lose nothing: a private redis-server on a free port is killed (SIGKILL) and started again
 * while the real Bolt app answers over HTTP. Without persistence, a restarted redis-server is also empty,
 * so whatever is in it afterwards came from the outbox.
 */

const quiet = createLogger({ level: 'error', secrets: [], destination: { write: () => true } });
const tempDir = () => mkdtemp(path.join(tmpdir(), 'kubecon-outage-'));
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeRedisServer('a Redis outage', () => {
  let fake: LocalSlack;
  let port: number;
  let server: ChildProcess | undefined;
  let admin: Redis;
  const bots: RunningBot[] = [];
  const opened: Stores[] = [];

  /** The bot's stores on the private Redis, with DATA_DIR `dataDir`, connected if Redis is up. */
  const storesIn = async (dataDir: string) => {
    const stores = createStores({ dataDir, redisUrl: `redis://127.0.0.1:${port}` }, { logger: quiet });
    opened.push(stores);
    await stores.connect().catch(() => undefined);
    return stores;
  };
  const kill = async () => {
    server?.kill('SIGKILL');
    server = undefined;
    await waitUntil('redis-server is gone', () => opened.every((s) => s.redisStatus() !== 'ready'));
  };
  const restart = async () => {
    server ??= await startPrivateRedis(port);
  };
  const list = async (name: string) =>
    (await admin.lrange(`${KEY_PREFIX}${name}`, 0, -1)).map((l) => JSON.parse(l));

  beforeAll(async () => {
    fake = await new LocalSlack().start();
    port = await freePort();
    await restart();
    admin = new Redis(`redis://127.0.0.1:${port}`, { maxRetriesPerRequest: 1, lazyConnect: true });
    admin.on('error', () => {});
    await admin.connect();
  });
  afterAll(async () => {
    for (const bot of bots) await bot.stop();
    for (const stores of opened) await stores.close();
    admin.disconnect();
    server?.kill('SIGKILL');
    await fake.stop();
  });

  it('keeps votes and declined questions, and writes each to Redis once when it is back, across a restart', async () => {
    const dataDir = await tempDir();
    const first = await storesIn(dataDir);
    const bot = await startBot(fake, 'http', { stores: first });
    bots.push(bot);
    await kill();

    const votes = ['one', 'two', 'three'].map((q) =>
      interaction(
        slack.blockActions(
          { action_id: 'feedback_helpful', value: encodeValue({ q, i: 0, s: 'kubecon-2019-barcelona#top' }) },
          fake.responseUrl(`outage-vote-${q}`),
        ),
      ),
    );
    for (const vote of votes) await postToBot(bot.port, vote, 'form');
    const replies = await fake.waitFor(() => {
      const r = fake.responses.filter((p) => p.id.startsWith('outage-vote-'));
      return r.length === 3 && r;
    });
    for (const reply of replies) expect(JSON.stringify(reply.body)).toContain(THANKS.helpful);
    for (const question of ['sourdough starter hydration', 'tuning a cello bow']) {
      await postToBot(bot.port, form(slack.slashCommand(question, fake.responseUrl('outage-gap'))), 'form');
    }
    const outbox = path.join(dataDir, OUTBOX_FILE);
    await waitUntil('five records wait in the outbox', async () => {
      const text = await readFile(outbox, 'utf8').catch(() => '');
      return text.trim().split('\n').length === 5;
    });

    // The process goes away during the outage; a new one on the same DATA_DIR finds the records.
    await bot.stop();
    bots.splice(bots.indexOf(bot), 1);
    await first.close();
    await copyFile(outbox, `${outbox}.before`);
    const second = await storesIn(dataDir);
    await restart();
    await waitUntil('the votes and gaps reach Redis', async () => (await list('feedback')).length >= 3, {
      timeoutMs: 20_000,
    });
    await waitUntil('both gaps reach Redis', async () => (await list('gaps')).length >= 2);
    await waitUntil(
      'the outbox is empty',
      async () => (await readFile(outbox, 'utf8').catch(() => '')) === '',
    );

    // A crash after the writes and before the outbox was emptied: the same records are sent again.
    await second.close();
    await copyFile(`${outbox}.before`, outbox);
    await storesIn(dataDir);
    await waitUntil(
      'the replay is done',
      async () => (await readFile(outbox, 'utf8').catch(() => '')) === '',
    );
    expect((await list('feedback')).map((v) => v.query).sort()).toEqual(['one', 'three', 'two']);
    expect((await list('gaps')).map((g) => g.query).sort()).toEqual([
      'sourdough starter hydration',
      'tuning a cello bow',
    ]);
  });

  it('answers follow-ups in threads, and a redelivered event once, while Redis is down', async () => {
    await restart();
    await waitUntil('the admin client is back', () => admin.status === 'ready', { timeoutMs: 15_000 });
    await admin.flushall();
    const bot = await startBot(fake, 'http', { stores: await storesIn(await tempDir()) });
    bots.push(bot);
    const threadReplies = (ts: unknown) =>
      fake.callsTo('chat.postMessage').filter((c) => !c.failed && c.body.thread_ts === ts);
    const before = slack.appMention('<@UBOT0001> thanos');
    await postToBot(bot.port, JSON.stringify(slack.eventCallback(before)), 'json');
    await fake.waitFor(() => threadReplies(before.ts).length === 1);

    await kill();
    const followUp = slack.message('and cortex?', { thread: String(before.ts) });
    await postToBot(bot.port, JSON.stringify(slack.eventCallback(followUp)), 'json');
    await fake.waitFor(() => threadReplies(before.ts).length === 2);

    const during = slack.appMention('<@UBOT0001> what about opa?');
    const body = JSON.stringify(slack.eventCallback(during, `EvOutage${Date.now()}`));
    await postToBot(bot.port, body, 'json');
    await fake.waitFor(() => threadReplies(during.ts).length === 1);
    await postToBot(bot.port, body, 'json', { headers: { 'x-slack-retry-num': '1' } });
    const laterFollowUp = slack.message('and thanos?', { thread: String(during.ts) });
    await postToBot(bot.port, JSON.stringify(slack.eventCallback(laterFollowUp)), 'json');
    await fake.waitFor(() => threadReplies(during.ts).length === 2);
    await pause(300);
    expect(threadReplies(during.ts)).toHaveLength(2); // the redelivery was not answered again

    // Back: the thread started during the outage reached Redis, so another replica follows it up too.
    await restart();
    const other = await startBot(fake, 'http', { stores: await storesIn(await tempDir()) });
    bots.push(other);
    await waitUntil(
      'the thread reaches Redis',
      async () => (await admin.keys(`${KEY_PREFIX}thread:*`)).length >= 2,
      {
        timeoutMs: 20_000,
      },
    );
    const elsewhere = slack.message('and loki?', { thread: String(during.ts) });
    await postToBot(other.port, JSON.stringify(slack.eventCallback(elsewhere)), 'json');
    await fake.waitFor(() => threadReplies(during.ts).length === 3);
  });
});
