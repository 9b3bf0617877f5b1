import type { Server } from 'node:http';
import { App, type CustomRoute } from '@slack/bolt';
import type { Config } from './config.js';
import type { Deps } from './listeners/deps.js';
import { registerListeners } from './listeners/index.js';
import { toBoltLogger } from './logger.js';

/**
 * The Bolt app: Socket Mode when an app token is configured, else the HTTP Events API at /slack/events
 * (signatures checked by Bolt). Initialisation (auth.test) is deferred to `start`, so an unreachable Slack
 * API is an error we handle, not an unhandled rejection in a constructor.
 */

export interface SlackApp {
  readonly app: App;
  /** Authenticates with Slack and starts listening; in HTTP mode, returns the port it listens on. */
  start(): Promise<{ port?: number }>;
  stop(): Promise<void>;
}

/** Web API retries: rate limits and transient errors are retried, with backoff, a handful of times. */
export const RETRY_CONFIG = { retries: 5, factor: 2, minTimeout: 500, maxTimeout: 15_000, randomize: true };

export interface AppOptions {
  readonly config: Config;
  readonly deps: Deps;
  readonly customRoutes?: CustomRoute[];
  /** Overrides for tests: faster retries. */
  readonly retryConfig?: typeof RETRY_CONFIG;
}

/** Builds the app with every listener registered; nothing touches the network until `start`. */
export function createSlackApp({
  config,
  deps,
  customRoutes = [],
  retryConfig = RETRY_CONFIG,
}: AppOptions): SlackApp {
  const { slack } = config;
  if (config.transport === 'shell' || !slack.botToken)
    throw new Error('createSlackApp needs Slack credentials');
  const socketMode = config.transport === 'socket';
  const app = new App({
    token: slack.botToken,
    ...(socketMode
      ? { socketMode: true, ...(slack.appToken !== undefined && { appToken: slack.appToken }) }
      : { signingSecret: slack.signingSecret ?? '', customRoutes }),
    logger: toBoltLogger(deps.logger),
    deferInitialization: true,
    clientOptions: {
      ...(slack.apiUrl !== undefined && { slackApiUrl: slack.apiUrl }),
      retryConfig: { ...retryConfig },
    },
  });
  registerListeners(app, deps);
  app.error(async (error) => {
    deps.logger.error({ err: error }, 'unhandled error in a Slack listener');
  });
  return {
    app,
    start: async () => {
      await app.init();
      if (socketMode) {
        await app.start();
        return {};
      }
      const server = (await app.start({ port: config.port, host: config.host })) as Server;
      const address = server.address();
      return typeof address === 'object' && address !== null ? { port: address.port } : {};
    },
    stop: () => app.stop().then(() => undefined),
  };
}
