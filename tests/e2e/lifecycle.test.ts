import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSlack } from '../../src/local-slack/local-slack.js';
import { SOCKET_OPTIONS } from '../../src/slack/socket-link.js';
import * as slack from '../fixtures/slack/payloads.js';
import { KNOWLEDGE_DIR, waitUntil } from '../helpers.js';
import { startBotProcess } from '../run.js';
import { sign } from './harness.js';

const TOKEN = 'xoxb-lifecycle-test-token-123';
const APP_TOKEN = 'xapp-1-lifecycle-test-token-456';
const SECRET = 'lifecycle-signing-secret-789';
let fake: LocalSlack;
beforeAll(async () => {
  fake = await new LocalSlack().start();
});
afterAll(() => fake.stop());

const startBot = (env: Record<string, string>) => startBotProcess(env);

const httpEnv = (extra: Record<string, string> = {}) => ({
  SLACK_BOT_TOKEN: TOKEN,
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_API_URL: fake.apiUrl,
  PORT: '0',
  HOST: '127.0.0.1',
  ...extra,
});

describe('npm start in HTTP mode', () => {
  it('serves /healthz, /readyz and /metrics on PORT, finishes an answer in flight on SIGTERM, and exits 0 within 10 s', async () => {
    const bot = await startBot(httpEnv({ DATA_DIR: await mkdtemp(path.join(tmpdir(), 'kubecon-life-')) }));
    const base = `http://127.0.0.1:${bot.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      ready: true,
      knowledge: { notes: 1, sections: 10 },
      slack: { transport: 'http', connected: true },
    });
    expect(await (await fetch(`${base}/metrics`)).text()).toContain('kubecon_knowledge_sections 10');

    fake.delayNext('chat.postMessage', 2000);
    const event = slack.appMention('<@UBOT0001> what about linkerd?');
    const body = JSON.stringify(slack.eventCallback(event));
    const ts = Math.floor(Date.now() / 1000);
    await fetch(`${base}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': sign(body, ts, SECRET),
      },
      body,
    });
    await fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.body.thread_ts === event.ts));
    const stoppingAt = Date.now();
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(Date.now() - stoppingAt).toBeLessThan(10_000);
    expect(Date.now() - stoppingAt).toBeGreaterThan(1000); // it waited for the answer in flight
    expect(bot.output()).toContain('"msg":"stopped"');
    expect(bot.output()).not.toContain('still in flight');
    expect(bot.output()).not.toMatch(new RegExp(`${TOKEN}|${SECRET}`));
  });

  it('reloads the knowledge on SIGHUP', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kubecon-hup-'));
    await cp(KNOWLEDGE_DIR, dir, { recursive: true });
    const bot = await startBot(httpEnv({ KNOWLEDGE_DIR: dir, KNOWLEDGE_WATCH: 'false' }));
    const version = async () =>
      (
        (await (await fetch(`http://127.0.0.1:${bot.port}/readyz`)).json()) as {
          knowledge: { version: string; notes: number };
        }
      ).knowledge;
    const before = await version();
    await writeFile(path.join(dir, 'extra.md'), '---\ntitle: Extra\n---\n## Extra\n\nMore notes.\n');
    bot.child.kill('SIGHUP');
    const after = await waitUntil('the knowledge version changes', async () => {
      const now = await version();
      return now.version !== before.version && now;
    });
    expect(after).toMatchObject({ notes: 2 });
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  });
});

describe('npm start in Socket Mode', () => {
  it('serves /readyz on HEALTH_PORT: ready when connected, not ready while reconnecting', async () => {
    const bot = await startBot({
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: fake.apiUrl,
      HEALTH_PORT: '0',
      HOST: '127.0.0.1',
    });
    const readyz = async (status: number) => {
      const response = await fetch(`http://127.0.0.1:${bot.port}/readyz`);
      return response.status === status && ((await response.json()) as Record<string, unknown>);
    };
    expect(await waitUntil('/readyz says ready', () => readyz(200))).toMatchObject({
      ready: true,
      slack: { transport: 'socket', connected: true },
    });
    // Every connection open (the bot keeps two), then Slack goes away: every reconnect fails for a while.
    await fake.waitFor(() => fake.socketCount === SOCKET_OPTIONS.connections, 20_000);
    fake.failNext(
      'apps.connections.open',
      ...Array.from({ length: 50 }, () => ({ status: 200, body: { ok: false, error: 'internal_error' } })),
    );
    fake.dropSockets();
    // At once, though waited for generously: the bot notices the closed socket itself (the client only
    // says it is reconnecting after its ping timeout); a loaded machine can still take a moment.
    const down = await waitUntil('/readyz says not ready', () => readyz(503), { timeoutMs: 20_000 });
    expect(down).toMatchObject({ ready: false, slack: { transport: 'socket', connected: false } });
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(bot.output()).not.toMatch(new RegExp(`${TOKEN}|${APP_TOKEN}`));
  });
});
