import { WebClient } from '@slack/web-api';
import type { Config } from '../config.js';
import { type Logger, toBoltLogger } from '../logger.js';
import type { Metrics } from '../ops/metrics.js';

/** The Slack Web API client settings the app, the daily tip and the command line share. */

/** Web API retries: rate limits and transient errors are retried, with backoff, a handful of times. */
export const RETRY_CONFIG = { retries: 5, factor: 2, minTimeout: 500, maxTimeout: 15_000, randomize: true };

export interface ClientSettings {
  /** Failed calls are counted here when given. */
  readonly metrics?: Metrics;
  /** Overrides for tests: faster retries. */
  readonly retryConfig?: typeof RETRY_CONFIG;
}

/** Options for a Web API client: Slack's URL (or a stand-in's), the retries, and counted failures. */
export function webClientOptions(
  slack: Config['slack'],
  { metrics, retryConfig = RETRY_CONFIG }: ClientSettings,
) {
  return {
    ...(slack.apiUrl !== undefined && { slackApiUrl: slack.apiUrl }),
    retryConfig: { ...retryConfig },
    ...(metrics !== undefined && { fetch: countingFetch(metrics) }),
  };
}

/** A Web API client with the bot token, logging through our scrubbed logger. */
export function createWebClient(
  slack: Config['slack'],
  logger: Logger,
  settings: ClientSettings = {},
): WebClient {
  return new WebClient(slack.botToken, {
    ...webClientOptions(slack, settings),
    logger: toBoltLogger(logger),
  });
}

/**
 * A fetch for the Slack Web API client that counts failed calls: HTTP errors, rate limits and `ok: false`.
 * Calls to a response_url are counted under the method `response_url`.
 */
export function countingFetch(metrics: Metrics, base: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    const response = await base(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = /\/api\/([\w.]+)/.exec(url)?.[1] ?? 'response_url';
    if (response.status === 429) metrics.slackError(method, 'ratelimited');
    else if (response.status >= 400) metrics.slackError(method, `http_${response.status}`);
    else if ((response.headers.get('content-type') ?? '').includes('json')) {
      const body = (await response
        .clone()
        .json()
        .catch(() => undefined)) as { ok?: boolean; error?: string } | undefined;
      if (body?.ok === false) metrics.slackError(method, body.error ?? 'unknown');
    }
    return response;
  };
}
