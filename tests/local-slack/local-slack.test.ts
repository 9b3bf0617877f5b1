import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSlack, RESPONSE_URL_LIMITS } from '../../src/local-slack/local-slack.js';
import { clickButton, openHome, postMessage, runCommand } from '../../src/local-slack/people.js';
import { WORKSPACE } from '../../src/local-slack/workspace.js';
import { type RunningBot, SECRETS, startBot } from '../e2e/harness.js';

/**
 * What people do in the local Slack, handled by the real Bolt app over each transport: the same flows the
 * playground page and the shell offer, checked in the local Slack's stored messages and views.
 */

const you = WORKSPACE.you;
const team: string = WORKSPACE.channel.id;
const dm: string = WORKSPACE.dm.id;

for (const transport of ['socket', 'http'] as const) {
  describe(`people in the local Slack, delivered over ${transport === 'socket' ? 'Socket Mode' : 'signed HTTP'}`, () => {
    let slack: LocalSlack;
    let bot: RunningBot;

    beforeAll(async () => {
      slack = await new LocalSlack().start();
      bot = await startBot(slack, transport);
      if (transport === 'http')
        slack.deliverTo({
          transport: 'http',
          url: `http://127.0.0.1:${bot.port}/slack/events`,
          signingSecret: SECRETS.signingSecret,
        });
    });
    afterAll(async () => {
      await bot.stop();
      await slack.stop();
    });

    const timeline = (channel = team) => slack.store.timeline(channel, you.id).map((e) => e.message);
    const last = (channel = team) => timeline(channel).at(-1);

    it('shows /kubecon’s answer only to the asker; Next replaces it in place; Share posts it and removes it', async () => {
      const ack = await runCommand(slack, {
        user: you,
        channel: team,
        command: '/kubecon',
        text: 'observability',
      });
      expect(ack.ok).toBe(true);
      const answer = last();
      expect(answer?.visibleTo).toBe(you.id);
      expect(slack.store.timeline(team, 'U0SOMEONE1').map((e) => e.message)).not.toContain(answer);
      expect(slack.store.history(team)).not.toContain(answer);

      await clickButton(slack, {
        user: you,
        at: { channel: team, ts: answer?.ts ?? '' },
        actionId: 'answer_next',
      });
      await slack.waitFor(() => JSON.stringify(answer?.blocks).includes('Result 2 of 4'));
      expect(last()).toBe(answer);

      await clickButton(slack, {
        user: you,
        at: { channel: team, ts: answer?.ts ?? '' },
        actionId: 'answer_share',
      });
      const shared = await slack.waitFor(() =>
        slack.store
          .history(team)
          .find((m) => m.text.includes('Result 2') || JSON.stringify(m.blocks).includes('shared an answer')),
      );
      expect(shared.visibleTo).toBeUndefined();
      await slack.waitFor(() => !timeline().includes(answer as never));
    });

    it('answers a mention in its thread, and a follow-up there without a mention', async () => {
      const asked = await postMessage(slack, { user: you, channel: team, text: '@kubecon what about loki?' });
      expect(asked.text).toBe(`<@${WORKSPACE.bot.userId}> what about loki?`);
      await slack.waitFor(() => slack.store.thread(team, asked.ts, you.id).length === 2);
      await postMessage(slack, {
        user: you,
        channel: team,
        text: 'is it production ready?',
        threadTs: asked.ts,
      });
      const thread = await slack.waitFor(() => {
        const t = slack.store.thread(team, asked.ts, you.id);
        return t.length === 4 && t;
      });
      expect(JSON.stringify(thread[3]?.blocks)).toContain('Read together with the earlier question');
      expect(slack.store.timeline(team, you.id).find((e) => e.message.ts === asked.ts)?.replyCount).toBe(3);
    });

    it('answers a direct message in the DM', async () => {
      await postMessage(slack, { user: you, channel: dm, text: 'what is gatekeeper?' });
      const reply = await slack.waitFor(() => timeline(dm).find((m) => m.bot_id !== undefined));
      expect(JSON.stringify(reply.blocks)).toContain('Wrap Up');
    });

    it('publishes App Home when it is opened; a topic button there answers in the DM', async () => {
      await openHome(slack, you);
      const view = await slack.waitFor(() => slack.store.view(you.id));
      expect(JSON.stringify(view.blocks)).toContain('Tip of the day');
      const before = timeline(dm).length;
      await clickButton(slack, { user: you, at: { home: true }, actionId: 'ask_suggestion_4' });
      const answer = await slack.waitFor(() => timeline(dm).length > before && last(dm));
      expect(JSON.stringify(answer.blocks)).toContain('Distributed Tracing');
    });

    it('says no button was found when a message has changed', async () => {
      expect(
        await clickButton(slack, { user: you, at: { channel: team, ts: '1.000000' }, actionId: 'x' }),
      ).toBeUndefined();
    });
  });
}

