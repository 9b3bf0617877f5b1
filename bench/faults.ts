import { type ChildProcess, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { encodeValue } from '../src/core/answers/blocks.js';
import { THANKS } from '../src/core/answers/copy.js';
import type { LocalSlack } from '../src/local-slack/local-slack.js';
import { TIP_EVENT_TYPE } from '../src/slack/daily-tip.js';
import { KEY_PREFIX, OUTBOX_FILE } from '../src/stores/create-stores.js';
import * as slack from '../tests/fixtures/slack/payloads.js';
import { freePort, startPrivateRedis } from '../tests/redis-env.js';
import { type BotProcess, startBotProcess } from '../tests/run.js';

/**
 * The soak run of `npm run bench -- --only faults`: the real bot in its own process, in Socket Mode against
 * the local Slack, with a private redis-server on a free port, while commands, mentions and 👍 votes arrive
 * at a steady rate and a daily tip is due every few seconds. Faults in sequence: refreshes, a Slack outage,
 * a Redis outage (SIGKILL, restart without persistence) and a Redis data wipe (FLUSHALL).
 */

/** How long each fault lasts and how busy the traffic is (`--quick` shortens the faults). */
export function faultOptions(quick: boolean) {
  return {
    refreshes: quick ? 5 : 20,
    refreshEveryMs: 4000,
    slackOutageMs: quick ? 10_000 : 60_000,
    redisOutageMs: quick ? 10_000 : 60_000,
    /** Steady traffic between faults, so each fault starts and ends under load. */
    settleMs: quick ? 4000 : 10_000,
    commandEveryMs: 500,
    mentionEveryMs: 2000,
    voteEveryMs: 2000,
    /** Every this many commands, one Slack cannot answer from the notes (a knowledge-gap record). */
    gapEvery: 5,
    /** Every this many mentions, Slack delivers the event a second time (retry_attempt 1). */
    redeliverEvery: 3,
    /** Slack shows the user an error for a command not acked in this time. */
    lateMs: 3000,
    /** An envelope not acked in this time is counted as lost. */
    lostMs: 10_000,
    /** Waiting for replies, the outbox and the reconnects at the end of a phase. */
    drainMs: 90_000,
  } as const;
}
export type FaultOptions = ReturnType<typeof faultOptions>;

/** What the soak run measured (times in milliseconds). */
export interface FaultFigures {
  readonly commands: {
    readonly sent: number;
    readonly acked: number;
    /** Acked with the answer (or the "not in the notes" reply) in the ack. */
    readonly answered: number;
    readonly late: number;
    readonly lost: number;
    readonly worstAckMs: number;
    readonly worstAckAroundRefreshesMs: number;
    /** Typed while Slack itself was away: Slack would show the user its own error, the bot never sees them. */
    readonly duringSlackOutage: number;
    /** Typed after Slack came back, before the bot's reconnect: Slack would show its error too. */
    readonly beforeReconnect: number;
    /** Typed outside the Slack outage with no connection open at all: a gap the bot is to blame for. */
    readonly noConnection: number;
  };
  readonly mentions: {
    readonly sent: number;
    readonly redelivered: number;
    readonly answered: number;
    readonly duplicateReplies: number;
    readonly duringSlackOutage: number;
  };
  readonly votes: {
    readonly sent: number;
    readonly acknowledged: number;
    readonly recorded: number;
    readonly recordedTwice: number;
  };
  readonly gaps: { readonly acked: number; readonly recorded: number; readonly recordedTwice: number };
  readonly refreshes: { readonly count: number; readonly worstReplaceMs: number };
  readonly slackOutageMs: number;
  readonly slackReconnectMs: number;
  readonly redisOutageMs: number;
  readonly outboxDrainMs: number;
  /** Most records waiting in the outbox during the Redis outage (votes, gaps, thread registrations). */
  readonly outboxPeak: number;
  readonly tipsPosted: number;
  readonly botAlive: boolean;
  readonly exitCode: number | null;
  readonly unhandledRejections: number;
}

const TOKEN = 'xoxb-bench-faults-token';
const APP_TOKEN = 'xapp-1-bench-faults-token';
const TIP_CHANNEL = 'C0SOAKTIPS';
const VOTED_SECTION = 'kubecon-2019-barcelona#service-meshes';
const QUESTIONS = ['prometheus at scale', 'istio', 'thanos', 'opentelemetry', 'service mesh', 'loki'];
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Where Slack stands, as the traffic sees it. */
type SlackState = 'up' | 'away' | 'reconnecting';

/** One /kubecon sent: when, and how long its ack took (undefined: not acked). */
interface CommandSent {
  readonly phase: string;
  readonly ackMs: number | undefined;
  readonly answered: boolean;
  readonly gap?: number;
}

/** Polls until `probe` is true; false after `timeoutMs`. */
async function until(probe: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return true;
    await pause(100);
  }
  return false;
}

