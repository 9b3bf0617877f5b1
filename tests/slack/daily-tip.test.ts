import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { messageViolations } from '../../src/core/answers/limits.js';
import type { TipStore } from '../../src/core/stores.js';
import { tipPool } from '../../src/core/tips/pool.js';
import { createSchedule } from '../../src/core/tips/schedule.js';
import type { SlackMessage } from '../../src/core/types.js';
import { LocalSlack } from '../../src/local-slack/local-slack.js';
import { createLogger, toBoltLogger } from '../../src/logger.js';
import {
  createDailyTip,
  DAILY_TIP_OPTIONS,
  type DailyTip,
  TIP_EVENT_TYPE,
} from '../../src/slack/daily-tip.js';
import { fileTipStore } from '../../src/stores/files.js';
import { memoryTipStore } from '../../src/stores/memory.js';
import { reportIndex } from '../helpers.js';

const CHANNEL = 'C0TIPS0001';
const schedule = createSchedule('30 9 * * 1-5', 'Europe/London');
let fake: LocalSlack;
let clock = new Date('2026-03-23T00:00:00Z');
const logs: string[] = [];

beforeAll(async () => {
  fake = await new LocalSlack().start();
  fake.clock = () => clock.getTime();
});
afterAll(() => fake.stop());
beforeEach(() => {
  fake.reset();
});

const tipPosts = () =>
  fake
    .callsTo('chat.postMessage')
    .filter((c) => !c.failed && (c.body.metadata as { event_type?: string })?.event_type === TIP_EVENT_TYPE);
const postedDates = () =>
  tipPosts().map((c) => (c.body.metadata as { event_payload: { date: string } }).event_payload.date);
const postedTipIds = () =>
  tipPosts().map((c) => (c.body.metadata as { event_payload: { tip_id: string } }).event_payload.tip_id);

async function newStore(kind: 'memory' | 'file' = 'file'): Promise<TipStore> {
  if (kind === 'memory') return memoryTipStore();
  const dir = await mkdtemp(path.join(tmpdir(), 'kubecon-tips-'));
  return fileTipStore({ dir, onCorrupt: (file) => logs.push(`corrupt ${file}`) });
}

/** A bot process's daily tip: a new one per "restart", sharing the store as a restarted bot shares its files. */
async function bot(
  store: TipStore,
  channel = CHANNEL,
  { readHistory = true, withClient = true } = {},
): Promise<DailyTip> {
  const index = await reportIndex();
  const logger = createLogger({
    level: 'debug',
    secrets: [],
    destination: { write: (l) => logs.push(l) },
  });
  const client = new WebClient('xoxb-tips-test', {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 100 },
    logger: toBoltLogger(logger),
  });
  return createDailyTip({
    client: withClient ? client : undefined,
    store,
    channel,
    schedule,
    graceMinutes: 120,
    knowledge: () => index.knowledge,
    logger,
    seed: 'test',
    readHistory,
  });
}

/** Ticks the clock every `stepMinutes` from `from` to `to`, running the tip at each tick. */
async function tick(tip: DailyTip, from: string, to: string, stepMinutes = 15): Promise<void> {
  for (let t = new Date(from); t <= new Date(to); t = new Date(t.getTime() + stepMinutes * 60_000)) {
    clock = t;
    await tip.runAt(t);
  }
}

