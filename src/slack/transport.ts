import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App, Logger as BoltLogger, HTTPReceiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Config } from '../config.js';
import { toBoltLogger } from '../logger.js';
import type { Deps } from './listeners/deps.js';
import { missingScopes, PROBLEM_TEXT } from './problems.js';
import { RETRY_CONFIG, webClientOptions } from './web-client.js';

/**
 * The pieces between Bolt and the connection loop: authentication that leaves retrying to keep-trying.ts,
 * the HTTP-mode handler that serves Slack's requests inside the health server, and a quieter Bolt logger.
 */

/** Slack's endpoint in HTTP mode (events, commands, interactivity). */
const SLACK_PATHS = ['/slack/events'];

/** What the connection machinery logs on every failed attempt: keep-trying tells an outage once instead. */
const RETRY_NOISE =
  /^(Failed to retrieve a new WSS URL|WebSocket error|http request failed|A ping wasn't received|Peer did not complete)/;

/** auth.test without retries (keep-trying retries), a warning for missing scopes, then Bolt's own init. */
export function authenticator(app: App, config: Config, deps: Deps, wanted: readonly string[]) {
  const client = new WebClient(config.slack.botToken, {
    ...webClientOptions(config.slack, {
      metrics: deps.metrics,
      retryConfig: { ...RETRY_CONFIG, retries: 0 },
    }),
    logger: quieter(toBoltLogger(deps.logger)),
  });
  let scopesChecked = false;
  return async () => {
    const answer = await client.auth.test();
    const missing = missingScopes(answer.response_metadata?.scopes, wanted);
    if (!scopesChecked && missing.length > 0)
      deps.logger.warn({ missingScopes: missing }, PROBLEM_TEXT.missingScopes(missing));
    scopesChecked = true;
    await app.init();
  };
}

/**
 * HTTP mode: Slack's requests go to Bolt's receiver once authenticated (POSTs past `screen` first, which
 * refuses what Bolt cannot read); before that, 503 (Slack retries).
 */
export function httpHandler(receiver: HTTPReceiver, ready: () => boolean, screen: Screen) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!SLACK_PATHS.includes(path)) return false;
    if (!ready()) {
      res.writeHead(503, { 'retry-after': '5' }).end();
      return true;
    }
    const toBolt = () => {
      try {
        receiver.requestListener(req, res);
      } catch {
        if (!res.headersSent) res.writeHead(404);
        res.end();
      }
    };
    if (req.method !== 'POST') toBolt();
    // A screen that failed leaves the request to Bolt, which answers it as it would have.
    else void screen(req, res).then((refused) => refused || toBolt(), toBolt);
    return true;
  };
}

/** Answers a request Bolt must not see (true), or leaves it to Bolt (false). */
export type Screen = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/** Bolt's logger with the retry noise (every failed attempt) moved down to debug. */
export function quieter(logger: BoltLogger): BoltLogger {
  const demoted =
    (level: 'warn' | 'error') =>
    (...msg: unknown[]) =>
      typeof msg[0] === 'string' && RETRY_NOISE.test(msg[0]) ? logger.debug(...msg) : logger[level](...msg);
  return { ...logger, warn: demoted('warn'), error: demoted('error') };
}