/** The steady traffic: commands, mentions and votes, each on its own timer, recorded for the figures. */
function startTraffic(fake: LocalSlack, options: FaultOptions, state: () => SlackState, phase: () => string) {
  const commands: Promise<CommandSent>[] = [];
  const mentions: { ts: string; delivered: Promise<boolean> }[] = [];
  const votes: { id: string; q: string; delivered: Promise<boolean> }[] = [];
  const skipped = { commands: { away: 0, reconnecting: 0, none: 0 }, mentions: 0, votes: 0 };
  let redelivered = 0;

  /** Whether an envelope can be sent now; counts it as undeliverable if not. */
  const deliverable = (kind: 'commands' | 'mentions' | 'votes') => {
    const now = state();
    if (now === 'up' && fake.socketCount > 0) return true;
    if (kind !== 'commands') skipped[kind] += 1;
    else skipped.commands[now === 'up' ? 'none' : now] += 1;
    return false;
  };
  const command = () => {
    if (!deliverable('commands')) return;
    const n = commands.length;
    commands.push(sendCommand(fake, n, options, phase()));
  };
  const mention = () => {
    if (!deliverable('mentions')) return;
    const redeliver = mentions.length % options.redeliverEvery === 0;
    if (redeliver) redelivered += 1;
    mentions.push(
      sendMention(fake, QUESTIONS[mentions.length % QUESTIONS.length] ?? 'istio', redeliver, options),
    );
  };
  const vote = () => {
    if (!deliverable('votes')) return;
    const id = `soak-vote-${votes.length}`;
    const q = `soakvote${votes.length}`;
    votes.push({ id, q, delivered: sendVote(fake, id, q, votes.length, options) });
  };
  const timers = [
    setInterval(command, options.commandEveryMs),
    setInterval(mention, options.mentionEveryMs),
    setInterval(vote, options.voteEveryMs),
  ];
  return {
    commands,
    mentions,
    votes,
    skipped,
    redelivered: () => redelivered,
    /** Sends one command on these sockets now (the one being refreshed); tagged with the phase. */
    commandOn: (sockets: Parameters<LocalSlack['sendEnvelope']>[3]) => {
      commands.push(sendCommand(fake, commands.length, options, phase(), sockets));
    },
    stop: () => {
      for (const t of timers) clearInterval(t);
    },
  };
}
type Traffic = ReturnType<typeof startTraffic>;

