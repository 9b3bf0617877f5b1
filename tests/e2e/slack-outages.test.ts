import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { LocalSlack } from '../../src/local-slack/local-slack.js';
import { SOCKET_OPTIONS } from '../../src/slack/socket-link.js';
import { slashCommand } from '../fixtures/slack/payloads.js';
import { waitUntil } from '../helpers.js';
import { type BotProcess, startBotProcess } from '../run.js';

/**
 * Slack going away after start, in Socket Mode: the real process against the local Slack over real sockets.
 * The bot waits it out (never exits, no rejection escapes), says so once when it starts and once when it
 * ends, and /readyz says 503 in between.
 */

const TOKEN = 'xoxb-outage-test-token-123';
const APP_TOKEN = 'xapp-1-outage-test-token-456';

const bots: BotProcess[] = [];
const slacks: LocalSlack[] = [];
afterEach(async () => {
  for (const bot of bots.splice(0)) if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
  await Promise.all(slacks.splice(0).map((s) => s.stop()));
});

/** A local Slack and a bot connected to it over Socket Mode, ready. */
async function connected(): Promise<{ slack: LocalSlack; bot: BotProcess; readyz: () => Promise<Status> }> {
  const slack = await new LocalSlack().start();
  slacks.push(slack);
  const bot = await startBotProcess({
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_APP_TOKEN: APP_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    HEALTH_PORT: '0',
    HOST: '127.0.0.1',
  });
  bots.push(bot);
  const readyz = async () => {
    const response = await fetch(`http://127.0.0.1:${bot.port}/readyz`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  await waitUntil('the bot is ready', async () => (await readyz()).status === 200);
  return { slack, bot, readyz };
}

interface Status {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

const linesWith = (bot: BotProcess, text: string) =>
  bot
    .output()
    .split('\n')
    .filter((l) => l.includes(text));

describe('a Socket Mode bot when Slack goes away', () => {
  it('survives a 30 s outage: 503 from the first failed reconnect, one warning, one line with its length, no exit', async () => {
    const { slack, bot, readyz } = await connected();
    await slack.goAway();
    const down = await waitUntil('/readyz says 503', async () => {
      const r = await readyz();
      return r.status === 503 && r;
    });
    expect((await fetch(`http://127.0.0.1:${bot.port}/healthz`)).status).toBe(200);
    expect(JSON.parse(await bot.line('Slack is unreachable'))).toMatchObject({
      level: 40,
      slack: 'unreachable',
    });
    expect(down.body).toMatchObject({ ready: false, slack: { connected: false } });
    // Longer than the 25 s after which the Socket Mode client used to give up with an unhandled rejection.
    await new Promise((r) => setTimeout(r, 30_000));
    expect(bot.child.exitCode).toBeNull();
    expect((await readyz()).body).toMatchObject({ slack: { problem: 'unreachable' } });
    await slack.comeBack();
    await waitUntil('/readyz says 200', async () => (await readyz()).status === 200, { timeoutMs: 45_000 });
    const back = JSON.parse(await bot.line('Slack is reachable again')) as { downForMs: number };
    expect(back.downForMs).toBeGreaterThan(25_000);
    expect(linesWith(bot, 'Slack is unreachable')).toHaveLength(1);
    expect(linesWith(bot, 'unhandled rejection')).toEqual([]);
    expect(bot.output()).not.toMatch(/^\s+at \S|\\n\s+at \S/m);
    expect(await bot.stop()).toBe(0);
  }, 120_000);

  it('waits out a WebSocket that cannot be opened while the Web API still answers', async () => {
    const { slack, bot, readyz } = await connected();
    slack.refuseSockets(true);
    slack.dropSockets();
    await waitUntil('/readyz says 503', async () => (await readyz()).status === 503);
    await bot.line('Socket Mode WebSocket could not be opened');
    const opens = slack.callsTo('apps.connections.open').length;
    await waitUntil('it tried again', () => slack.callsTo('apps.connections.open').length > opens + 1, {
      timeoutMs: 15_000,
    });
    slack.refuseSockets(false);
    await waitUntil('/readyz says 200', async () => (await readyz()).status === 200, { timeoutMs: 45_000 });
    await bot.line('Slack is reachable again');
    expect(linesWith(bot, 'could not be opened')).toHaveLength(1);
    expect(linesWith(bot, 'unhandled rejection')).toEqual([]);
    expect(await bot.stop()).toBe(0);
  }, 90_000);

  it('acks every /kubecon around 20 refreshes in a row within 3 s, also on the connection being refreshed', async () => {
    const { slack, bot, readyz } = await connected();
    await slack.waitFor(() => slack.socketCount === SOCKET_OPTIONS.connections);
    const ackTimes: number[] = [];
    /** A /kubecon on this connection (Slack's pick by default); resolves with how long its ack took. */
    const command = async (on?: readonly WebSocket[]) => {
      const started = performance.now();
      const n = ackTimes.length;
      // A different person each time: one person's 60 questions would meet the rate limit.
      const payload = slashCommand('prometheus at scale', slack.responseUrl(`refresh-${n}`), `U0REFRESH${n}`);
      const ack = await slack.sendEnvelope('slash_commands', payload, {}, on, 5000);
      expect(JSON.stringify(ack.payload)).toContain('Prometheus');
      ackTimes.push(performance.now() - started);
    };
    for (let refresh = 0; refresh < 20; refresh += 1) {
      const [oldest] = slack.appSockets;
      if (!oldest) throw new Error('no connection');
      slack.sendDisconnect('refresh_requested', [oldest]);
      // On the connection told to refresh (Slack sent it just after), and on whichever Slack picks.
      await Promise.all([command([oldest]), command(), command()]);
      await waitUntil(
        'the refreshed connection is replaced',
        () => slack.socketCount === SOCKET_OPTIONS.connections && !slack.appSockets.includes(oldest),
      );
      expect((await readyz()).status).toBe(200);
    }
    const worst = Math.max(...ackTimes);
    process.stdout.write(
      `refresh: ${ackTimes.length} commands over 20 refreshes, worst ack ${Math.round(worst)} ms\n`,
    );
    expect(ackTimes).toHaveLength(60);
    // Slack's 3 s is the benchmark's target (`npm run bench -- --only faults`); here, on a shared machine, a
    // generous bound: every command is acked, none waits for a reconnect (which took 5 s before).
    expect(worst).toBeLessThan(10_000);
    expect(bot.output()).not.toMatch(/"level":(40|50)/);
    expect(await bot.stop()).toBe(0);
  }, 120_000);

  it('says once that Socket Mode is turned off, stays not ready, and does not retry every few seconds', async () => {
    const { slack, bot, readyz } = await connected();
    const opens = slack.callsTo('apps.connections.open').length;
    slack.setSocketMode(false);
    const line = JSON.parse(await bot.line('Socket Mode is turned off')) as { level: number; msg: string };
    expect(line.level).toBe(40);
    expect(line.msg).toMatch(/turn on Socket Mode .* or unset SLACK_APP_TOKEN and use the HTTP transport/);
    const down = await readyz();
    expect(down).toMatchObject({
      status: 503,
      body: { slack: { connected: false, problem: 'link_disabled' } },
    });
    // The client used to reconnect every 5 s; now it checks again after minutes.
    await new Promise((r) => setTimeout(r, 12_000));
    expect(slack.callsTo('apps.connections.open').length).toBe(opens);
    expect((await readyz()).status).toBe(503);
    expect(linesWith(bot, 'Socket Mode is turned off')).toHaveLength(1);
    expect(await bot.stop()).toBe(0);
  }, 60_000);
});
