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

/** Sends signed slash commands at `rate` per second for `seconds`, open loop, and measures the latencies. */
export async function benchSlashCommands(
  target: SlackFigures['target'],
  fake: LocalSlack,
  knowledgeDir: string,
  queries: readonly string[],
  rate: number,
  seconds: number,
): Promise<SlackFigures> {
  fake.reset();
  const { port, stop } = await startTarget(target, fake, knowledgeDir);
  // Warm-up: the first requests pay for compiling the code paths.
  for (let i = 0; i < 20; i++) await send(port, `warm${i}`, 'istio', fake);
  fake.reset();
  const requests = Math.round(rate * seconds);
  const acks: number[] = [];
  const answers: number[] = [];
  const sentAt = new Map<string, number>();
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < requests; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const id = `b${i}`;
    const t0 = performance.now();
    sentAt.set(id, t0);
    pending.push(
      send(port, id, queries[i % queries.length] ?? 'istio', fake).then(
        (ack) => {
          const ms = performance.now() - t0;
          acks.push(ms);
          // The bot answers in the ack itself; the bare app acks empty.
          if (ack.includes('"blocks"')) answers.push(ms);
        },
        () => {
          acks.push(Number.POSITIVE_INFINITY);
        },
      ),
    );
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  await stop();
  return {
    target,
    rate,
    requests,
    throughput: acks.filter(Number.isFinite).length / elapsed,
    under3s: acks.filter((a) => a < 3000).length / requests,
    ackP50Ms: percentile(acks, 50),
    ackP99Ms: percentile(acks, 99),
    ...(answers.length > 0 && {
      answered: answers.length / requests,
      answerP50Ms: percentile(answers, 50),
      answerP99Ms: percentile(answers, 99),
    }),
  };
}