/** One /kubecon as a Socket Mode envelope (every `gapEvery`-th one unanswerable); resolves with its ack time. */
async function sendCommand(
  fake: LocalSlack,
  n: number,
  options: FaultOptions,
  phase: string,
  sockets?: Parameters<LocalSlack['sendEnvelope']>[3],
): Promise<CommandSent> {
  const gap = n % options.gapEvery === 0 ? n : undefined;
  const text =
    gap === undefined ? (QUESTIONS[n % QUESTIONS.length] ?? 'istio') : `sourdough starter soakgap${gap}`;
  const payload = slack.slashCommand(text, fake.responseUrl(`soak-cmd-${n}`), `U0SOAK${n % 40}`);
  const started = performance.now();
  try {
    const ack = await fake.sendEnvelope('slash_commands', payload, {}, sockets, options.lostMs);
    const ackMs = performance.now() - started;
    // In Socket Mode the bot answers in the ack itself: its payload carries the reply's blocks.
    const answered = JSON.stringify(ack.payload ?? {}).includes('"blocks"');
    return { phase, ackMs, answered, ...(gap !== undefined && { gap }) };
  } catch {
    return { phase, ackMs: undefined, answered: false };
  }
}

/** `@kubecon …` in a channel, delivered a second time (as Slack retries) when `redeliver`; true once acked. */
function sendMention(fake: LocalSlack, question: string, redeliver: boolean, options: FaultOptions) {
  const event = slack.appMention(`<@UBOT0001> ${question}`);
  const payload = slack.eventCallback(event);
  const delivered = fake
    .sendEnvelope('events_api', payload, { retry_attempt: 0, retry_reason: '' }, undefined, options.lostMs)
    .then(async () => {
      if (redeliver)
        await fake.sendEnvelope(
          'events_api',
          payload,
          { retry_attempt: 1, retry_reason: 'timeout' },
          undefined,
          options.lostMs,
        );
      return true;
    })
    .catch(() => false);
  return { ts: String(event.ts), delivered };
}

/** A 👍 on an answer; resolves true once the envelope is acked. */
async function sendVote(fake: LocalSlack, id: string, q: string, n: number, options: FaultOptions) {
  const value = encodeValue({ q, i: 0, s: VOTED_SECTION });
  const payload = slack.blockActions({ action_id: 'feedback_helpful', value }, fake.responseUrl(id), {
    user: `U0VOTER${n}`,
  });
  return fake
    .sendEnvelope('interactive', payload, {}, undefined, options.lostMs)
    .then(() => true)
    .catch(() => false);
}

/**
 * A private redis-server on a free port (never CI's 6399), killed and restarted on demand. It keeps an
 * append-only file synced on every write, as `deploy/` configures Redis, so a SIGKILL loses no write Redis
 * confirmed: what the bot wrote before the outage is still there after it.
 */
