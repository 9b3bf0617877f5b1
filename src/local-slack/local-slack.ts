import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { type Ack, type AppEndpoint, deliverOverHttp, type EnvelopeType } from './delivery.js';
import { answerWebApi, botAuthor, content, parseApiBody, type WebApiHost } from './web-api.js';
import { MessageStore, WORKSPACE } from './workspace.js';

/**
 * The local Slack: a small Slack on a loopback port that the real Bolt app talks to, for the playground, the
 * terminal shell and the tests alike. It answers the Web API subset the bot uses (web-api.ts), takes posts to
 * `response_url`s, serves Socket Mode (apps.connections.open hands out its ws:// URL), delivers what people
 * do to the app (people.ts) over Socket Mode or signed HTTP, and keeps the messages (workspace.ts).
 * The tests also use it to record every call, and to make calls fail, wait or rate-limit.
 */

/** One Web API call the app made. */
export interface Call {
  readonly method: string;
  readonly body: Record<string, unknown>;
  /** Whether the call carried a bearer token (its value is never recorded). */
  readonly authorized: boolean;
  /** Whether it was answered with a failure it was told to give (failNext). */
  failed: boolean;
}

/** One post to a response URL. */
export interface ResponsePost {
  readonly id: string;
  readonly body: Record<string, unknown>;
  /** performance.now() when it arrived, for latency benchmarks. */
  readonly at: number;
}

/** An answer the Web API gives instead of the real one (an error, a rate limit). */
export interface Failure {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body: Record<string, unknown>;
}

/** Where a response URL's posts go: the place the command or click happened, and the message clicked. */
export interface ResponseTarget {
  readonly channel: string;
  readonly user: string;
  readonly threadTs?: string;
  readonly original?: { readonly channel: string; readonly ts: string };
}

/** Requests that are not Slack's (the playground page): handled, or false to answer 404. */
export type Fallback = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

export interface LocalSlackOptions {
  /** How many calls, responses and acks to remember (a playground runs for days); all by default. */
  readonly keep?: number;
  /** How long a delivery waits for the app's ack. */
  readonly ackTimeoutMs?: number;
  readonly fallback?: Fallback;
}

/** What a response URL takes, as Slack documents it: up to 5 posts within 30 minutes of the payload. */
export const RESPONSE_URL_LIMITS = { uses: 5, lifetimeMs: 30 * 60_000 } as const;

/** The bot's user id in the local workspace (what auth.test says). */
export const BOT_USER_ID = WORKSPACE.bot.userId;

export class LocalSlack implements WebApiHost {
  readonly store = new MessageStore();
  readonly calls: Call[] = [];
  readonly responses: ResponsePost[] = [];
  readonly acks: Record<string, unknown>[] = [];
  /** Message timestamps follow this clock (a test may set it, so history queries by time line up). */
  clock = () => Date.now();
  port = 0;
  private host = '127.0.0.1';
  private seqTs = 0;
  private seqIds = 0;
  private responseStatus = 200;
  private endpoint: AppEndpoint = { transport: 'socket' };
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private readonly failures = new Map<string, Failure[]>();
  private readonly delays = new Map<string, number[]>();
  private readonly targets = new Map<string, { target: ResponseTarget; expires: number }>();
  /** Posts taken by each response URL so far. */
  private readonly uses = new Map<string, number>();
  /** Conversations the bot is not a member of (it was never invited, or a DM between people). */
  private readonly outside = new Set<string>();
  private readonly sockets: WebSocket[] = [];
  private readonly waiters: Array<() => void> = [];
  private readonly watchers = new Set<() => void>();

  constructor(private readonly options: LocalSlackOptions = {}) {}

