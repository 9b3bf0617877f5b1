import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSlack } from '../../src/local-slack/local-slack.js';
import { retryDelay, SCHEDULER_OPTIONS } from '../../src/runtime/tip-scheduler.js';
import { TIP_EVENT_TYPE } from '../../src/slack/daily-tip.js';
import { startBotProcess } from '../run.js';

let fake: LocalSlack;
beforeAll(async () => {
  fake = await new LocalSlack().start();
});
afterAll(() => fake.stop());

/** A fixed-offset zone where it is now around noon, so a run never straddles local midnight. */
function noonZone(): string {
  const offset = Math.max(-12, Math.min(14, 12 - new Date().getUTCHours()));
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/**
 * Runs `npm start`'s entry point with these variables until its output says `until` (the scheduler's outcome
 * of the first due time), then sends SIGTERM. Waiting for the outcome, not for a fixed time, keeps the test
 * right on a loaded machine, where start-up alone can take seconds.
 */
async function runBot(env: Record<string, string>, until: string) {
  const bot = await startBotProcess(env, { timeoutMs: 60_000 });
  const deadline = Date.now() + 60_000;
  while (!bot.output().includes(until) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const code = await bot.stop();
  return { code, output: bot.output() };
}

describe('the tip scheduler in a running bot', () => {
  it('posts exactly one tip a day when the bot is started twice in a row with a schedule firing every 2 seconds', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'kubecon-data-'));
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-sched-test-token',
      SLACK_SIGNING_SECRET: 'sched-test-signing-secret',
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      TIP_CHANNEL: 'C0SCHED001',
      TIP_SCHEDULE: '*/2 * * * * *',
      TIP_TIMEZONE: noonZone(),
      LOG_LEVEL: 'info',
    };
    const first = await runBot(env, '"kind":"posted"');
    const second = await runBot(env, '"kind":"already-posted"');
    for (const run of [first, second]) {
      expect(run.code).toBe(0);
      expect(run.output).not.toMatch(/\n\s+at /); // no stack trace
      expect(run.output).not.toContain('xoxb-sched-test-token');
    }
    expect(first.output).toContain('"kind":"posted"');
    expect(second.output).toContain('"kind":"already-posted"');
    const tips = fake
      .callsTo('chat.postMessage')
      .filter((c) => (c.body.metadata as { event_type?: string } | undefined)?.event_type === TIP_EVENT_TYPE);
    expect(tips).toHaveLength(1);
    expect(tips[0]?.body.channel).toBe('C0SCHED001');
  });
});

describe('retryDelay', () => {
  it('retries a failed tip after 5 s, doubling up to a minute', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((failures) => retryDelay(SCHEDULER_OPTIONS.retryMs, failures));
    expect(delays).toEqual([5000, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000]);
  });
});
