import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/core/answers/answer.js';
import { SHELL_TEXT } from '../../src/core/answers/copy.js';
import { runShell, shellReply } from '../../src/shell/shell.js';
import { reportIndex } from '../helpers.js';
import { runScript } from '../run.js';

describe('the local shell', () => {
  it.each([
    [
      '/kubecon service mesh',
      [
        '(only you can see this)',
        'Service Meshes',
        '[Share in channel]',
        '▶ Linkerd talk] → https://www.youtube.com/watch?v=E-zuggDfv0A',
      ],
    ],
    ['@kubecon what about thanos?', ['(in the thread)', 'Prometheus at Scale', '[👍]']],
    ['help', ['/kubecon <question>', '[Service meshes]']],
    ['/kubecon topics', ['Topics in the notes', '[Distributed tracing]']],
    ['tip', ['A tip from the notes', '[Read more]']],
    ['banana', ['couldn’t find anything about “banana”']],
    ['@kubecon', ['I answer from the team', '/kubecon tip']],
  ])('answers %j as Slack would', async (line, expected) => {
    const index = await reportIndex();
    const reply = shellReply(
      line,
      index,
      (q) => answerQuestion(index, q),
      () => 0,
    );
    for (const text of expected) expect(reply).toContain(text);
  });

  it('answers every piped line and returns at end of input', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (d: Buffer) => {
      printed += d;
    });
    const index = await reportIndex();
    const done = runShell({
      index: () => index,
      ask: (q) => answerQuestion(index, q),
      input,
      output,
      interactive: false,
      random: () => 0,
    });
    input.end('/kubecon loki\n\n@kubecon gatekeeper\n');
    await done;
    expect(printed.startsWith(SHELL_TEXT.banner)).toBe(true);
    expect(printed).toContain('The Logging Problem');
    expect(printed).toContain('Wrap Up');
  });
});

describe('npm start with no .env and no Slack credentials', () => {
  it('runs the local shell on the shipped knowledge and exits at end of input', async () => {
    const result = await runScript('src/main.ts', [], { input: '/kubecon loki\n' });
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(SHELL_TEXT.banner);
    expect(result.stdout).toContain('Loki talk');
    expect(result.stderr).toBe('');
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
    expect(result.stdout).toContain('TIP_SCHEDULE does not fire in the coming year');
  });
});
