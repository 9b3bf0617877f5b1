import { createHmac } from 'node:crypto';
import { createSlackApp, type SlackApp } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import type { Deps } from '../../src/listeners/deps.js';
import { createLogger } from '../../src/logger.js';
import { memoryFeedbackStore } from '../../src/stores/feedback-store.js';
import { recentSet } from '../../src/stores/recent-set.js';
import { tipPool } from '../../src/tips/derive.js';
import { renderTip } from '../../src/tips/message.js';
import { reportIndex } from '../helpers.js';
import type { FakeSlack } from './fake-slack.js';

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
  /** HTTP mode: the port the app listens on. */
  readonly port: number;
  stop(): Promise<void>;
}

/** Starts the real Bolt app against the fake Slack, over HTTP or Socket Mode. */
export async function startBot(fake: FakeSlack, transport: 'http' | 'socket'): Promise<RunningBot> {
  const config = parseConfig({
    SLACK_BOT_TOKEN: SECRETS.botToken,
    SLACK_SIGNING_SECRET: SECRETS.signingSecret,
    ...(transport === 'socket' && { SLACK_APP_TOKEN: SECRETS.appToken }),
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    HOST: '127.0.0.1',
  });
  const logger = createLogger({
    level: 'debug',
    secrets: Object.values(SECRETS),
    pretty: false,
    destination: { write: (line: string) => logLines.push(line) },
  });
  const index = await reportIndex();
  const deps: Deps = {
    index: () => index,
    feedback: memoryFeedbackStore(),
    seenEvents: recentSet(1000),
    threads: recentSet(1000),
    logger,
    random: () => 0,
    now: () => new Date('2026-03-02T10:00:00Z'),
    todaysTip: async () => {
      const [tip] = tipPool(index.knowledge);
      return tip && renderTip(tip, index.knowledge, { daily: true });
    },
  };
  const slack = createSlackApp({
    config,
    deps,
    retryConfig: { retries: 2, factor: 1, minTimeout: 20, maxTimeout: 200, randomize: false },
  });
  const { port = 0 } = await slack.start();
  return { slack, deps, port, stop: () => slack.stop() };
}

/** Slack's request signature: v0= + HMAC-SHA256(secret, "v0:{timestamp}:{body}"). */
export function sign(body: string, timestamp: number, secret = SECRETS.signingSecret): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
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