describe('the daily tip, against the fake Slack', () => {
  it('posts at 09:30 London time on weekdays, none at weekends, across the March change to summer time', async () => {
    const tip = await bot(await newStore());
    await tick(tip, '2026-03-26T00:00:00Z', '2026-04-01T23:59:00Z');
    expect(postedDates()).toEqual(['2026-03-26', '2026-03-27', '2026-03-30', '2026-03-31', '2026-04-01']);
  });

  it('posts at 09:30 local time across the October change back, by the UTC clock', async () => {
    const store = await newStore();
    const tip = await bot(store);
    const postedAt: string[] = [];
    for (
      let t = new Date('2026-10-22T06:00:00Z');
      t <= new Date('2026-10-27T12:00:00Z');
      t = new Date(t.getTime() + 5 * 60_000)
    ) {
      clock = t;
      if ((await tip.runAt(t)).kind === 'posted') postedAt.push(t.toISOString());
    }
    expect(postedAt).toEqual([
      '2026-10-22T08:30:00.000Z', // Thursday, BST
      '2026-10-23T08:30:00.000Z', // Friday, BST
      '2026-10-26T09:30:00.000Z', // Monday, GMT
      '2026-10-27T09:30:00.000Z',
    ]);
  });

  it('gives N distinct tips over N working days, with the tip message inside Slack’s limits', async () => {
    const { knowledge } = await reportIndex();
    const n = tipPool(knowledge).length;
    const tip = await bot(await newStore());
    await tick(tip, '2026-01-05T09:00:00Z', '2026-02-28T12:00:00Z', 60);
    const ids = tipPosts().map(
      (c) => (c.body.metadata as { event_payload: { tip_id: string } }).event_payload.tip_id,
    );
    expect(ids.length).toBeGreaterThanOrEqual(n);
    expect(new Set(ids.slice(0, n)).size).toBe(n);
    for (const call of tipPosts()) {
      expect(messageViolations(call.body as unknown as SlackMessage)).toEqual([]);
      expect(call.body).toMatchObject({ channel: CHANNEL, unfurl_links: 'false', unfurl_media: 'false' });
      expect(JSON.stringify(call.body.blocks)).toContain('tip_read_more');
    }
  });

  it.each([
    ['before the post time', '2026-03-30T07:00:00Z'],
    ['just after the post time', '2026-03-30T08:31:00Z'],
    ['an hour after', '2026-03-30T09:30:00Z'],
  ])('posts exactly once when the bot restarts %s', async (_, restartAt) => {
    const store = await newStore();
    await tick(await bot(store), '2026-03-30T06:00:00Z', restartAt, 1);
    await tick(await bot(store), restartAt, '2026-03-30T12:00:00Z', 1);
    expect(postedDates()).toEqual(['2026-03-30']);
  });

  it('settles a crash in the middle of posting without a second post', async () => {
    const store = await newStore();
    const first = await bot(store);
    clock = new Date('2026-03-30T08:30:00Z');
    expect((await first.runAt(clock)).kind).toBe('posted');
    // The crash: the post went out, but the record of it was lost (claim left behind, no "posted").
    await store.update(CHANNEL, '2026-03-30', { status: 'claimed', at: clock.toISOString() });
    const restarted = await bot(store);
    clock = new Date('2026-03-30T08:31:00Z');
    expect((await restarted.runAt(clock)).kind).toBe('in-progress'); // too fresh to judge: maybe another replica
    clock = new Date('2026-03-30T08:40:00Z');
    expect(await restarted.runAt(clock)).toMatchObject({ kind: 'already-posted' });
    expect(postedDates()).toEqual(['2026-03-30']);
    expect(fake.callsTo('conversations.history').length).toBeGreaterThan(0);
  });

  it('does not post twice when the state was lost after the day’s post (a new volume)', async () => {
    clock = new Date('2026-03-30T08:30:00Z');
    expect((await (await bot(await newStore())).runAt(clock)).kind).toBe('posted');
    clock = new Date('2026-03-30T09:00:00Z');
    expect((await (await bot(await newStore())).runAt(clock)).kind).toBe('already-posted');
    expect(postedDates()).toEqual(['2026-03-30']);
  });

  it('finds the day’s post under more than a page of later messages, and does not post twice', async () => {
    clock = new Date('2026-03-30T08:30:00Z');
    expect((await (await bot(await newStore())).runAt(clock)).kind).toBe('posted');
    // A busy channel: more messages after the tip than one page of conversations.history holds.
    for (let i = 0; i < DAILY_TIP_OPTIONS.historyLimit + 50; i++)
      fake.store.add({
        channel: CHANNEL,
        ts: fake.nextTs(),
        user: 'U0CHATTER1',
        text: `chat ${i}`,
        at: clock.getTime(),
      });
    clock = new Date('2026-03-30T10:00:00Z');
    expect((await (await bot(await newStore())).runAt(clock)).kind).toBe('already-posted');
    expect(postedDates()).toEqual(['2026-03-30']);
    expect(
      fake.callsTo('conversations.history').filter((c) => c.body.cursor !== undefined).length,
    ).toBeGreaterThan(0);
  });

  it('posts when a crash left a claim but nothing was posted', async () => {
    const store = await newStore();
    await store.claim(CHANNEL, '2026-03-30', new Date('2026-03-30T08:30:00Z'));
    clock = new Date('2026-03-30T08:45:00Z');
    expect((await (await bot(store)).runAt(clock)).kind).toBe('posted');
    expect(postedDates()).toEqual(['2026-03-30']);
  });

  it('posts late within the grace window after downtime, and not after it', async () => {
    const store = await newStore();
    clock = new Date('2026-03-30T10:15:00Z'); // down at 09:30 BST (08:30Z), back 1h45 later
    expect((await (await bot(store)).runAt(clock)).kind).toBe('posted');
    clock = new Date('2026-03-31T10:45:00Z'); // back 2h15 later: too late for Tuesday
    expect((await (await bot(store)).runAt(clock)).kind).toBe('not-due');
    expect(postedDates()).toEqual(['2026-03-30']);
  });

  it('only one of two bots sharing the state files posts, even at the same instant', async () => {
    const store = await newStore();
    const [a, b] = [await bot(store), await bot(store)];
    clock = new Date('2026-03-30T08:30:00Z');
    const outcomes = await Promise.all([a.runAt(clock), b.runAt(clock), a.runAt(clock)]);
    expect(outcomes.filter((o) => o.kind === 'posted')).toHaveLength(1);
    expect(postedDates()).toEqual(['2026-03-30']);
  });

  it('survives a corrupt rotation file: set aside, rebuilt, no crash and no second post that day', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kubecon-tips-'));
    const store = fileTipStore({ dir, onCorrupt: (file) => logs.push(`corrupt ${file}`) });
    clock = new Date('2026-03-30T08:30:00Z');
    expect((await (await bot(store)).runAt(clock)).kind).toBe('posted');
    await writeFile(path.join(dir, 'rotation.json'), '{"order": [trunc');
    clock = new Date('2026-03-30T09:00:00Z');
    expect((await (await bot(store)).runAt(clock)).kind).toBe('already-posted');
    clock = new Date('2026-03-31T08:30:00Z');
    expect((await (await bot(store)).runAt(clock)).kind).toBe('posted');
    expect(postedDates()).toEqual(['2026-03-30', '2026-03-31']);
    expect((await readdir(dir)).some((f) => f.startsWith('rotation.json.corrupt-'))).toBe(true);
    // Rebuilt from the posts in the channel: the first day's tip counts as posted, so it does not repeat.
    expect(JSON.parse(await readFile(path.join(dir, 'rotation.json'), 'utf8')).posted).toBe(2);
    expect(new Set(postedTipIds()).size).toBe(2);
  });

  it('says what to do when the bot is not in the channel, and retries within the grace window', async () => {
    const store = await newStore('memory');
    const tip = await bot(store);
    fake.failNext('chat.postMessage', { status: 200, body: { ok: false, error: 'not_in_channel' } });
    clock = new Date('2026-03-30T08:30:00Z');
    expect(await tip.runAt(clock)).toMatchObject({ kind: 'failed', reason: 'not_in_channel' });
    expect(logs.some((l) => l.includes('not_in_channel') && l.includes('/invite @kubecon'))).toBe(true);
    clock = new Date('2026-03-30T08:35:00Z');
    expect((await tip.runAt(clock)).kind).toBe('posted');
    expect(postedDates()).toEqual(['2026-03-30']);
  });

  it('retries a rate-limited post and posts once', async () => {
    const tip = await bot(await newStore('memory'));
    fake.failNext('chat.postMessage', {
      status: 429,
      headers: { 'retry-after': '0' },
      body: { ok: false, error: 'ratelimited' },
    });
    clock = new Date('2026-03-30T08:30:00Z');
    expect((await tip.runAt(clock)).kind).toBe('posted');
    expect(postedDates()).toEqual(['2026-03-30']);
  });
});

