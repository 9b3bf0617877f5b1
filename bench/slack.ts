import { createHmac } from 'node:crypto';
import { createSlackApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { loadKnowledge } from '../src/knowledge/load.js';
import { createDeps } from '../src/listeners/deps.js';
import { createLogger } from '../src/logger.js';
import { inFlight } from '../src/ops/in-flight.js';
import { createMetrics } from '../src/ops/metrics.js';
import { buildIndex } from '../src/search/search-index.js';
import { memoryFeedbackStore } from '../src/stores/feedback-store.js';
import { memoryGapStore } from '../src/stores/gap-store.js';
import { FakeSlack } from '../tests/e2e/fake-slack.js';
import { slashCommand } from '../tests/fixtures/slack/payloads.js';
import { percentile } from './stats.js';

/** Slack path benchmark: signed /kubecon requests over HTTP at a fixed rate against a local fake Slack. */
export interface SlackFigures {
  readonly rate: number;
  readonly requests: number;
  readonly under3s: number;
  readonly ackP50Ms: number;
  readonly ackP99Ms: number;
  readonly answerP50Ms: number;
  readonly answerP99Ms: number;
}

const SECRET = 'bench-signing-secret-0123456789';

/** Sends `requests` signed slash commands at `rate` per second and measures ack and answer latency. */
export async function benchSlashCommands(
  knowledgeDir: string,
  queries: readonly string[],
  rate: number,
  requests: number,
): Promise<SlackFigures> {
  const fake = await new FakeSlack().start();
  const index = buildIndex(await loadKnowledge(knowledgeDir));
  const config = parseConfig({
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    HOST: '127.0.0.1',
  });
  const logger = createLogger({
    level: 'warn',
    secrets: [SECRET],
    pretty: false,
    destination: { write: () => true },
  });
  const slack = createSlackApp({
    config,
    inFlight: inFlight(),
    deps: createDeps({
      index: () => index,
      feedback: memoryFeedbackStore(),
      gaps: memoryGapStore(),
      metrics: createMetrics(),
      access: config.access,
      logger,
      now: () => new Date(),
      random: Math.random,
    }),
  });
  const { port = 0 } = await slack.start();
  const acks: number[] = [];
  const sentAt = new Map<string, number>();
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < requests; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
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
      }).then(async (res) => {
        await res.arrayBuffer();
        acks.push(performance.now() - t0);
      }),
    );
  }
  await Promise.all(pending);
  await fake.waitFor(() => new Set(fake.responses.map((r) => r.id)).size >= requests, 60_000);
  const answers = fake.responses.map((r) => r.at - (sentAt.get(r.id) ?? r.at));
  await slack.stop();
  await fake.stop();
  return {
    rate,
    requests,
    under3s: acks.filter((a) => a < 3000).length / requests,
    ackP50Ms: percentile(acks, 50),
    ackP99Ms: percentile(acks, 99),
    answerP50Ms: percentile(answers, 50),
    answerP99Ms: percentile(answers, 99),
  };
}
