import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSlack } from '../../../src/local-slack/local-slack.js';
import { postMessage } from '../../../src/local-slack/people.js';
import { type StoredMessage, WORKSPACE } from '../../../src/local-slack/workspace.js';
import { type RunningBot, startBot } from '../../e2e/harness.js';

/**
 * Follow-ups without a mention: in a channel thread the bot answered, only a confident answer is posted,
 * and colleagues talking there are left alone; in mentions-only mode there are none, and no channel is
 * ever read. The real Bolt app over Socket Mode against the local Slack.
 */

const you = WORKSPACE.you;
const team: string = WORKSPACE.channel.id;
const dm: string = WORKSPACE.dm.id;

const blocksOf = (m: StoredMessage | undefined) => JSON.stringify(m?.blocks ?? []);

/** A bot on its own local Slack, with these variables. */
function setUp(env: Record<string, string> = {}) {
  const parts = {} as { slack: LocalSlack; bot: RunningBot };
  beforeAll(async () => {
    parts.slack = await new LocalSlack().start();
    parts.bot = await startBot(parts.slack, 'socket', { env });
  });
  afterAll(async () => {
    await parts.bot.stop();
    await parts.slack.stop();
  });
  return parts;
}

/** What the bot said in a thread. */
const botReplies = (slack: LocalSlack, channel: string, thread: string) =>
  slack.store.thread(channel, thread, you.id).filter((m) => m.bot_id !== undefined);

/** Lets messages already delivered be handled (silence cannot be awaited). */
const settle = () => new Promise((r) => setTimeout(r, 300));

/** A metric's value from the bot's /metrics registry (0 when never counted). */
async function metric(bot: RunningBot, name: string): Promise<number> {
  const text = await bot.deps.metrics.registry.metrics();
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
}

describe('follow-ups in a channel thread the bot answered', () => {
  const on = setUp();

  it('leaves colleagues talking in the thread alone: no post, no gap, no declined question', async () => {
    const { slack, bot } = on;
    const asked = await postMessage(slack, { user: you, channel: team, text: '@kubecon what about loki?' });
    await slack.waitFor(() => botReplies(slack, team, asked.ts).length === 1);
    const declinedBefore = await metric(bot, 'kubecon_questions_declined_total');
    for (const text of ['thanks!', 'see you at standup', 'help', 'tip'])
      await postMessage(slack, { user: you, channel: team, text, threadTs: asked.ts });
    await settle();
    expect(botReplies(slack, team, asked.ts)).toHaveLength(1);
    expect(await bot.deps.gaps.list()).toEqual([]);
    expect(await metric(bot, 'kubecon_questions_declined_total')).toBe(declinedBefore);
  });

  it('answers a follow-up it is confident about, without a mention', async () => {
    const { slack } = on;
    const asked = await postMessage(slack, { user: you, channel: team, text: '@kubecon what about loki?' });
    await slack.waitFor(() => botReplies(slack, team, asked.ts).length === 1);
    await postMessage(slack, { user: you, channel: team, text: 'and linkerd?', threadTs: asked.ts });
    const [, answer] = await slack.waitFor(() => {
      const replies = botReplies(slack, team, asked.ts);
      return replies.length === 2 && replies;
    });
    expect(blocksOf(answer)).toContain('Service Meshes');
  });

  it('always replies to a mention in the thread, even when it has nothing', async () => {
    const { slack, bot } = on;
    const asked = await postMessage(slack, { user: you, channel: team, text: '@kubecon what about loki?' });
    await slack.waitFor(() => botReplies(slack, team, asked.ts).length === 1);
    await postMessage(slack, {
      user: you,
      channel: team,
      text: '@kubecon see you at standup',
      threadTs: asked.ts,
    });
    const [, reply] = await slack.waitFor(() => {
      const replies = botReplies(slack, team, asked.ts);
      return replies.length === 2 && replies;
    });
    expect(reply?.text).toContain('couldn’t find anything');
    expect((await bot.deps.gaps.list()).map((g) => g.query)).toContain('see you at standup');
  });
});

describe('mentions-only mode (MENTIONS_ONLY=true)', () => {
  const on = setUp({ MENTIONS_ONLY: 'true' });

  it('answers mentions, reads one in a thread alone, ignores follow-ups without one, never reads a channel', async () => {
    const { slack } = on;
    const asked = await postMessage(slack, { user: you, channel: team, text: '@kubecon what about loki?' });
    await slack.waitFor(() => botReplies(slack, team, asked.ts).length === 1);
    await postMessage(slack, { user: you, channel: team, text: 'and linkerd?', threadTs: asked.ts });
    await settle();
    expect(botReplies(slack, team, asked.ts)).toHaveLength(1);

    await postMessage(slack, { user: you, channel: team, text: '@kubecon and linkerd?', threadTs: asked.ts });
    const [, answer] = await slack.waitFor(() => {
      const replies = botReplies(slack, team, asked.ts);
      return replies.length === 2 && replies;
    });
    expect(blocksOf(answer)).toContain('Service Meshes');
    expect(blocksOf(answer)).not.toContain('Read together');
    const reads = slack.calls.filter((c) => c.method.startsWith('conversations.'));
    expect(reads).toEqual([]);
  });

  it('still answers direct messages, and reads a DM thread back', async () => {
    const { slack } = on;
    const asked = await postMessage(slack, { user: you, channel: dm, text: 'what about loki?' });
    await slack.waitFor(() => slack.store.history(dm).find((m) => m.bot_id !== undefined));
    await postMessage(slack, { user: you, channel: dm, text: 'is it production ready?', threadTs: asked.ts });
    const reply = await slack.waitFor(() => botReplies(slack, dm, asked.ts)[0]);
    expect(blocksOf(reply)).toContain('Read together with the earlier question');
    const reads = slack.calls.filter((c) => c.method.startsWith('conversations.'));
    expect(reads.map((c) => c.body.channel)).toEqual([dm]);
  });
});