describe('the local Slack’s Web API', () => {
  let slack: LocalSlack;
  beforeAll(async () => {
    slack = await new LocalSlack().start();
  });
  afterAll(() => slack.stop());

  const call = async (method: string, body: Record<string, unknown>, token = 'xoxb-test') => {
    const response = await fetch(`${slack.apiUrl}${method}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token !== '' && { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify(body),
    });
    return (await response.json()) as Record<string, unknown>;
  };

  it('keeps thread replies and ephemeral messages out of a channel’s history, as Slack does', async () => {
    const root = await call('chat.postMessage', { channel: 'C0OTHER01', text: 'root' });
    await call('chat.postMessage', { channel: 'C0OTHER01', text: 'reply', thread_ts: root.ts });
    await call('chat.postEphemeral', { channel: 'C0OTHER01', user: you.id, text: 'psst' });
    const history = await call('conversations.history', { channel: 'C0OTHER01' });
    expect((history.messages as { text: string }[]).map((m) => m.text)).toEqual(['root']);
    const replies = await call('conversations.replies', { channel: 'C0OTHER01', ts: root.ts });
    expect((replies.messages as { text: string }[]).map((m) => m.text)).toEqual(['root', 'reply']);
  });

  it('posts to a user id in the DM with that user', async () => {
    const posted = await call('chat.postMessage', { channel: you.id, text: 'hello' });
    expect(posted.channel).toBe(WORKSPACE.dm.id);
  });

  it('answers as Slack does without a token, for a method it does not know, and with nothing to post', async () => {
    expect(await call('auth.test', {}, '')).toEqual({ ok: false, error: 'not_authed' });
    expect(await call('files.upload', {})).toEqual({ ok: false, error: 'unknown_method' });
    expect(await call('chat.postMessage', { channel: team })).toEqual({ ok: false, error: 'no_text' });
  });

  it('sets an assistant thread’s status, prompts and title, with Slack’s errors for a wrong thread', async () => {
    const root = slack.store.add({
      channel: dm,
      ts: slack.nextTs(),
      subtype: 'assistant_app_thread',
      user: you.id,
      text: 'Chats from today',
      at: Date.now(),
    });
    const thread = { channel_id: dm, thread_ts: root.ts };
    expect(await call('assistant.threads.setStatus', { ...thread, status: 'is searching…' })).toEqual({
      ok: true,
    });
    const prompts = [{ title: 'Logging', message: 'Logging: what did the team learn?' }];
    expect(await call('assistant.threads.setSuggestedPrompts', { ...thread, prompts })).toEqual({ ok: true });
    expect(await call('assistant.threads.setTitle', { ...thread, title: 'what about loki?' })).toEqual({
      ok: true,
    });
    expect(slack.store.find(dm, root.ts)?.text).toBe('what about loki?');
    const replies = await call('conversations.replies', { channel: dm, ts: root.ts });
    expect(replies.messages).toEqual([expect.objectContaining({ subtype: 'assistant_app_thread' })]);

    const wrong = { ok: false, error: 'invalid_thread_ts' };
    expect(
      await call('assistant.threads.setStatus', { channel_id: dm, thread_ts: '1.2', status: 'x' }),
    ).toEqual(wrong);
    expect(await call('assistant.threads.setTitle', { thread_ts: root.ts, title: 'x' })).toEqual({
      ok: false,
      error: 'channel_not_found',
    });
    expect(await call('assistant.threads.setSuggestedPrompts', thread)).toEqual({
      ok: false,
      error: 'invalid_arguments',
    });
  });

  it('replaces, deletes or adds messages for posts to a response URL', async () => {
    const original = slack.store.add({
      channel: team,
      ts: slack.nextTs(),
      text: 'original',
      visibleTo: you.id,
      at: 0,
    });
    const url = slack.openResponseUrl({
      channel: team,
      user: you.id,
      original: { channel: team, ts: original.ts },
    });
    const post = (body: unknown) => fetch(url, { method: 'POST', body: JSON.stringify(body) });
    await post({ replace_original: true, text: 'replaced' });
    expect(slack.store.find(team, original.ts)?.text).toBe('replaced');
    await post({ text: 'another, only to you' });
    expect(slack.store.timeline(team, you.id).at(-1)?.message.visibleTo).toBe(you.id);
    await post({ delete_original: true });
    expect(slack.store.find(team, original.ts)).toBeUndefined();
  });

  it('answers not_in_channel where the bot is not a member, and channel_not_found for a DM between people', async () => {
    slack.withoutBot('C0OUTSIDE1');
    slack.withoutBot('D0PEOPLE01');
    expect(await call('chat.postMessage', { channel: 'C0OUTSIDE1', text: 'hello' })).toEqual({
      ok: false,
      error: 'not_in_channel',
    });
    expect(await call('chat.postMessage', { channel: 'D0PEOPLE01', text: 'hi' })).toEqual({
      ok: false,
      error: 'channel_not_found',
    });
    expect((await call('chat.postMessage', { channel: 'C0OTHER01', text: 'member' })).ok).toBe(true);
  });

  it('posts an in_channel response for everyone, even where the bot is not a member', async () => {
    slack.withoutBot('C0OUTSIDE2');
    const url = slack.openResponseUrl({ channel: 'C0OUTSIDE2', user: you.id });
    const response = await fetch(url, {
      method: 'POST',
      body: JSON.stringify({ response_type: 'in_channel', text: 'for everyone' }),
    });
    expect(response.status).toBe(200);
    const [message] = slack.store.history('C0OUTSIDE2');
    expect(message).toMatchObject({ text: 'for everyone', bot_id: WORKSPACE.bot.botId });
    expect(message?.visibleTo).toBeUndefined();
    expect(slack.responses.at(-1)?.body.response_type).toBe('in_channel');
  });

  it('takes five posts to a response URL within 30 minutes, as Slack does, and refuses the rest', async () => {
    const post = (url: string) =>
      fetch(url, { method: 'POST', body: JSON.stringify({ text: 'again' }) }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as Record<string, unknown>,
      }));
    const url = slack.openResponseUrl({ channel: team, user: you.id });
    const statuses = [];
    for (let i = 0; i < RESPONSE_URL_LIMITS.uses + 1; i++) statuses.push((await post(url)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
    expect((await post(url)).body.error).toBe('used_url');

    const fresh = slack.openResponseUrl({ channel: team, user: you.id });
    const real = slack.clock;
    slack.clock = () => real() + RESPONSE_URL_LIMITS.lifetimeMs + 1000;
    try {
      expect(await post(fresh)).toEqual({ status: 404, body: { ok: false, error: 'expired_url' } });
    } finally {
      slack.clock = real;
    }
  });
});
