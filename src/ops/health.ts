import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from './metrics.js';

/**
 * Health and metrics routes: `/healthz` (the process is up), `/readyz` (knowledge loaded and Slack usable),
 * `/metrics` (Prometheus). One small server serves them, started before Slack is reached so health answers
 * while it is retried: on HEALTH_PORT in Socket Mode, and on PORT in HTTP mode, where Slack's requests are
 * handed to the app (`others`).
 */

export interface Readiness {
  readonly ready: boolean;
  readonly [key: string]: unknown;
}

export interface Route {
  readonly path: string;
  readonly method: 'GET';
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
}

export function opsRoutes(metrics: Metrics, readiness: () => Readiness, startedAt: Date): Route[] {
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  return [
    {
      path: '/healthz',
      method: 'GET',
      handler: (_req, res) => json(res, 200, { status: 'ok', startedAt: startedAt.toISOString() }),
    },
    {
      path: '/readyz',
      method: 'GET',
      handler: (_req, res) => {
        const state = readiness();
        json(res, state.ready ? 200 : 503, state);
      },
    },
    {
      path: '/metrics',
      method: 'GET',
      handler: (_req, res) => {
        metrics.registry.metrics().then(
          (text) => {
            res.writeHead(200, { 'content-type': metrics.registry.contentType });
            res.end(text);
          },
          () => json(res, 500, { error: 'metrics unavailable' }),
        );
      },
    },
  ];
}

/** Handles a request the routes don't, or says false (404). */
export type OtherRequests = (req: IncomingMessage, res: ServerResponse) => boolean;

/** A small HTTP server for the routes, and for other requests (Slack's, in HTTP mode) when given. */
export async function startOpsServer(
  routes: readonly Route[],
  port: number,
  host: string,
  others: OtherRequests = () => false,
): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = routes.find((r) => r.path === path && r.method === req.method);
    if (route) route.handler(req, res);
    else if (!others(req, res)) {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
