import { type Config, parseConfig } from '../../src/config.js';
import { renderTip } from '../../src/core/answers/tip-message.js';
import type { SearchIndex } from '../../src/core/search/search-index.js';
import { tipPool } from '../../src/core/tips/pool.js';
import { signature } from '../../src/local-slack/delivery.js';
import type { LocalSlack } from '../../src/local-slack/local-slack.js';
import { createLogger } from '../../src/logger.js';
import { opsRoutes } from '../../src/ops/health.js';
import { type InFlight, inFlight } from '../../src/ops/in-flight.js';
import { createMetrics } from '../../src/ops/metrics.js';
import type { OffThread } from '../../src/ops/questions.js';
import { createSlackApp, type SlackApp } from '../../src/slack/app.js';
import { createDeps, type Deps } from '../../src/slack/listeners/deps.js';
import { createStores } from '../../src/stores/create-stores.js';
import type { RedisStores } from '../../src/stores/redis.js';
import { reportIndex } from '../helpers.js';

/** Test credentials: shaped like real ones so the config accepts them, and so the log scrubber must catch them. */
export const SECRETS = {
  botToken: 'xoxb-1111-2222-testbottokenvalue',
  appToken: 'xapp-1-A111-3333-testapptokenvalue',
  signingSecret: 'test-signing-secret-0123456789abcdef',
};

/** Every log line any bot wrote during the suite (checked for secrets). */
export const logLines: string[] = [];

export interface RunningBot {
  readonly slack: SlackApp;
  readonly deps: Deps;
  readonly inFlight: InFlight;
  /** HTTP mode: the port the app listens on. */
  readonly port: number;
  stop(): Promise<void>;
}

export interface BotOptions {
  /** More environment variables (ALLOWED_CHANNELS, RATE_LIMIT_PER_MINUTE…). */
  readonly env?: Record<string, string>;
  readonly index?: () => SearchIndex;
  /** Shared stores (Redis) instead of the in-memory ones. */
  readonly stores?: Pick<RedisStores, 'feedback' | 'gaps' | 'seenEvents' | 'threads' | 'rateLimit'>;
  /** Where questions' replies are made (the answer worker); none: in the test's thread. */
  readonly offThread?: OffThread;
}

/** Starts the real Bolt app against the fake Slack, over HTTP or Socket Mode, with in-memory stores. */
export async function startBot(
  fake: LocalSlack,
  transport: 'http' | 'socket',
  options: BotOptions = {},
): Promise<RunningBot> {
  const config: Config = parseConfig({
    SLACK_BOT_TOKEN: SECRETS.botToken,
    SLACK_SIGNING_SECRET: SECRETS.signingSecret,
    ...(transport === 'socket' && { SLACK_APP_TOKEN: SECRETS.appToken }),
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    RATE_LIMIT_PER_MINUTE: '1000',
    ...options.env,
  });
  const logger = createLogger({
    level: 'debug',
    secrets: Object.values(SECRETS),
    destination: { write: (line: string) => logLines.push(line) },
  });
  const report = await reportIndex();
  const index = options.index ?? (() => report);
  const metrics = createMetrics();
  const deps = createDeps({
    index,
    stores: options.stores ?? createStores(config, { logger, memory: true }),
    metrics,
    access: config.access,
    logger,
    now: () => new Date(),
    random: () => 0,
    todaysTip: async () => {
      const [tip] = tipPool(index().knowledge);
      return tip && renderTip(tip, index().knowledge, { daily: true });
    },
    offThread: options.offThread,
  });
  const work = inFlight();
  let slack: SlackApp | undefined;
  const routes = opsRoutes(metrics, () => ({ ready: slack?.status().connected ?? false }), new Date());
  slack = createSlackApp({
    config,
    deps,
    inFlight: work,
    routes,
    retryConfig: { retries: 2, factor: 1, minTimeout: 20, maxTimeout: 200, randomize: false },
  });
  const { port = 0 } = await slack.start();
  const running = slack;
  return { slack: running, deps, inFlight: work, port, stop: () => running.stop() };
}

/** Slack's request signature: v0= + HMAC-SHA256(secret, "v0:{timestamp}:{body}"). */
export function sign(body: string, timestamp: number, secret = SECRETS.signingSecret): string {
  return signature(body, timestamp, secret);
}

export interface PostOptions {
  readonly secret?: string;
  readonly timestamp?: number;
  readonly headers?: Record<string, string>;
}

/** POSTs to the app's /slack/events as Slack does: the exact content type, signed with the signing secret. */
export async function postToBot(
  port: number,
  body: string,
  contentType: 'form' | 'json',
  options: PostOptions = {},
) {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': contentType === 'form' ? 'application/x-www-form-urlencoded' : 'application/json',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': sign(body, timestamp, options.secret),
      ...options.headers,
    },
    body,
  });
  return { status: response.status, text: await response.text() };
}

export const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
export const interaction = (payload: unknown) =>
  new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
