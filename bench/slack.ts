import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { App } from '@slack/bolt';
import { createSlackApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { createDeps } from '../src/listeners/deps.js';
import { createLogger, toBoltLogger } from '../src/logger.js';
import { inFlight } from '../src/ops/in-flight.js';
import { createMetrics } from '../src/ops/metrics.js';
import type { SearchIndex } from '../src/search/search-index.js';
import { memoryFeedbackStore } from '../src/stores/feedback-store.js';
import { memoryGapStore } from '../src/stores/gap-store.js';
import type { FakeSlack } from '../tests/e2e/fake-slack.js';
import { slashCommand } from '../tests/fixtures/slack/payloads.js';
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
  /** Bot only: until the answer reached the response_url. */
  readonly answerP50Ms?: number;
  readonly answerP99Ms?: number;
}

const SECRET = 'bench-signing-secret-0123456789';
const quiet = createLogger({
  level: 'error',
  secrets: [SECRET],
  pretty: false,
  destination: { write: () => true },
});

/** Starts the app under test on a loopback port; returns its port and how to stop it. */
async function startTarget(target: SlackFigures['target'], fake: FakeSlack, index: SearchIndex) {
  if (target === 'bare Bolt') {
    const app = new App({
      token: 'xoxb-bench',
      signingSecret: SECRET,
      logger: toBoltLogger(quiet),
      deferInitialization: true,
      clientOptions: { slackApiUrl: fake.apiUrl },
    });
    app.command('/kubecon', async ({ ack }) => ack());
    await app.init();
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as { address(): AddressInfo };
    return { port: server.address().port, stop: () => app.stop() };
  }
  const config = parseConfig({
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    RATE_LIMIT_PER_MINUTE: '10000',
  });
  const deps = createDeps({
    index: () => index,
    feedback: memoryFeedbackStore(),
    gaps: memoryGapStore(),
    metrics: createMetrics(),
    access: config.access,
    logger: quiet,
    now: () => new Date(),
    random: Math.random,
  });
  const slack = createSlackApp({ config, deps, inFlight: inFlight() });
  const { port = 0 } = await slack.start();
  return { port, stop: () => slack.stop() };
}

/** Sends signed slash commands at `rate` per second for `seconds`, open loop, and measures the latencies. */
export async function benchSlashCommands(
  target: SlackFigures['target'],
  fake: FakeSlack,
  index: SearchIndex,
  queries: readonly string[],
  rate: number,
  seconds: number,
): Promise<SlackFigures> {
  fake.reset();
  const { port, stop } = await startTarget(target, fake, index);
  const requests = Math.round(rate * seconds);
  const acks: number[] = [];
  const sentAt = new Map<string, number>();
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < requests; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const id = `b${i}`;
    const body = new URLSearchParams(
      slashCommand(queries[i % queries.length] ?? 'istio', fake.responseUrl(id)),
    ).toString();
    const ts = Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
    const t0 = performance.now();
    sentAt.set(id, t0);
    pending.push(
      fetch(`http://127.0.0.1:${port}/slack/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': signature,
        },
        body,
      }).then(
        async (res) => {
          await res.arrayBuffer();
          acks.push(performance.now() - t0);
        },
        () => {
          acks.push(Number.POSITIVE_INFINITY);
        },
      ),
    );
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  let answers: number[] = [];
  if (target === 'kubecon-bot') {
    await fake.waitFor(() => new Set(fake.responses.map((r) => r.id)).size >= requests, 120_000);
    answers = fake.responses.map((r) => r.at - (sentAt.get(r.id) ?? r.at));
  }
  await stop();
  return {
    target,
    rate,
    requests,
    throughput: acks.filter(Number.isFinite).length / elapsed,
    under3s: acks.filter((a) => a < 3000).length / requests,
    ackP50Ms: percentile(acks, 50),
    ackP99Ms: percentile(acks, 99),
    ...(answers.length > 0 && { answerP50Ms: percentile(answers, 50), answerP99Ms: percentile(answers, 99) }),
  };
}
