import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LocalSlack } from '../../../src/local-slack/local-slack.js';
import { clickButton, postMessage, runCommand } from '../../../src/local-slack/people.js';
import { type StoredMessage, WORKSPACE } from '../../../src/local-slack/workspace.js';
import { type RunningBot, startBot } from '../../e2e/harness.js';

/**
 * Answers where people talk: paging and related results on the bot's own messages in a thread or DM, and
 * Share wherever /kubecon works. The real Bolt app over Socket Mode against the local Slack, driven by what
 * people do (people.ts), checked in the local Slack's messages and recorded calls.
 */

const you = WORKSPACE.you;
const someone = { id: 'U0SOMEONE1', name: 'someone' };
const team: string = WORKSPACE.channel.id;
const dm: string = WORKSPACE.dm.id;

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
beforeEach(() => {
  slack.reset();
  slack.setResponseStatus(200);
});

const blocksOf = (m: StoredMessage | undefined) => JSON.stringify(m?.blocks ?? []);
const botReplies = (channel: string, thread: string) =>
  slack.store.thread(channel, thread, you.id).filter((m) => m.bot_id !== undefined);

/** Asks with a mention in #team and resolves with the bot's answer in the thread. */
async function askInThread(text: string): Promise<{ asked: StoredMessage; answer: StoredMessage }> {
  const asked = await postMessage(slack, { user: you, channel: team, text: `@kubecon ${text}` });
  const answer = await slack.waitFor(() => botReplies(team, asked.ts)[0]);
  return { asked, answer };
}

describe('paging an answer in a thread or DM', () => {
  it('edits the bot’s own message in the thread with chat.update, for everyone, posting nothing new', async () => {
    const { asked, answer } = await askInThread('observability');
    expect(blocksOf(answer)).toMatch(/Result 1 of [2-5]/);
    await clickButton(slack, {
      user: someone,
      at: { channel: team, ts: answer.ts },
      actionId: 'answer_next',
    });
    const update = await slack.waitFor(() => slack.callsTo('chat.update')[0]);
    expect(update.body).toMatchObject({ channel: team, ts: answer.ts });
    await slack.waitFor(() => blocksOf(answer).includes('Result 2 of'));
    expect(blocksOf(answer)).toContain('answer_previous');
    expect(botReplies(team, asked.ts)).toEqual([answer]);

    await clickButton(slack, {
      user: you,
      at: { channel: team, ts: answer.ts },
      actionId: 'answer_previous',
    });
    await slack.waitFor(() => blocksOf(answer).includes('Result 1 of'));
  });

  it('pages an answer in a DM the same way', async () => {
    await postMessage(slack, { user: you, channel: dm, text: 'observability' });
    const answer = await slack.waitFor(() => slack.store.history(dm).find((m) => m.bot_id !== undefined));
    await clickButton(slack, { user: you, at: { channel: dm, ts: answer.ts }, actionId: 'answer_next' });
    await slack.waitFor(() => blocksOf(answer).includes('Result 2 of'));
    expect(slack.callsTo('chat.update').at(-1)?.body).toMatchObject({ channel: dm, ts: answer.ts });
  });

  it('opens an “Also relevant” result for the clicker only, in the thread', async () => {
    const { asked, answer } = await askInThread('observability');
    await clickButton(slack, {
      user: someone,
      at: { channel: team, ts: answer.ts },
      actionId: 'answer_related_2',
    });
    const shown = await slack.waitFor(() =>
      slack.store.thread(team, asked.ts, someone.id).find((m) => m.visibleTo === someone.id),
    );
    expect(blocksOf(shown)).toContain('Result 3 of');
    expect(blocksOf(shown)).toContain('answer_share');
    expect(slack.store.thread(team, asked.ts, you.id)).not.toContain(shown);
    expect(blocksOf(answer)).toContain('Result 1 of');
  });
});

describe('Share, wherever /kubecon works', () => {
  /** /kubecon in a conversation, then Share on its ephemeral answer; resolves with that answer. */
  async function shareFrom(channel: string, question: string): Promise<StoredMessage> {
    await runCommand(slack, { user: you, channel, command: '/kubecon', text: question });
    const answer = await slack.waitFor(() => slack.store.timeline(channel, you.id).at(-1)?.message);
    expect(answer.visibleTo).toBe(you.id);
    await clickButton(slack, { user: you, at: { channel, ts: answer.ts }, actionId: 'answer_share' });
    return answer;
  }
  const sharedIn = (channel: string) =>
    slack.store.history(channel).find((m) => blocksOf(m).includes('shared an answer'));

  for (const [where, channel] of [
    ['a channel the bot is not in', 'C0OUTSIDE1'],
    ['a DM between people', 'D0PEOPLE01'],
  ] as const) {
    it(`posts the answer for everyone in ${where} through the response URL, and removes the ephemeral copy`, async () => {
      slack.withoutBot(channel);
      const answer = await shareFrom(channel, 'linkerd');
      const shared = await slack.waitFor(() => sharedIn(channel));
      expect(shared.visibleTo).toBeUndefined();
      expect(slack.store.timeline(channel, someone.id).map((e) => e.message)).toContain(shared);
      await slack.waitFor(() => !slack.store.timeline(channel, you.id).some((e) => e.message === answer));
      expect(slack.callsTo('chat.postMessage')).toEqual([]);
    });
  }

  it('falls back to chat.postMessage where the bot is a member when the response URL fails', async () => {
    await runCommand(slack, { user: you, channel: team, command: '/kubecon', text: 'linkerd' });
    const answer = await slack.waitFor(() => slack.store.timeline(team, you.id).at(-1)?.message);
    slack.setResponseStatus(404);
    await clickButton(slack, { user: you, at: { channel: team, ts: answer.ts }, actionId: 'answer_share' });
    const shared = await slack.waitFor(() => sharedIn(team));
    expect(slack.callsTo('chat.postMessage').at(-1)?.body.channel).toBe(team);
    expect(shared.visibleTo).toBeUndefined();
  });
});