describe('the daily tip without the channels:history scope (MENTIONS_ONLY)', () => {
  const noHistory = { readHistory: false };
  const warnings = () => logs.filter((l) => l.includes('channels:history'));

  it('never posts twice when an interrupted attempt cannot be checked, and warns once naming the scope', async () => {
    const store = await newStore();
    clock = new Date('2026-03-31T08:30:00Z');
    const first = await bot(store, CHANNEL, noHistory);
    const posted = await first.runAt(clock);
    expect(posted.kind).toBe('posted');
    // The crash: the post went out, the record still says claimed (with the tip it was posting).
    const tipId = posted.kind === 'posted' ? posted.tipId : '';
    await store.update(CHANNEL, '2026-03-31', { status: 'claimed', tipId, at: clock.toISOString() });
    const before = warnings().length;
    const restarted = await bot(store, CHANNEL, noHistory);
    await tick(restarted, '2026-03-31T08:31:00Z', '2026-03-31T10:30:00Z', 5);
    expect(postedDates()).toEqual(['2026-03-31']);
    expect(warnings().length - before).toBe(1);
    expect(fake.callsTo('conversations.history')).toEqual([]);
    expect((await restarted.nextTip())?.id).not.toBe(tipId);
  });

  it('still posts when a claim was left before its tip was chosen, which never reached Slack', async () => {
    const store = await newStore();
    await store.claim(CHANNEL, '2026-03-31', new Date('2026-03-31T08:30:00Z'));
    clock = new Date('2026-03-31T08:45:00Z');
    expect((await (await bot(store, CHANNEL, noHistory)).runAt(clock)).kind).toBe('posted');
    expect(postedDates()).toEqual(['2026-03-31']);
    expect(fake.callsTo('conversations.history')).toEqual([]);
  });
});

describe('the daily tip without a Slack client (the command line with no SLACK_BOT_TOKEN)', () => {
  it('names the next tip without calling Slack, and a post fails and leaves the day to try again', async () => {
    const store = await newStore();
    const tip = await bot(store, CHANNEL, { withClient: false });
    expect((await tip.nextTip())?.id).toBeDefined();
    clock = new Date('2026-03-31T08:30:00Z');
    expect((await tip.runAt(clock)).kind).toBe('failed');
    expect(fake.callsTo('conversations.history')).toEqual([]);
    expect(postedDates()).toEqual([]);
    expect(await store.record(CHANNEL, '2026-03-31')).toBeUndefined();
  });
});
