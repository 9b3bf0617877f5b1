import { WebClient } from '@slack/web-api';
import type { Config } from '../config.js';
import { type Logger, toBoltLogger } from '../logger.js';
import { countingFetch, type Metrics } from '../ops/metrics.js';

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
