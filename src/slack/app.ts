import type { Server } from 'node:http';
import { App, SocketModeReceiver } from '@slack/bolt';
import type { Config } from '../config.js';
import { RESTARTING } from '../core/answers/copy.js';
import { toBoltLogger } from '../logger.js';
import type { Route } from '../ops/health.js';
import type { InFlight } from '../ops/in-flight.js';
import type { Deps } from './listeners/deps.js';
import { registerListeners } from './listeners/index.js';
import { RETRY_CONFIG, webClientOptions } from './web-client.js';

/**
 * The Bolt app: Socket Mode when an app token is configured, else the HTTP Events API at /slack/events
 * (signatures checked by Bolt). Initialisation (auth.test) is deferred to `start`, so an unreachable Slack
 * API is an error we handle, not an unhandled rejection in a constructor.
 */

export interface SlackStatus {
  /** Socket Mode: the WebSocket is open; HTTP: the server is listening. */
  readonly connected: boolean;
  readonly lastEventAt: string | null;
}

/** The connection's state: kept by the app, read by /readyz (which is set up before the app exists). */
export interface SlackConnection {
  status(): SlackStatus;
  /** Socket Mode: the WebSocket opened or closed; HTTP: the server started or stopped. */
  setConnected(connected: boolean): void;
  /** A request from Slack arrived (ISO time). */
  setLastEventAt(at: string): void;
}

export function slackConnection(): SlackConnection {
  let connected = false;
  let lastEventAt: string | null = null;
  return {
    status: () => ({ connected, lastEventAt }),
    setConnected: (value) => {
      connected = value;
    },
    setLastEventAt: (at) => {
      lastEventAt = at;
    },
  };
}

export interface SlackApp {
  readonly app: App;
  /** Authenticates with Slack and starts listening; in HTTP mode, returns the port it listens on. */
  start(): Promise<{ port?: number }>;
  stop(): Promise<void>;
  status(): SlackStatus;
}

export interface AppOptions {
  readonly config: Config;
  readonly deps: Deps;
  readonly inFlight: InFlight;
  /** HTTP mode: served beside /slack/events (health, metrics). */
  readonly routes?: readonly Route[];
  /** Where the connection's state is kept; a new one by default. */
  readonly connection?: SlackConnection;
  /** Overrides for tests: faster retries. */
  readonly retryConfig?: typeof RETRY_CONFIG;
}

/** Builds the app with every listener registered; nothing touches the network until `start`. */
export function createSlackApp({
  config,
  deps,
  inFlight,
  routes = [],
  connection = slackConnection(),
  retryConfig = RETRY_CONFIG,
}: AppOptions): SlackApp {
  const { slack } = config;
  if (config.transport === 'shell' || !slack.botToken)
    throw new Error('createSlackApp needs Slack credentials');
  const logger = toBoltLogger(deps.logger);
  const clientOptions = webClientOptions(slack, { metrics: deps.metrics, retryConfig });
  const receiver =
    config.transport === 'socket'
      ? new SocketModeReceiver({
          appToken: slack.appToken ?? '',
          logger,
          installerOptions: { clientOptions },
        })
      : undefined;
  if (receiver) {
    receiver.client.on('connected', () => {
      connection.setConnected(true);
    });
    // 'close' is the WebSocket itself closing: the client waits seconds before it says 'reconnecting'.
    for (const state of ['close', 'connecting', 'disconnected', 'reconnecting']) {
      receiver.client.on(state, () => connection.setConnected(false));
    }
  }
  const app = new App({
    token: slack.botToken,
    ...(receiver
      ? { receiver }
      : {
          signingSecret: slack.signingSecret ?? '',
          customRoutes: routes.map((r) => ({ ...r, method: [r.method] })),
        }),
    logger,
    deferInitialization: true,
    // No conversation-state middleware: the bot keeps its own state (buttons carry theirs).
    convoStore: false,
    clientOptions,
  });
  app.use(async (args) => {
    connection.setLastEventAt(deps.now().toISOString());
    if (!inFlight.accepting) {
      // Commands hear why; other requests (events, buttons) only need their ack.
      const ack =
        'ack' in args ? (args.ack as ((reply?: { text: string }) => Promise<void>) | undefined) : undefined;
      await ack?.('command' in args ? { text: RESTARTING } : undefined);
      return;
    }
    await inFlight.track(() => args.next());
  });
  registerListeners(app, deps, { assistantPanel: config.assistantPanel });
  app.error(async (error) => {
    deps.logger.error({ err: error }, 'unhandled error in a Slack listener');
  });
  return {
    app,
    start: async () => {
      await app.init();
      if (receiver) {
        await app.start();
        return {};
      }
      const server = (await app.start({ port: config.port, host: config.host })) as Server;
      connection.setConnected(true);
      server.on('close', () => connection.setConnected(false));
      const address = server.address();
      return typeof address === 'object' && address !== null ? { port: address.port } : {};
    },
    stop: async () => {
      await app.stop();
      connection.setConnected(false);
    },
    status: () => connection.status(),
  };
}
