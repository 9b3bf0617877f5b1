import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCTION_NEEDS_SLACK } from '../../src/local-slack/front-end.js';
import { LocalSlack } from '../../src/local-slack/local-slack.js';
import { runShell, SHELL_BANNER, shellLine, shellSession } from '../../src/local-slack/shell.js';
import { type RunningBot, startBot } from '../e2e/harness.js';
import { runScript, startBotProcess } from '../run.js';

/** The terminal shell: a client of the local Slack, so each line gets exactly what Slack would show. */

let slack: LocalSlack;
let bot: RunningBot;

beforeAll(async () => {
  slack = await new LocalSlack().start();
  bot = await startBot(slack, 'socket');
});
afterAll(async () => {
  await bot.stop();
  await slack.stop();
});

describe('the terminal shell', () => {
  it.each([
    [
      '/kubecon service mesh',
      [
        '(only you can see this)',
        'Service Meshes',
        '[Share in channel]',
        '[▶ Linkerd talk] → https://www.youtube.com/',
      ],
    ],
    ['@kubecon what about thanos?', ['(in the thread)', 'Prometheus at Scale', '[👍]']],
    // The mention path reads keywords as Slack does: help, topics and tip are not searched for.
    ['@kubecon help', ['(in the thread)', 'I answer from the team', '[Service meshes]']],
    ['@kubecon topics', ['(in the thread)', 'Topics in the notes', '[Distributed tracing]']],
    ['@kubecon tip', ['(in the thread)', '== 💡 A tip from the notes ==', '[Read more]']],
    ['help', ['/kubecon <question>', '[Service meshes]']],
    ['/kubecon topics', ['(only you can see this)', 'Topics in the notes']],
    ['tip', ['A tip from the notes', '[Read more]']],
    ['banana', ['couldn’t find anything about “banana”']],
    ['@kubecon', ['I answer from the team', '/kubecon tip']],
    [`/kubecon loki ${'and more '.repeat(40)}`, ['ℹ️ Your question was long']],
  ])('answers %j as Slack would', async (line, expected) => {
    const reply = await shellLine(slack, line);
    for (const text of expected) expect(reply).toContain(text);
  });

  it('presses a button of the last reply by its label: Next replaces the answer, Share posts it in #team', async () => {
    const shell = shellSession(slack);
    expect(await shell.answer('/kubecon observability')).toContain('Result 1 of 4');
    const next = await shell.answer('[next result]');
    expect(next).toMatch(/^\(replaced\)\n\(only you can see this\)/);
    expect(next).toContain('Result 2 of 4');
    const shared = await shell.answer('[Share]');
    expect(shared).toContain('(the message with the button is gone)');
    expect(shared).toContain('(in #team)\n  @you shared an answer to “observability”');
    expect(await shell.answer('[Share]')).toBe('(no button “Share” on the last reply)');
    expect(await shell.answer('/kubecon linkerd')).toContain('[▶ Linkerd talk]');
    expect(await shell.answer('[Linkerd talk]')).toBe(
      '(a link: https://www.youtube.com/watch?v=E-zuggDfv0A)',
    );
  });

  it('answers every piped line and returns at end of input', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (d: Buffer) => {
      printed += d;
    });
    const done = runShell({ slack, input, output, interactive: false });
    input.end('/kubecon loki\n\n@kubecon gatekeeper\n');
    await done;
    expect(printed.startsWith(SHELL_BANNER)).toBe(true);
    expect(printed).toContain('The Logging Problem');
    expect(printed).toContain('Wrap Up');
  });
});

describe('npm start with no .env and no Slack credentials', () => {
  it('runs the shell against the local Slack when input is piped, and exits at its end', async () => {
    const result = await runScript('src/main.ts', [], { input: '/kubecon loki\n@kubecon topics\n' });
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(SHELL_BANNER);
    expect(result.stdout).toContain('Loki talk');
    expect(result.stdout).toContain('Topics in the notes');
    expect(result.stderr).toBe('');
  });

  it('serves the playground when there is no input, its URL on the first line, on 127.0.0.1', async () => {
    const bot = await startBotProcess({ PORT: '0' });
    expect(await bot.stop()).toBe(0);
    expect(bot.output().split('\n')[0]).toMatch(/^kubecon-bot playground: http:\/\/localhost:\d+\/ /);
    expect(bot.output()).not.toContain('warning');
  });

  it('warns when the playground listens on more than the loopback address', async () => {
    const bot = await startBotProcess({ PORT: '0', HOST: '0.0.0.0' });
    await bot.stop();
    expect(bot.output()).toMatch(/^warning: the playground listens on 0\.0\.0\.0 \(HOST\)/m);
  });

  it('says which port is taken when the playground cannot listen', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const result = await runScript('src/main.ts', ['--playground'], { env: { PORT: String(port) } });
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(
        `kubecon-bot could not start: kubecon-bot: invalid configuration: PORT ${port} is in use on 127.0.0.1: stop what uses it, or set PORT to another port`,
      );
    } finally {
      taken.close();
    }
  });

  it('refuses to start in production without Slack credentials: one line naming them, exit 1', async () => {
    const result = await runScript('src/main.ts', [], { env: { NODE_ENV: 'production' }, input: 'tip\n' });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      `kubecon-bot could not start: kubecon-bot: invalid configuration: ${PRODUCTION_NEEDS_SLACK}`,
    ]);
    expect(result.stderr).toMatch(/SLACK_BOT_TOKEN.*SLACK_APP_TOKEN.*SLACK_SIGNING_SECRET/);
  });

  it('refuses to start on invalid configuration, naming the variable but not its value', async () => {
    const result = await runScript('src/main.ts', [], {
      env: { SLACK_BOT_TOKEN: 'xoxb-1-2-secretish', PORT: 'x' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/PORT/);
    expect(result.stderr).toMatch(/SLACK_SIGNING_SECRET is required/);
    expect(result.stderr).not.toContain('secretish');
  });

  it('warns at start-up when TIP_SCHEDULE never fires', async () => {
    const result = await runScript('src/main.ts', [], {
      env: { TIP_SCHEDULE: '0 0 31 2 *' },
      input: 'topics\n',
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('TIP_SCHEDULE does not fire in the coming year');
  });
});
