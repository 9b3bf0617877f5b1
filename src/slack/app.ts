import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import type { Config } from '../config.js';
import { RESTARTING } from '../core/answers/copy.js';
import { toBoltLogger } from '../logger.js';
import { type Route, startOpsServer } from '../ops/health.js';
import type { InFlight } from '../ops/in-flight.js';
import type { SlackFatalError } from './fatal-error.js';
import { keepTrying, type RetryOptions } from './keep-trying.js';
import type { Deps } from './listeners/deps.js';
import { registerListeners } from './listeners/index.js';
import { malformedRequests, unreadableEnvelope, unreadableHttpRequest } from './malformed.js';
import { type SlackProblem, slackProblem } from './problems.js';
import { neededScopes } from './scopes.js';
import { SOCKET_OPTIONS, type SocketLink, socketLink } from './socket-link.js';
import { authenticator, httpHandler, quieter } from './transport.js';
import { RETRY_CONFIG, webClientOptions } from './web-client.js';

/**
 * The Bolt app: Socket Mode when an app token is configured, else the HTTP Events API at /slack/events
 * (signatures checked by Bolt). Nothing touches the network until `connect`, which authenticates
 * (auth.test, then the granted scopes are checked) and, in Socket Mode, opens the WebSocket, waiting out
 * an unreachable Slack (keep-trying.ts) and failing only for what no retry fixes (problems.ts). In HTTP
 * mode the app owns no server: `handle` answers Slack's requests inside the server that serves health.
 */

export interface SlackStatus {
  /** Socket Mode: the WebSocket is open; HTTP: authenticated, so Slack's requests are handled. */
  readonly connected: boolean;
  readonly lastEventAt: string | null;
  /** What keeps it from connecting (`unreachable`, `link_disabled`…), while it does. */
  readonly problem: string | null;
}

/** The connection's state: kept by the app, read by /readyz (which is set up before the app exists). */
export interface SlackConnection {
  status(): SlackStatus;
  /** Socket Mode: the WebSocket opened or closed; HTTP: authenticated, or stopped. */
  setConnected(connected: boolean): void;
  /** A request from Slack arrived (ISO time). */
  setLastEventAt(at: string): void;
  setProblem(code: string | null): void;
}

export function slackConnection(): SlackConnection {
  let connected = false;
  let lastEventAt: string | null = null;
  let problem: string | null = null;
  return {
    status: () => ({ connected, lastEventAt, problem }),
    setConnected: (value) => {
      connected = value;
    },
    setLastEventAt: (at) => {
      lastEventAt = at;
    },
    setProblem: (code) => {
      problem = code;
    },
  };
}

export interface SlackApp {
  readonly app: App;
  /** HTTP mode: answers a request to Slack's endpoint (false: not Slack's path); 503 until connected. */
  readonly handle?: (req: IncomingMessage, res: ServerResponse) => boolean;
  /**
   * Authenticates and connects, waiting out outages. Rejects with SlackFatalError on a problem no retry
   * fixes; after that, such a problem (a token revoked while running) goes to `onFatal`.
   */
  connect(): Promise<void>;
  /** `connect`, and in HTTP mode first a server on PORT for Slack's requests and the routes (tests). */
  start(): Promise<{ port?: number }>;
  stop(): Promise<void>;
  status(): SlackStatus;
}

export interface AppOptions {
  readonly config: Config;
  readonly deps: Deps;
  readonly inFlight: InFlight;
  /** HTTP mode, `start` only: served beside /slack/events (health, metrics). */
  readonly routes?: readonly Route[];
  /** Where the connection's state is kept; a new one by default. */
  readonly connection?: SlackConnection;
  /** Overrides for tests: faster Web API retries. */
  readonly retryConfig?: typeof RETRY_CONFIG;
  /** How long to wait between connection attempts. */
  readonly retry?: RetryOptions;
  /** A problem no retry fixes, met after `connect` resolved (main: log it and exit 1). */
  readonly onFatal?: (error: SlackFatalError) => void;
  /** The bot scopes to expect (manifest.yml's by default). */
  readonly scopes?: readonly string[];
}