  /** Starts listening (an ephemeral loopback port by default). */
  async start({ port = 0, host = '127.0.0.1' }: { port?: number; host?: string } = {}): Promise<this> {
    const server = createServer((req, res) => void this.route(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    // After listening: the WebSocket server would re-emit a failed listen as an error of its own.
    this.wss = new WebSocketServer({ server, path: '/link' });
    this.wss.on('connection', (socket) => this.connected(socket));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    this.host = reachableHost(host);
    return this;
  }

  /** The base URL of everything it serves. */
  get url(): string {
    return `http://${this.host}:${this.port}`;
  }

  /** The Web API base URL to give the app as SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  get socketUrl(): string {
    return `ws://${this.host}:${this.port}/link`;
  }

  /** A response URL whose posts are recorded under `id` (and applied to nothing). */
  responseUrl(id: string): string {
    return `${this.url}/response/${id}`;
  }

  /** A response URL whose posts change the workspace as Slack's do (new, replaced or deleted messages). */
  openResponseUrl(target: ResponseTarget): string {
    const now = this.clock();
    for (const [id, { expires }] of this.targets)
      if (expires < now) {
        this.targets.delete(id);
        this.uses.delete(id);
      }
    const id = `local-${++this.seqIds}`;
    this.targets.set(id, { target, expires: now + RESPONSE_URL_LIMITS.lifetimeMs });
    return this.responseUrl(id);
  }

  /** The bot is not a member of this conversation: it cannot post there, and hears nothing said there. */
  withoutBot(channel: string): void {
    this.outside.add(channel);
  }

  /** Whether the bot is a member of the conversation (every one, unless withoutBot said otherwise). */
  isMember(channel: string): boolean {
    return !this.outside.has(channel);
  }

  /** Where deliveries go: Socket Mode (the default) or the app's signed HTTP endpoint. */
  deliverTo(endpoint: AppEndpoint): void {
    this.endpoint = endpoint;
  }

  /** Delivers a payload to the app and resolves with its ack (over the connected socket, or HTTP). */
  async deliver(type: EnvelopeType, payload: Record<string, unknown>): Promise<Ack> {
    const timeoutMs = this.options.ackTimeoutMs ?? 10_000;
    if (this.endpoint.transport === 'http') return deliverOverHttp(this.endpoint, type, payload, timeoutMs);
    try {
      await this.waitFor(() => this.sockets.length > 0, timeoutMs);
      const ack = await this.sendEnvelope(type, payload, {}, this.sockets.slice(-1), timeoutMs);
      const body = ack.payload as Record<string, unknown> | undefined;
      return { ok: true, ...(body !== undefined && { payload: body }) };
    } catch {
      return { ok: false, error: 'operation_timeout' };
    }
  }

  /** A new, unique message timestamp on this Slack's clock. */
  nextTs(): string {
    return `${Math.floor(this.clock() / 1000)}.${String(++this.seqTs).padStart(6, '0')}`;
  }

  /** A new id for a trigger or an event. */
  nextId(prefix: string): string {
    return `${prefix}${++this.seqIds}`;
  }

  /** A user id as a channel means the user's DM with the bot. */
  resolveChannel(channel: string): string {
    if (channel === WORKSPACE.you.id) return WORKSPACE.dm.id;
    return /^[UW][A-Z0-9]+$/.test(channel) ? `D${channel.slice(1)}` : channel;
  }

  /** Calls `watcher` after every change to the workspace; returns a function that stops it. */
  onChange(watcher: () => void): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  changed(): void {
    for (const watcher of this.watchers) watcher();
  }

  /** Applies a response URL post (or a command's ack) to the workspace, as Slack does. */
  applyResponse(target: ResponseTarget, body: Record<string, unknown>): void {
    const { original } = target;
    const yes = (v: unknown) => v === true || v === 'true';
    if (yes(body.delete_original)) {
      if (original) this.store.remove(original.channel, original.ts);
    } else if (yes(body.replace_original) && original) {
      this.store.replace(original.channel, original.ts, content(body));
    } else if (typeof body.text === 'string' || Array.isArray(body.blocks)) {
      this.store.add({
        channel: target.channel,
        ts: this.nextTs(),
        ...(target.threadTs !== undefined && { thread_ts: target.threadTs }),
        ...botAuthor(),
        ...content(body),
        ...(body.response_type !== 'in_channel' && { visibleTo: target.user }),
        at: Date.now(),
      });
    }
    this.changed();
  }

  /** A message a person posted earlier (the bot can read it back with conversations.replies). */
  seedMessage(
    channel: string,
    message: { ts: string; text: string; user: string; thread_ts?: string },
  ): void {
    this.store.add({ channel, ...message, at: Date.now() });
  }

  /** The next calls of this Web API method fail (or are rate-limited) with these answers, in order. */
  failNext(method: string, ...failures: Failure[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...failures]);
  }

  /** The next call of this method is answered only after `ms` milliseconds (an answer in flight). */
  delayNext(method: string, ms: number): void {
    this.delays.set(method, [...(this.delays.get(method) ?? []), ms]);
  }

  /** Response URL posts answer with this HTTP status from now on (404: the URL expired). */
  setResponseStatus(status: number): void {
    this.responseStatus = status;
  }

  /** Forgets every recorded call, response and message (between independent tests). */
  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.store.clear();
    this.outside.clear();
  }

