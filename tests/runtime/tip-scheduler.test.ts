import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSlack } from '../../src/local-slack/local-slack.js';
import { TIP_EVENT_TYPE } from '../../src/slack/daily-tip.js';
import { runScript } from '../run.js';

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

/** Runs `npm start`'s entry point with these variables for `ms`, then sends SIGTERM. */
const runBot = (env: Record<string, string>, ms: number) =>
  runScript('src/main.ts', [], { env, sigtermAfterMs: ms, timeoutMs: ms + 15_000 });

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
    // Long enough to start from the sources on a busy shared machine (a cold start also starts a parse worker).
    const first = await runBot(env, 15_000);
    const second = await runBot(env, 15_000);
    for (const run of [first, second]) {
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).not.toContain('xoxb-sched-test-token');
    }
    expect(first.stdout).toContain('"kind":"posted"');
    expect(second.stdout).toContain('"kind":"already-posted"');
    const tips = fake
      .callsTo('chat.postMessage')
      .filter((c) => (c.body.metadata as { event_type?: string } | undefined)?.event_type === TIP_EVENT_TYPE);
    expect(tips).toHaveLength(1);
    expect(tips[0]?.body.channel).toBe('C0SCHED001');
  }, 90_000);
});
