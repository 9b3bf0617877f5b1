import { createHmac } from 'node:crypto';
import type { LocalSlack } from '../src/local-slack/local-slack.js';
import { slashCommand } from '../tests/fixtures/slack/payloads.js';
import { startBotProcess } from '../tests/run.js';
import { percentile } from './stats.js';

/** Slack path benchmark: signed /kubecon requests over HTTP at a fixed rate, against the bot or a bare Bolt app. */
export interface SlackFigures {
  readonly target: 'kubecon-bot' | 'bare Bolt';
  readonly rate: number;
  readonly requests: number;
  /** Acks received per second of the run. */
  readonly throughput: number;
  readonly under3s: number;
  readonly ackP50Ms: number;
  readonly ackP99Ms: number;
  /** Bot only: share of requests answered (the bot answers in the ack: its answer latency is its ack latency). */
  readonly answered?: number;
  /** Bot only: until the answer was back. */
  readonly answerP50Ms?: number;
  readonly answerP99Ms?: number;
}

const SECRET = 'bench-signing-secret-0123456789';

/**
 * Starts the app under test in its own process (as in production, and so it does not share an event loop
 * with the load generator and the fake Slack): `npm start`'s entry point, or the bare Bolt baseline.
 * BENCH_EXEC_ARGV gives both node flags (`--cpu-prof --cpu-prof-dir=DIR` for a profile of each).
 */
async function startTarget(target: SlackFigures['target'], fake: LocalSlack, knowledgeDir: string) {
  const bot = await startBotProcess(
    {
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      KNOWLEDGE_DIR: knowledgeDir,
      KNOWLEDGE_WATCH: 'false',
      RATE_LIMIT_PER_MINUTE: '10000',
    },
    {
      script: target === 'bare Bolt' ? 'bench/bare-bolt.ts' : 'src/main.ts',
      execArgv: process.env.BENCH_EXEC_ARGV?.split(' ').filter(Boolean) ?? [],
    },
  );
  return { port: bot.port, stop: () => bot.stop() };
}

/** POSTs one signed /kubecon request as Slack does; resolves when the ack (the HTTP response) is in. */
async function send(port: number, id: string, query: string, fake: LocalSlack): Promise<string> {
  const body = new URLSearchParams(slashCommand(query, fake.responseUrl(id))).toString();
  const ts = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signature,
    },
    body,
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  return text;
}

/** One target's latencies as they come in. */
interface Tally {
  readonly acks: number[];
  readonly answers: number[];
  sent: number;
}

/** Sends one request to a target and records its ack (and whether the ack carried an answer). */
function timedSend(port: number, tally: Tally, queries: readonly string[], fake: LocalSlack): Promise<void> {
  const i = tally.sent++;
  const t0 = performance.now();
  return send(port, `b${port}-${i}`, queries[i % queries.length] ?? 'istio', fake).then(
    (ack) => {
      const ms = performance.now() - t0;
      tally.acks.push(ms);
      // The bot answers in the ack itself; the bare app acks empty.
      if (ack.includes('"blocks"')) tally.answers.push(ms);
    },
    () => {
      tally.acks.push(Number.POSITIVE_INFINITY);
    },
  );
}

/** Requests in flight while warming up, and how many times each question is asked then. */
const WARM_UP = { inFlight: 4, rounds: 3 } as const;

/**
 * Warm-up: the first requests pay for compiling the code paths (a fresh bot's first second at 200/s had a
 * p99 of several hundred ms while V8 compiled its search), so every question of the mix is asked a few
 * times, the same for both targets, before anything is measured.
 */
async function warmUp(port: number, queries: readonly string[], fake: LocalSlack): Promise<void> {
  const total = queries.length * WARM_UP.rounds;
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < total; i = next++)
      await send(port, `warm${i}`, queries[i % queries.length] ?? '', fake);
  };
  await Promise.all(Array.from({ length: WARM_UP.inFlight }, worker));
}

/** How long each target gets the load before the other takes over (see benchSlashCommands). */
const SLICE_MS = 1000;

/**
 * Sends signed slash commands at `rate` per second for `seconds` to each target, open loop, and measures the
 * latencies. Both targets run at once but take the load in turns, one second each (bot, bare, bare, bot…),
 * so a burst of other work on the machine falls on both alike; each target gets the same questions in the
 * same order. Throughput is a target's acks over the time it held the load.
 */
export async function benchSlashCommands(
  fake: LocalSlack,
  knowledgeDir: string,
  queries: readonly string[],
  rate: number,
  seconds: number,
): Promise<{ bot: SlackFigures; bare: SlackFigures }> {
  fake.reset();
  const targets = [
    { target: 'kubecon-bot' as const, ...(await startTarget('kubecon-bot', fake, knowledgeDir)) },
    { target: 'bare Bolt' as const, ...(await startTarget('bare Bolt', fake, knowledgeDir)) },
  ].map((t) => ({ ...t, tally: { acks: [], answers: [], sent: 0 } as Tally }));
  for (const { port } of targets) await warmUp(port, queries, fake);
  fake.reset();
  const perSlice = Math.round((rate * SLICE_MS) / 1000);
  const slices = Math.round((seconds * 1000) / SLICE_MS) * 2;
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let slice = 0; slice < slices; slice++) {
    const turn = targets[(slice + (slice >> 1)) % 2];
    if (turn === undefined) break;
    const { port, tally } = turn;
    for (let i = 0; i < perSlice; i++) {
      const wait = start + slice * SLICE_MS + (i * 1000) / rate - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      pending.push(timedSend(port, tally, queries, fake));
    }
  }
  await Promise.all(pending);
  const held = (performance.now() - start) / 1000 / 2;
  await Promise.all(targets.map((t) => t.stop()));
  const [bot, bare] = targets.map(({ target, tally }) => figures(target, rate, tally, held));
  return { bot: bot as SlackFigures, bare: bare as SlackFigures };
}

/** A target's figures from its tally. */
function figures(target: SlackFigures['target'], rate: number, tally: Tally, held: number): SlackFigures {
  const { acks, answers } = tally;
  return {
    target,
    rate,
    requests: acks.length,
    throughput: acks.filter(Number.isFinite).length / held,
    under3s: acks.filter((a) => a < 3000).length / acks.length,
    ackP50Ms: percentile(acks, 50),
    ackP99Ms: percentile(acks, 99),
    ...(answers.length > 0 && {
      answered: answers.length / acks.length,
      answerP50Ms: percentile(answers, 50),
      answerP99Ms: percentile(answers, 99),
    }),
  };
}