  callsTo(method: string): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves once the probe returns a value, checking after every recorded event; rejects after a timeout. */
  async waitFor<T>(probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error('local Slack: timed out waiting for the expected call');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Sends a Socket Mode envelope (to every connected app by default); resolves with the app's ack. */
  async sendEnvelope(
    type: string,
    payload: unknown,
    extra: Record<string, unknown> = {},
    to?: readonly WebSocket[],
    timeoutMs = 10_000,
  ): Promise<Record<string, unknown>> {
    await this.waitFor(() => this.sockets.length > 0, timeoutMs);
    const envelopeId = randomUUID();
    const accepts = type !== 'events_api';
    const envelope = { envelope_id: envelopeId, type, payload, accepts_response_payload: accepts, ...extra };
    for (const socket of to ?? this.sockets) socket.send(JSON.stringify(envelope));
    return this.waitFor(() => this.acks.find((a) => a.envelope_id === envelopeId), timeoutMs);
  }

  /** Closes every app WebSocket, as Slack does before a reconnect. */
  dropSockets(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  get socketCount(): number {
    return this.sockets.length;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => (this.wss ? this.wss.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private connected(socket: WebSocket): void {
    this.sockets.push(socket);
    socket.on('close', () => {
      const at = this.sockets.indexOf(socket);
      if (at >= 0) this.sockets.splice(at, 1);
    });
    socket.on('message', (data) => {
      this.remember(this.acks, JSON.parse(String(data)) as Record<string, unknown>);
      this.notify();
    });
    socket.send(
      JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: WORKSPACE.appId } }),
    );
    this.notify();
  }

  private notify(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Adds to a record, forgetting the oldest beyond `keep`. */
  private remember<T>(list: T[], item: T): void {
    list.push(item);
    const keep = this.options.keep ?? Number.POSITIVE_INFINITY;
    if (list.length > keep) list.splice(0, list.length - keep);
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://local');
      const reply = url.pathname.startsWith('/api/')
        ? await this.webApi(req, url.pathname.slice('/api/'.length))
        : url.pathname.startsWith('/response/')
          ? await this.response(req, url.pathname.slice('/response/'.length))
          : undefined;
      if (reply) {
        res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
        res.end(JSON.stringify(reply.body));
      } else if (!(await this.options.fallback?.(req, res, url))) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      }
    } catch {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  }

  private async webApi(req: IncomingMessage, method: string): Promise<Reply> {
    const body = parseApiBody(await readBody(req), req.headers['content-type'] ?? '');
    const failure = this.failures.get(method)?.shift();
    const authorized = /^Bearer \S+/.test(req.headers.authorization ?? '');
    this.remember(this.calls, { method, body, authorized, failed: failure !== undefined });
    this.notify();
    const delay = this.delays.get(method)?.shift();
    if (delay !== undefined) await new Promise((resolve) => setTimeout(resolve, delay));
    if (failure)
      return {
        status: failure.status,
        ...(failure.headers && { headers: failure.headers }),
        body: failure.body,
      };
    if (!authorized) return { status: 200, body: { ok: false, error: 'not_authed' } };
    return { status: 200, body: answerWebApi(this, method, body) };
  }

  /**
   * A post to a response URL: applied as Slack applies it, while the URL lives (30 minutes, on this Slack's
   * clock) and has uses left (5); after that 404 `expired_url` or `used_url`, and nothing changes.
   */
  private async response(req: IncomingMessage, id: string): Promise<Reply> {
    const body = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
    this.remember(this.responses, { id, body, at: performance.now() });
    this.notify();
    const opened = this.targets.get(id);
    if (this.responseStatus !== 200) return { status: this.responseStatus, body: { ok: false } };
    const expired = opened ? opened.expires < this.clock() : id.startsWith('local-');
    if (expired) return { status: 404, body: { ok: false, error: 'expired_url' } };
    const used = (this.uses.get(id) ?? 0) + 1;
    if (used > RESPONSE_URL_LIMITS.uses) return { status: 404, body: { ok: false, error: 'used_url' } };
    this.uses.set(id, used);
    if (opened) this.applyResponse(opened.target, body);
    return { status: 200, body: { ok: true } };
  }
}

interface Reply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body: unknown;
}

/** The address the app should use to reach a server listening on `host`. */
function reachableHost(host: string): string {
  const wildcard = host === '' || host === '0.0.0.0' || host === '::';
  if (wildcard || host === 'localhost' || host.startsWith('127.')) return '127.0.0.1';
  if (host === '::1') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