async function privateRedis() {
  try {
    execFileSync('sh', ['-c', 'command -v redis-server'], { stdio: 'ignore' });
  } catch {
    throw new Error('the faults soak needs redis-server on the PATH (apt-get install redis-server)');
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kubecon-bench-redis-'));
  let port = await freePort();
  while (port === 6399) port = await freePort();
  const persistence = ['--dir', dataDir, '--appendonly', 'yes', '--appendfsync', 'always'];
  let server: ChildProcess | undefined = await startPrivateRedis(port, persistence);
  const admin = new Redis(`redis://127.0.0.1:${port}`, { maxRetriesPerRequest: 1 });
  admin.on('error', () => {}); // down during the outage, on purpose
  /** Every record of a list, parsed. */
  const list = async (name: string) =>
    (await admin.lrange(`${KEY_PREFIX}${name}`, 0, -1)).map((l) => JSON.parse(l) as { query?: string });
  return {
    url: `redis://127.0.0.1:${port}`,
    kill: () => {
      server?.kill('SIGKILL');
      server = undefined;
    },
    restart: async () => {
      server ??= await startPrivateRedis(port, persistence);
      await until(() => admin.status === 'ready', 15_000);
    },
    /** The feedback and gap records now in Redis. */
    records: async () => ({ feedback: await list('feedback'), gaps: await list('gaps') }),
    /** FLUSHALL, returning the records it wiped (read in the same transaction, so none slips between). */
    wipe: async () => {
      const results = await admin
        .multi()
        .lrange(`${KEY_PREFIX}feedback`, 0, -1)
        .lrange(`${KEY_PREFIX}gaps`, 0, -1)
        .flushall()
        .exec();
      const parsed = (i: number) =>
        ((results?.[i]?.[1] ?? []) as string[]).map((l) => JSON.parse(l) as { query?: string });
      return { feedback: parsed(0), gaps: parsed(1) };
    },
    stop: async () => {
      admin.disconnect();
      server?.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
type PrivateRedis = Awaited<ReturnType<typeof privateRedis>>;

/** The bot in Socket Mode on the local Slack and the private Redis, with a tip due every 10 s. */
async function startSoakBot(fake: LocalSlack, redisUrl: string, knowledgeDir: string, dataDir: string) {
  const bot = await startBotProcess({
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_APP_TOKEN: APP_TOKEN,
    SLACK_API_URL: fake.apiUrl,
    HEALTH_PORT: '0',
    HOST: '127.0.0.1',
    KNOWLEDGE_DIR: knowledgeDir,
    KNOWLEDGE_WATCH: 'false',
    DATA_DIR: dataDir,
    REDIS_URL: redisUrl,
    RATE_LIMIT_PER_MINUTE: '10000',
    TIP_CHANNEL,
    TIP_SCHEDULE: '*/10 * * * * *',
    TIP_TIMEZONE: 'UTC',
    TIP_GRACE: '1',
  });
  const ready = async () =>
    (await fetch(`http://127.0.0.1:${bot.port}/readyz`).catch(() => undefined))?.status === 200;
  if (!(await until(ready, 30_000))) throw new Error(`the bot never became ready:\n${bot.output()}`);
  return { bot, ready };
}

/** `count` refreshes in a row, each followed by a command on the connection told to refresh. */
async function refreshes(
  fake: LocalSlack,
  traffic: Traffic,
  options: FaultOptions,
  say: (l: string) => void,
) {
  let worstReplaceMs = 0;
  for (let i = 0; i < options.refreshes; i++) {
    const started = performance.now();
    const [oldest] = fake.appSockets;
    if (oldest === undefined) throw new Error('no open connection to refresh');
    fake.sendDisconnect('refresh_requested', [oldest]);
    traffic.commandOn([oldest]);
    const replaced = await until(
      () => fake.socketCount >= 2 && !fake.appSockets.includes(oldest),
      options.drainMs,
    );
    if (!replaced) say(`  refresh ${i + 1}: the connection was not replaced`);
    worstReplaceMs = Math.max(worstReplaceMs, performance.now() - started);
    await pause(Math.max(0, options.refreshEveryMs - (performance.now() - started)));
  }
  return { count: options.refreshes, worstReplaceMs };
}

/** How many records wait in the outbox in DATA_DIR (written to Redis when it is back). */
async function outboxRecords(dataDir: string): Promise<number> {
  const text = (await readFile(path.join(dataDir, OUTBOX_FILE), 'utf8').catch(() => '')).trim();
  return text === '' ? 0 : text.split('\n').length;
}

/** Whether the outbox in DATA_DIR is empty (every record written to Redis). */
async function outboxEmpty(dataDir: string): Promise<boolean> {
  return (await outboxRecords(dataDir)) === 0;
}

/** How many times each tagged record (`<tag><n>` in its query) appears, over several reads of Redis. */
function tagCounts(records: readonly { query?: string }[], tag: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const r of records) {
    const n = new RegExp(`${tag}(\\d+)`).exec(r.query ?? '')?.[1];
    if (n !== undefined) counts.set(Number(n), (counts.get(Number(n)) ?? 0) + 1);
  }
  return counts;
}

/** Runs the whole soak: traffic throughout, the faults one after the other, then the figures. */
export async function soakFaults(
  fake: LocalSlack,
  knowledgeDir: string,
  options: FaultOptions,
  say: (line: string) => void,
): Promise<FaultFigures> {
  fake.reset();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kubecon-bench-faults-'));
  const redis = await privateRedis();
  const { bot, ready } = await startSoakBot(fake, redis.url, knowledgeDir, dataDir);
  let slackState: SlackState = 'up';
  let phase = 'warm-up';
  const traffic = startTraffic(
    fake,
    options,
    () => slackState,
    () => phase,
  );
  try {
    await pause(options.settleMs);
    phase = 'refreshes';
    say(`faults: ${options.refreshes} refreshes`);
    const refreshFigures = await refreshes(fake, traffic, options, say);
    phase = 'steady';
    await pause(options.settleMs);

    say(`faults: Slack away for ${options.slackOutageMs / 1000} s`);
    const slackOutage = await slackOutageRun(fake, options, ready, (s) => {
      slackState = s;
    });
    await pause(options.settleMs);

    say(`faults: Redis down for ${options.redisOutageMs / 1000} s`);
    const redisOutage = await redisOutageRun(redis, dataDir, options);
    await pause(options.settleMs);

    say('faults: Redis data wiped (FLUSHALL)');
    const beforeWipe = await redis.wipe();
    await pause(options.settleMs * 2); // two or more tip times after the wipe
    traffic.stop();
    phase = 'end';
    say('faults: traffic stopped, waiting for replies and the outbox');
    return await figuresAtEnd({
      fake,
      bot,
      redis,
      dataDir,
      traffic,
      options,
      beforeWipe,
      refreshFigures,
      slackOutage,
      redisOutage,
    });
  } finally {
    traffic.stop();
    if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    await redis.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Slack unreachable for the outage, then back; measures the outage and the bot's reconnect. */
async function slackOutageRun(
  fake: LocalSlack,
  options: FaultOptions,
  ready: () => Promise<boolean>,
  setState: (s: SlackState) => void,
) {
  setState('away');
  const started = performance.now();
  await fake.goAway();
  await pause(options.slackOutageMs);
  await fake.comeBack();
  const outageMs = performance.now() - started;
  setState('reconnecting');
  const back = performance.now();
  await until(async () => fake.socketCount >= 2 && (await ready()), options.drainMs);
  setState('up');
  return { outageMs, reconnectMs: performance.now() - back };
}

/** Redis killed for the outage, restarted empty; measures the outage and how long the outbox takes to drain. */
async function redisOutageRun(redis: PrivateRedis, dataDir: string, options: FaultOptions) {
  const started = performance.now();
  redis.kill();
  let peak = 0;
  while (performance.now() - started < options.redisOutageMs) {
    peak = Math.max(peak, await outboxRecords(dataDir));
    await pause(500);
  }
  peak = Math.max(peak, await outboxRecords(dataDir));
  await redis.restart();
  const outageMs = performance.now() - started;
  const back = performance.now();
  await until(() => outboxEmpty(dataDir), options.drainMs);
  return { outageMs, drainMs: performance.now() - back, outboxPeak: peak };
}

/** Waits until every delivered mention has a thread reply and every delivered vote its thanks (30 s at most). */
async function repliesSettled(fake: LocalSlack, traffic: Traffic) {
  const delivered = await Promise.all(traffic.mentions.map((m) => m.delivered));
  const votesDelivered = await Promise.all(traffic.votes.map((v) => v.delivered));
  /** The bot's replies in the thread of the mention at `ts`. */
  const replies = (ts: string) =>
    fake.callsTo('chat.postMessage').filter((c) => !c.failed && c.body.thread_ts === ts).length;
  /** Whether the voter was thanked on the vote's response URL. */
  const thanked = (id: string) =>
    fake.responses.some((r) => r.id === id && JSON.stringify(r.body).includes(THANKS.helpful));
  await until(
    () =>
      traffic.mentions.every((m, i) => !delivered[i] || replies(m.ts) > 0) &&
      traffic.votes.every((v, i) => !votesDelivered[i] || thanked(v.id)),
    30_000,
  );
  return { replies, thanked };
}

/** Daily tips the local Slack accepted in the tip channel (a tip post carries the tip's metadata). */
function tipPosts(fake: LocalSlack): number {
  return fake
    .callsTo('chat.postMessage')
    .filter(
      (c) =>
        !c.failed &&
        c.body.channel === TIP_CHANNEL &&
        (c.body.metadata as { event_type?: string } | undefined)?.event_type === TIP_EVENT_TYPE,
    ).length;
}

/** Waits for every reply and the outbox, reads Redis and the local Slack's records, stops the bot. */
async function figuresAtEnd(run: {
  fake: LocalSlack;
  bot: BotProcess;
  redis: PrivateRedis;
  dataDir: string;
  traffic: Traffic;
  options: FaultOptions;
  beforeWipe: Awaited<ReturnType<PrivateRedis['records']>>;
  refreshFigures: FaultFigures['refreshes'];
  slackOutage: { outageMs: number; reconnectMs: number };
  redisOutage: { outageMs: number; drainMs: number; outboxPeak: number };
}): Promise<FaultFigures> {
  const { fake, traffic, options } = run;
  const commands = await Promise.all(traffic.commands);
  const mentions = traffic.mentions;
  const { replies, thanked } = await repliesSettled(fake, traffic);
  await until(() => outboxEmpty(run.dataDir), options.drainMs);
  const after = await run.redis.records();
  const votesIn = tagCounts([...run.beforeWipe.feedback, ...after.feedback], 'soakvote');
  const gapsIn = tagCounts([...run.beforeWipe.gaps, ...after.gaps], 'soakgap');
  const acked = commands.filter((c) => c.ackMs !== undefined);
  const ackOf = (c: CommandSent) => c.ackMs ?? 0;
  const acknowledgedVotes = traffic.votes.map((v, n) => ({ ...v, n })).filter((v) => thanked(v.id));
  const gapsAcked = acked.filter((c) => c.gap !== undefined);
  const botAlive = run.bot.child.exitCode === null;
  const exitCode = await run.bot.stop();
  return {
    commands: {
      sent: commands.length,
      acked: acked.length,
      answered: acked.filter((c) => c.answered).length,
      late: acked.filter((c) => ackOf(c) > options.lateMs).length,
      lost: commands.length - acked.length,
      worstAckMs: Math.max(0, ...acked.map(ackOf)),
      worstAckAroundRefreshesMs: Math.max(0, ...acked.filter((c) => c.phase === 'refreshes').map(ackOf)),
      duringSlackOutage: traffic.skipped.commands.away,
      beforeReconnect: traffic.skipped.commands.reconnecting,
      noConnection: traffic.skipped.commands.none,
    },
    mentions: {
      sent: mentions.length,
      redelivered: traffic.redelivered(),
      answered: mentions.filter((m) => replies(m.ts) > 0).length,
      duplicateReplies: mentions.filter((m) => replies(m.ts) > 1).length,
      duringSlackOutage: traffic.skipped.mentions,
    },
    votes: {
      sent: traffic.votes.length,
      acknowledged: acknowledgedVotes.length,
      recorded: acknowledgedVotes.filter((v) => (votesIn.get(v.n) ?? 0) > 0).length,
      recordedTwice: [...votesIn.values()].filter((n) => n > 1).length,
    },
    gaps: {
      acked: gapsAcked.length,
      recorded: gapsAcked.filter((c) => (gapsIn.get(c.gap ?? -1) ?? 0) > 0).length,
      recordedTwice: [...gapsIn.values()].filter((n) => n > 1).length,
    },
    refreshes: run.refreshFigures,
    slackOutageMs: run.slackOutage.outageMs,
    slackReconnectMs: run.slackOutage.reconnectMs,
    redisOutageMs: run.redisOutage.outageMs,
    outboxDrainMs: run.redisOutage.drainMs,
    outboxPeak: run.redisOutage.outboxPeak,
    tipsPosted: tipPosts(fake),
    botAlive,
    exitCode,
    unhandledRejections: run.bot
      .output()
      .split('\n')
      .filter((l) => l.includes('unhandled rejection')).length,
  };
}
