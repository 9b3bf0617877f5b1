import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * A local fake Slack on a loopback port: the Web API (records every call, answers like Slack, can be told
 * to fail a call or rate-limit it), `response_url` endpoints (records every post), and a Socket Mode
 * WebSocket server (`apps.connections.open` returns its ws:// URL; it says hello, sends envelopes and
 * collects the app's acks).
 */

export interface Call {
  readonly method: string;
  readonly body: Record<string, unknown>;
  /** Whether the call carried a bearer token (its value is never recorded). */
  readonly authorized: boolean;
  /** Whether the fake answered it with a failure (an error or a rate limit) it was told to give. */
  failed: boolean;
}

export interface ResponsePost {
  readonly id: string;
  readonly body: Record<string, unknown>;
  /** performance.now() when it arrived, for latency benchmarks. */
  readonly at: number;
}

interface Failure {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body: Record<string, unknown>;
}

export const BOT_USER_ID = 'UBOT0001';

const JSON_FIELDS = new Set(['blocks', 'attachments', 'metadata', 'view']);

export class FakeSlack {
  readonly calls: Call[] = [];
  readonly responses: ResponsePost[] = [];
  readonly acks: Record<string, unknown>[] = [];
  private readonly failures = new Map<string, Failure[]>();
  private readonly delays = new Map<string, number[]>();
  /** Messages posted with chat.postMessage, per channel, as conversations.history returns them. */
  private readonly history = new Map<string, Record<string, unknown>[]>();
  private readonly waiters: Array<() => void> = [];
  private readonly sockets = new Set<WebSocket>();
  private responseStatus = 200;
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  /** Message timestamps: the clock of the test (settable), so history queries by time line up. */
  clock = () => Date.now();
  private seqTs = 0;
  port = 0;

  /** A message a person posted (Slack has it; the bot can read it back with conversations.replies). */
  seedMessage(channel: string, message: { ts: string; text: string; user: string }): void {
    this.history.set(channel, [{ type: 'message', ...message }, ...(this.history.get(channel) ?? [])]);
  }

  /** Starts the fake on an ephemeral loopback port. */
  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req).then(
        ({ status, headers, body }) => {
          res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
          res.end(JSON.stringify(body));
        },
        () => {
          res.writeHead(500);
          res.end();
        },
      );
    });
    this.wss = new WebSocketServer({ server: this.server, path: '/link' });
    this.wss.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('message', (data) => {
        this.acks.push(JSON.parse(String(data)));
        this.notify();
      });
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A111' } }));
      this.notify();
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** The Web API base URL to give the app as SLACK_API_URL. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** A response_url for a payload; posts to it are recorded under id. */
  responseUrl(id: string): string {
    return `http://127.0.0.1:${this.port}/response/${id}`;
  }

  /** The next calls of this Web API method fail (or are rate-limited) with these answers, in order. */
  failNext(method: string, ...failures: Failure[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...failures]);
  }

  /** The next call of this method is answered only after `ms` milliseconds (an answer in flight). */
  delayNext(method: string, ms: number): void {
    this.delays.set(method, [...(this.delays.get(method) ?? []), ms]);
  }

  /** response_url posts answer with this HTTP status from now on (404: the URL expired). */
  setResponseStatus(status: number): void {
    this.responseStatus = status;
  }

  /** Forgets every recorded call, response and posted message (between independent tests). */
  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.history.clear();
  }

  callsTo(method: string): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves once the predicate holds, checking after every recorded call; rejects after a timeout. */
  async waitFor<T>(probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error('fake Slack: timed out waiting for the expected call');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Sends a Socket Mode envelope to every connected app; resolves with the app's ack for it. */
  async sendEnvelope(
    type: string,
    payload: unknown,
    extra: Record<string, unknown> = {},
  ): Promise<Record<string, unknown>> {
    await this.waitFor(() => this.sockets.size > 0);
    const envelopeId = randomUUID();
    const envelope = {
      envelope_id: envelopeId,
      type,
      payload,
      accepts_response_payload: type !== 'events_api',
      ...extra,
    };
    for (const socket of this.sockets) socket.send(JSON.stringify(envelope));
    return this.waitFor(() => this.acks.find((a) => a.envelope_id === envelopeId));
  }

  /** Closes every app WebSocket, as Slack does before a reconnect. */
  dropSockets(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  get socketCount(): number {
    return this.sockets.size;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.wss?.close(() => resolve()));
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private notify(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }

  private async handle(
    req: IncomingMessage,
  ): Promise<{ status: number; headers?: Record<string, string>; body: unknown }> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/response/')) {
      const id = url.pathname.slice('/response/'.length);
      this.responses.push({ id, body: JSON.parse(raw || '{}'), at: performance.now() });
      this.notify();
      return {
        status: this.responseStatus,
        body: this.responseStatus === 200 ? { ok: true } : { ok: false },
      };
    }
    const method = url.pathname.replace(/^\/api\//, '');
    const body = parseApiBody(raw, req.headers['content-type'] ?? '');
    const failure = this.failures.get(method)?.shift();
    this.calls.push({
      method,
      body,
      authorized: /^Bearer \S+/.test(req.headers.authorization ?? ''),
      failed: failure !== undefined,
    });
    this.notify();
    const delay = this.delays.get(method)?.shift();
    if (delay !== undefined) await new Promise((resolve) => setTimeout(resolve, delay));
    if (failure)
      return {
        status: failure.status,
        ...(failure.headers && { headers: failure.headers }),
        body: failure.body,
      };
    return { status: 200, body: this.answer(method, body) };
  }

  private answer(method: string, body: Record<string, unknown>): Record<string, unknown> {
    const ts = `${Math.floor(this.clock() / 1000)}.${String(++this.seqTs).padStart(6, '0')}`;
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://fake.slack.test/',
          team: 'Fake',
          user: 'kubecon',
          team_id: 'T111',
          user_id: BOT_USER_ID,
          bot_id: 'BBOT0001',
        };
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${this.port}/link` };
      case 'chat.postMessage': {
        const message = {
          type: 'message',
          text: body.text,
          ts,
          ...(body.metadata !== undefined && { metadata: body.metadata }),
        };
        const channel = String(body.channel);
        this.history.set(channel, [message, ...(this.history.get(channel) ?? [])]);
        return { ok: true, channel: body.channel, ts, message };
      }
      case 'conversations.history': {
        const oldest = Number(body.oldest ?? 0);
        const withMetadata = body.include_all_metadata === 'true' || body.include_all_metadata === true;
        const messages = (this.history.get(String(body.channel)) ?? [])
          .filter((m) => Number(m.ts) >= oldest)
          .map(({ metadata, ...m }) => (withMetadata && metadata !== undefined ? { ...m, metadata } : m));
        return { ok: true, messages, has_more: false };
      }
      case 'conversations.replies': {
        const root = (this.history.get(String(body.channel)) ?? []).find((m) => m.ts === String(body.ts));
        return root
          ? { ok: true, messages: [root], has_more: false }
          : { ok: false, error: 'thread_not_found' };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: ts };
      case 'views.publish':
        return { ok: true, view: { id: 'V111', ...(body.view as object) } };
      default:
        return { ok: true };
    }
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Web API bodies come form-encoded (JSON fields as strings) or as JSON. */
function parseApiBody(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return JSON.parse(raw || '{}');
  const body: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw))
    body[key] = JSON_FIELDS.has(key) ? JSON.parse(value) : value;
  return body;
}
