import { afterEach, describe, expect, it } from 'vitest';
import { LocalSlack, type TokenRule } from '../../src/local-slack/local-slack.js';
import { waitUntil } from '../helpers.js';
import { type LaunchedProcess, launchBotProcess } from '../run.js';

/**
 * Start-up that explains itself: the real process against the local Slack over real sockets. What no retry
 * fixes ends the process with exit 1 and one line naming the variable to fix; an unreachable Slack is waited
 * out with /healthz 200 and /readyz 503 until it answers.
 */

const SECRET = 'start-up-signing-secret-789';
let seq = 0;
/** Tokens shaped like Slack's, new for each test, so a rule set for one never touches another. */
const tokens = () => {
  seq += 1;
  return { bot: `xoxb-start-up-${seq}-bottoken`, app: `xapp-1-start-up-${seq}-apptoken` };
};

const running: LaunchedProcess[] = [];
const slacks: LocalSlack[] = [];
afterEach(async () => {
  for (const bot of running.splice(0)) if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
  await Promise.all(slacks.splice(0).map((s) => s.stop()));
});

async function localSlack(): Promise<LocalSlack> {
  const slack = await new LocalSlack().start();
  slacks.push(slack);
  return slack;
}

type Transport = 'http' | 'socket';

/** The variables of a bot in this transport, pointed at this local Slack. */
function envFor(slack: LocalSlack, transport: Transport, t: { bot: string; app: string }) {
  return {
    SLACK_BOT_TOKEN: t.bot,
    ...(transport === 'socket' ? { SLACK_APP_TOKEN: t.app } : { SLACK_SIGNING_SECRET: SECRET }),
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    HEALTH_PORT: '0',
    HOST: '127.0.0.1',
  };
}

function launch(env: Record<string, string>): LaunchedProcess {
  const bot = launchBotProcess(env);
  running.push(bot);
  return bot;
}

/** Lines that look like a stack trace, in text or inside a JSON log line. */
const STACK = /^\s+at \S|\\n\s+at \S|"stack"/m;

interface FatalCase {
  readonly name: string;
  readonly transport: Transport;
  readonly token: 'bot' | 'app';
  readonly rule: TokenRule;
  readonly variable: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN';
  readonly code: string;
}

const FATAL: readonly FatalCase[] = [
  {
    name: 'a wrong bot token (HTTP)',
    transport: 'http',
    token: 'bot',
    rule: { error: 'invalid_auth' },
    variable: 'SLACK_BOT_TOKEN',
    code: 'invalid_auth',
  },
  {
    name: 'a wrong bot token (Socket Mode)',
    transport: 'socket',
    token: 'bot',
    rule: { error: 'not_authed' },
    variable: 'SLACK_BOT_TOKEN',
    code: 'not_authed',
  },
  {
    name: 'a revoked bot token',
    transport: 'socket',
    token: 'bot',
    rule: { error: 'token_revoked' },
    variable: 'SLACK_BOT_TOKEN',
    code: 'token_revoked',
  },
  {
    name: 'a bot token of a deactivated app',
    transport: 'http',
    token: 'bot',
    rule: { error: 'account_inactive' },
    variable: 'SLACK_BOT_TOKEN',
    code: 'account_inactive',
  },
  {
    name: 'a wrong app-level token',
    transport: 'socket',
    token: 'app',
    rule: { error: 'invalid_auth' },
    variable: 'SLACK_APP_TOKEN',
    code: 'invalid_auth',
  },
  {
    name: 'a revoked app-level token',
    transport: 'socket',
    token: 'app',
    rule: { error: 'token_revoked' },
    variable: 'SLACK_APP_TOKEN',
    code: 'token_revoked',
  },
  {
    name: 'a token of the wrong kind in SLACK_APP_TOKEN',
    transport: 'socket',
    token: 'app',
    rule: { kind: 'bot' },
    variable: 'SLACK_APP_TOKEN',
    code: 'not_allowed_token_type',
  },
  {
    name: 'an app-level token without connections:write',
    transport: 'socket',
    token: 'app',
    rule: { scopes: ['authorizations:read'] },
    variable: 'SLACK_APP_TOKEN',
    code: 'missing_scope',
  },
];