/** Builds the app with every listener registered; nothing touches the network until `connect`. */
export function createSlackApp(options: AppOptions): SlackApp {
  const { config, deps, inFlight, connection = slackConnection(), retryConfig = RETRY_CONFIG } = options;
  const { slack } = config;
  if (config.transport === 'shell' || !slack.botToken)
    throw new Error('createSlackApp needs Slack credentials');
  const logger = toBoltLogger(deps.logger);
  const clientOptions = webClientOptions(slack, { metrics: deps.metrics, retryConfig });
  // Socket Mode: several connections (socket-link.ts), each a receiver of the one app.
  const sockets =
    config.transport === 'socket'
      ? Array.from(
          { length: SOCKET_OPTIONS.connections },
          () =>
            new SocketModeReceiver({
              appToken: slack.appToken ?? '',
              logger: quieter(logger),
              // Reconnects are ours (keep-trying): the client's own wait grows without bound, and an
              // unreachable Slack ends in a rejection nobody catches.
              autoReconnectEnabled: false,
              processEventErrorHandler: unreadableEnvelope(deps.logger),
              installerOptions: { clientOptions: { ...clientOptions, retryConfig: { retries: 0 } } },
            }),
        )
      : [];
  const [socket, ...moreSockets] = sockets;
  const signingSecret = slack.signingSecret ?? '';
  const http = socket
    ? undefined
    : new HTTPReceiver({
        signingSecret,
        logger,
        processEventErrorHandler: unreadableHttpRequest(deps.logger),
      });
  const app = new App({
    token: slack.botToken,
    receiver: socket ?? (http as HTTPReceiver),
    logger,
    deferInitialization: true,
    // No conversation-state middleware: the bot keeps its own state (buttons carry theirs).
    convoStore: false,
    clientOptions,
  });
  for (const receiver of moreSockets) receiver.init(app);
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

  const tries = keepTrying({
    logger: deps.logger,
    ...(options.retry && { options: options.retry }),
    report: (code) => connection.setProblem(code),
  });
  const authenticate = authenticator(
    app,
    config,
    deps,
    options.scopes ??
      neededScopes({ mentionsOnly: config.access.mentionsOnly, assistantPanel: config.assistantPanel }),
  );
  const links = sockets.map((receiver) =>
    socketLink(receiver, () => connection.setConnected(links.some((l) => l.isOpen))),
  );
  let authenticated = false;
  /** Keeps trying to authenticate (once) and open this link (HTTP: none) until it works. */
  const connectVia = (link: SocketLink | undefined, already?: SlackProblem) => {
    let stage: 'auth' | 'socket' = 'auth';
    const attempt = async () => {
      stage = 'auth';
      if (!authenticated) await authenticate();
      authenticated = true;
      stage = 'socket';
      if (link) await link.open();
      else connection.setConnected(true);
    };
    const explain = (error: unknown): SlackProblem =>
      stage === 'auth' || !link ? slackProblem(error, 'SLACK_BOT_TOKEN') : link.explain(error);
    return tries.until(attempt, explain, already);
  };
  const later = (promise: Promise<void>) =>
    promise.catch((error: SlackFatalError) => options.onFatal?.(error));
  for (const link of links) link.onDrop((problem) => void later(connectVia(link, problem)));
  /** The first connection (and the authentication) awaited; the others opened beside it. */
  const connect = async () => {
    const [first, ...others] = links;
    await connectVia(first);
    for (const link of others) void later(connectVia(link));
  };

  let server: { port: number; close(): Promise<void> } | undefined;
  const handle =
    http &&
    httpHandler(http, () => connection.status().connected, malformedRequests(signingSecret, deps.logger));
  return {
    app,
    ...(handle && { handle }),
    connect,
    start: async () => {
      if (handle) server = await startOpsServer(options.routes ?? [], config.port, config.host, handle);
      await connect();
      return server ? { port: server.port } : {};
    },
    stop: async () => {
      tries.stop();
      await Promise.all(links.map((link) => link.close()));
      await server?.close();
      connection.setConnected(false);
    },
    status: () => connection.status(),
  };
}