describe('npm start with credentials Slack refuses', () => {
  it.each(FATAL)('exits 1 on $name, with one line naming $variable and no token or stack', async (c) => {
    const slack = await localSlack();
    const t = tokens();
    slack.setToken(t[c.token], c.rule);
    const bot = launch(envFor(slack, c.transport, t));
    expect(await bot.exited).toBe(1);
    const output = bot.output();
    const lines = output.split('\n').filter((l) => l.includes(c.variable));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`(${c.code})`);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ level: 60 });
    expect(output).not.toContain(t.bot);
    expect(output).not.toContain(t.app);
    expect(output).not.toMatch(STACK);
    expect(output).not.toContain('kubecon-bot is running');
  });

  it('exits 1 with one line naming SLACK_APP_TOKEN when it holds a bot token', async () => {
    const slack = await localSlack();
    const t = tokens();
    const bot = launch({ ...envFor(slack, 'socket', t), SLACK_APP_TOKEN: `xoxb-${t.app}` });
    expect(await bot.exited).toBe(1);
    const lines = bot
      .output()
      .split('\n')
      .filter((l) => l.includes('SLACK_APP_TOKEN'));
    expect(lines).toHaveLength(1);
    expect(bot.output()).not.toContain(t.app);
    expect(bot.output()).not.toMatch(STACK);
    expect(slack.calls).toEqual([]);
  });
});

describe('npm start with a bot token short of scopes', () => {
  it('names the missing scopes in one warning and keeps running', async () => {
    const slack = await localSlack();
    const t = tokens();
    slack.setToken(t.bot, { scopes: ['commands', 'chat:write', 'app_mentions:read', 'im:history'] });
    const bot = launch(envFor(slack, 'http', t));
    const running = JSON.parse(await bot.line('kubecon-bot is running')) as { port: number };
    const lines = bot
      .output()
      .split('\n')
      .filter((l) => l.includes('lacks the scopes'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      level: 40,
      missingScopes: ['channels:history', 'groups:history', 'assistant:write'],
    });
    expect((await fetch(`http://127.0.0.1:${running.port}/readyz`)).status).toBe(200);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  });

  it('asks for no history scope in mentions-only mode and no panel scope with the panel off', async () => {
    const slack = await localSlack();
    const t = tokens();
    slack.setToken(t.bot, { scopes: ['commands', 'chat:write', 'app_mentions:read', 'im:history'] });
    const bot = launch({ ...envFor(slack, 'http', t), MENTIONS_ONLY: 'true', ASSISTANT_PANEL: 'false' });
    await bot.line('kubecon-bot is running');
    expect(bot.output()).not.toContain('lacks the scopes');
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  });
});

describe('npm start while Slack is unreachable', () => {
  it.each(['http', 'socket'] as const)(
    'in %s mode serves /healthz 200 and /readyz 503 while it retries, then gets ready when Slack answers',
    async (transport) => {
      const slack = await localSlack();
      await slack.goAway();
      const t = tokens();
      const bot = launch(envFor(slack, transport, t));
      const { port } = JSON.parse(await bot.line('health checks are served')) as { port: number };
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const warning = JSON.parse(await bot.line('Slack is unreachable')) as Record<string, unknown>;
      expect(warning).toMatchObject({ level: 40, slack: 'unreachable' });
      expect(String(warning.msg)).toContain('ECONNREFUSED');
      const down = await fetch(`${base}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({
        ready: false,
        slack: { connected: false, problem: 'unreachable' },
      });
      if (transport === 'http') {
        const early = await fetch(`${base}/slack/events`, { method: 'POST', body: '{}' });
        expect(early.status).toBe(503); // Slack retries it
      }
      // Retried a few times, told once.
      await waitUntil('the bot has retried', () => bot.output().includes('"retryInMs"') && bot, {
        timeoutMs: 5000,
      });
      await new Promise((r) => setTimeout(r, 2500));
      expect(
        bot
          .output()
          .split('\n')
          .filter((l) => l.includes('Slack is unreachable')),
      ).toHaveLength(1);

      await slack.comeBack();
      const ready = await waitUntil(
        '/readyz says ready',
        async () => {
          const response = await fetch(`${base}/readyz`);
          return response.status === 200 && ((await response.json()) as Record<string, unknown>);
        },
        { timeoutMs: 40_000, everyMs: 200 },
      );
      expect(ready).toMatchObject({ ready: true, slack: { connected: true, problem: null } });
      expect(JSON.parse(await bot.line('Slack is reachable again'))).toMatchObject({ level: 30 });
      await bot.line('kubecon-bot is running');
      expect(slack.callsTo('auth.test').length).toBeGreaterThan(0);
      if (transport === 'socket') await slack.waitFor(() => slack.socketCount === 2);
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
      expect(bot.output()).not.toMatch(STACK);
      expect(bot.output()).not.toContain(t.bot);
    },
    60_000,
  );

  it('stops at once on SIGTERM while it waits for Slack', async () => {
    const slack = await localSlack();
    await slack.goAway();
    const bot = launch(envFor(slack, 'socket', tokens()));
    // Under a loaded CI machine the start can be slow; the wait ends before the test's own timeout, so
    // a failure shows what the bot said instead of a bare timeout.
    await bot.line('Slack is unreachable', 40_000);
    const at = Date.now();
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(Date.now() - at).toBeLessThan(5000);
    expect(bot.output()).not.toContain('kubecon-bot is running');
  }, 60_000);
});
