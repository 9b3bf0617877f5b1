import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRIENDLY_ERROR, PANEL_TEXT, slowDown, THANKS } from '../../src/core/answers/copy.js';
import { messageViolations } from '../../src/core/answers/limits.js';
import { suggestedPrompts } from '../../src/core/answers/panel.js';
import type { SlackMessage } from '../../src/core/types.js';
import type { Call, LocalSlack as LocalSlackType } from '../../src/local-slack/local-slack.js';
import { LocalSlack } from '../../src/local-slack/local-slack.js';
import {
  changePanelContext,
  clickButton,
  openPanel,
  type Person,
  postMessage,
} from '../../src/local-slack/people.js';
import type { StoredMessage } from '../../src/local-slack/workspace.js';
import { reportIndex, waitUntil } from '../helpers.js';
import { type RunningBot, SECRETS, startBot } from './harness.js';

/**
 * Slack's assistant side panel over real sockets, against the local Slack: Bolt's Assistant middleware
 * in the real app, the panel's events over Socket Mode and signed HTTP, and the DM threads it changes.
 */

let seq = 0;
/** A new person per test, so the threads and rate limits of one test never meet another's. */
const person = (): Person => ({ id: `U0PANEL${String(++seq).padStart(3, '0')}`, name: `panel${seq}` });
const textOf = (body: Record<string, unknown>) => JSON.stringify(body.blocks ?? body.text);
const assistantCalls = (fake: LocalSlackType) => fake.calls.filter((c) => c.method.startsWith('assistant.'));
/** The bot's posts in a thread, as the Web API calls that made them. */
const postsIn = (fake: LocalSlackType, threadTs: string) =>
  fake.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === threadTs);
/** Where a call sits among every call recorded. */
const at = (fake: LocalSlackType, call: Call | undefined) => (call ? fake.calls.indexOf(call) : -1);

/** Waits until the app has finished everything it was handling (every listener ran to its end). */
async function idle(bot: RunningBot): Promise<void> {
  await waitUntil('the app is idle', () => bot.inFlight.count === 0);
  // Socket Mode acks before the listeners run: give a delivery just acked the time to start.
  await new Promise((resolve) => setTimeout(resolve, 150));
  await waitUntil('the app is idle', () => bot.inFlight.count === 0);
}

/** Asks in a panel thread and waits for the bot's answer there (the n-th post in the thread). */
async function ask(fake: LocalSlackType, who: Person, root: StoredMessage, text: string, nth: number) {
  await postMessage(fake, { user: who, channel: root.channel, text, threadTs: root.ts });
  return fake.waitFor(() => postsIn(fake, root.ts)[nth]);
}

/** Opens the panel, asks about Loki, then a thin follow-up: the follow-up's answer and the thread's titles. */
async function panelFollowUp(fake: LocalSlackType) {
  const who = person();
  const { root } = await openPanel(fake, { user: who });
  await fake.waitFor(() => postsIn(fake, root.ts)[0]);
  await ask(fake, who, root, 'what about loki?', 1);
  const followUp = await ask(fake, who, root, 'is it production ready?', 2);
  const titles = fake.callsTo('assistant.threads.setTitle').filter((c) => c.body.thread_ts === root.ts);
  return { root, followUp, titles: titles.map((c) => c.body.title) };
}

describe('the assistant panel over Socket Mode', () => {
  let fake: LocalSlackType;
  let bot: RunningBot;
  beforeAll(async () => {
    fake = await new LocalSlack().start();
    // ALLOWED_CHANNELS leaves out the channel people look at: the panel follows the DM rule anyway.
    bot = await startBot(fake, 'socket', { env: { ALLOWED_CHANNELS: 'C0ALLOWED1' } });
  });
  afterAll(async () => {
    await bot.stop();
    await fake.stop();
  });

  it('greets with what the notes cover, then suggests a prompt per main topic, when the panel opens', async () => {
    const who = person();
    const { root, ack } = await openPanel(fake, { user: who, viewing: 'C0ELSEWHERE' });
    expect(ack.ok).toBe(true);
    const prompts = await fake.waitFor(() =>
      fake.callsTo('assistant.threads.setSuggestedPrompts').find((c) => c.body.thread_ts === root.ts),
    );
    expect(prompts.body.channel_id).toBe(root.channel);
    const expected = suggestedPrompts((await reportIndex()).knowledge);
    expect(prompts.body.prompts).toEqual(expected.prompts);
    expect(prompts.body.title).toBe(PANEL_TEXT.promptsTitle);
    const [greeting] = postsIn(fake, root.ts);
    expect(greeting?.body.channel).toBe(root.channel);
    expect(String(greeting?.body.text)).toContain('1 note from KubeCon + CloudNativeCon Europe 2019');
    expect(String(greeting?.body.text)).toContain('Barcelona, Spain, May 2019');
    expect(messageViolations(greeting?.body as unknown as SlackMessage)).toEqual([]);
    // The channel the person looks at is context only: not read, not copied into the greeting's metadata.
    expect(JSON.stringify(greeting?.body)).not.toContain('C0ELSEWHERE');
    expect(fake.callsTo('conversations.info')).toEqual([]);
    expect(at(fake, greeting)).toBeLessThan(at(fake, prompts));
  });

  it('shows a status, titles the thread with the first question, then answers with talks, source and 👍/👎', async () => {
    const who = person();
    const { root } = await openPanel(fake, { user: who, viewing: 'C0ELSEWHERE' });
    await fake.waitFor(
      () => fake.callsTo('assistant.threads.setSuggestedPrompts').length > 0 && postsIn(fake, root.ts)[0],
    );
    const answer = await ask(fake, who, root, 'What did the team think of Istio vs Linkerd?', 1);
    const status = fake.callsTo('assistant.threads.setStatus').find((c) => c.body.thread_ts === root.ts);
    const title = fake.callsTo('assistant.threads.setTitle').find((c) => c.body.thread_ts === root.ts);
    expect(status?.body).toMatchObject({ channel_id: root.channel, status: PANEL_TEXT.searching });
    expect(title?.body).toMatchObject({
      channel_id: root.channel,
      title: 'What did the team think of Istio vs Linkerd?',
    });
    expect(at(fake, status)).toBeLessThan(at(fake, answer));
    expect(at(fake, title)).toBeLessThan(at(fake, answer));
    expect(textOf(answer.body)).toContain('Service Meshes');
    expect(textOf(answer.body)).toContain('feedback_helpful');
    expect(textOf(answer.body)).toContain('feedback_unhelpful');
    expect(textOf(answer.body)).toMatch(/"url":"https:\/\/www\.youtube\.com/);
    expect(textOf(answer.body)).toContain('|Reflections on a trip to KubeCon/CloudNativeCon 2019> (KubeCon');
    expect(messageViolations(answer.body as unknown as SlackMessage)).toEqual([]);
    await idle(bot);
    expect(postsIn(fake, root.ts)).toHaveLength(2); // the greeting and one answer
    // Slack shows the title as the thread root's text.
    expect(fake.store.find(root.channel, root.ts)?.text).toBe('What did the team think of Istio vs Linkerd?');
  });

  it('reads a follow-up in the panel thread with the first question, and keeps the first title', async () => {
    const { root, followUp, titles } = await panelFollowUp(fake);
    expect(textOf(followUp.body)).toContain('Read together with the earlier question “what about loki?”');
    expect(textOf(followUp.body)).toContain('The Logging Problem');
    expect(titles).toEqual(['what about loki?']);
    expect(
      fake.callsTo('assistant.threads.setStatus').filter((c) => c.body.thread_ts === root.ts),
    ).toHaveLength(2);
  });

  it('records a 👍 on a panel answer and thanks the voter', async () => {
    const who = person();
    const { root } = await openPanel(fake, { user: who });
    await fake.waitFor(() => postsIn(fake, root.ts)[0]);
    await ask(fake, who, root, 'opa gatekeeper', 1);
    const answer = await fake.waitFor(() =>
      fake.store
        .replies(root.channel, root.ts)
        .find((m) => JSON.stringify(m.blocks ?? []).includes('feedback_helpful')),
    );
    const votes = (await bot.deps.feedback.list()).length;
    const ack = await clickButton(fake, {
      user: who,
      at: { channel: root.channel, ts: answer.ts },
      actionId: 'feedback_helpful',
    });
    expect(ack?.ok).toBe(true);
    const thanks = await fake.waitFor(() =>
      fake.store.thread(root.channel, root.ts, who.id).find((m) => m.text === THANKS.helpful),
    );
    expect(thanks.visibleTo).toBe(who.id);
    const recorded = await bot.deps.feedback.list();
    expect(recorded).toHaveLength(votes + 1);
    expect(recorded.at(-1)).toMatchObject({ value: 'helpful', query: 'opa gatekeeper' });
  });

  it('replies with the friendly error in the thread when posting the answer fails', async () => {
    const who = person();
    const { root } = await openPanel(fake, { user: who });
    await fake.waitFor(() => postsIn(fake, root.ts)[0]);
    fake.failNext('chat.postMessage', { status: 200, body: { ok: false, error: 'internal_error' } });
    const reply = await ask(fake, who, root, 'service mesh', 2);
    expect(postsIn(fake, root.ts)[1]?.failed).toBe(true);
    expect(reply.body.text).toBe(FRIENDLY_ERROR);
  });

  it('keeps nothing of a context change: no message and no Web API call', async () => {
    const who = person();
    const { root } = await openPanel(fake, { user: who, viewing: 'C0ELSEWHERE' });
    await fake.waitFor(() =>
      fake.callsTo('assistant.threads.setSuggestedPrompts').find((c) => c.body.thread_ts === root.ts),
    );
    await idle(bot);
    const before = fake.calls.length;
    const ack = await changePanelContext(fake, { user: who, root, viewing: 'C0ANOTHER1' });
    expect(ack.ok).toBe(true);
    await idle(bot);
    expect(fake.calls.slice(before)).toEqual([]);
  });

  it('answers a direct message, and a reply in an ordinary DM thread, once each and without panel calls', async () => {
    const who = person();
    const dm = fake.resolveChannel(who.id);
    const asked = await postMessage(fake, { user: who, channel: dm, text: 'what about loki?' });
    await fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.body.channel === dm));
    await postMessage(fake, { user: who, channel: dm, text: 'is it production ready?', threadTs: asked.ts });
    const reply = await fake.waitFor(() => postsIn(fake, asked.ts)[0]);
    expect(textOf(reply.body)).toContain('Read together with the earlier question “what about loki?”');
    await idle(bot);
    const toDm = fake.callsTo('chat.postMessage').filter((c) => c.body.channel === dm);
    expect(toDm.map((c) => c.body.thread_ts)).toEqual([undefined, asked.ts]);
    expect(assistantCalls(fake).filter((c) => c.body.channel_id === dm)).toEqual([]);
  });
});

describe('the assistant panel in mentions-only mode (MENTIONS_ONLY=true)', () => {
  let fake: LocalSlackType;
  let bot: RunningBot;
  beforeAll(async () => {
    fake = await new LocalSlack().start();
    bot = await startBot(fake, 'socket', { env: { MENTIONS_ONLY: 'true' } });
  });
  afterAll(async () => {
    await bot.stop();
    await fake.stop();
  });

  it('still reads a follow-up with the first question and keeps the first title (the panel needs only im:history)', async () => {
    const { followUp, titles } = await panelFollowUp(fake);
    expect(textOf(followUp.body)).toContain('Read together with the earlier question “what about loki?”');
    expect(titles).toEqual(['what about loki?']);
  });
});

describe('the assistant panel over HTTP (signed requests)', () => {
  let fake: LocalSlackType;
  let bot: RunningBot;
  beforeAll(async () => {
    fake = await new LocalSlack().start();
    bot = await startBot(fake, 'http', { env: { RATE_LIMIT_PER_MINUTE: '2' } });
    fake.deliverTo({
      transport: 'http',
      url: `http://127.0.0.1:${bot.port}/slack/events`,
      signingSecret: SECRETS.signingSecret,
    });
  });
  afterAll(async () => {
    await bot.stop();
    await fake.stop();
  });

  it('takes the panel’s events: prompts when it opens, a status and an answer to a question', async () => {
    const who = person();
    const { root, ack } = await openPanel(fake, { user: who, viewing: 'C0ELSEWHERE' });
    expect(ack.ok).toBe(true);
    await fake.waitFor(() =>
      fake.callsTo('assistant.threads.setSuggestedPrompts').find((c) => c.body.thread_ts === root.ts),
    );
    const answer = await ask(fake, who, root, 'prometheus at scale', 1);
    expect(textOf(answer.body)).toContain('Prometheus at Scale');
    const status = fake.callsTo('assistant.threads.setStatus').find((c) => c.body.thread_ts === root.ts);
    expect(at(fake, status)).toBeGreaterThanOrEqual(0);
    expect(at(fake, status)).toBeLessThan(at(fake, answer));
    expect((await changePanelContext(fake, { user: who, root, viewing: 'C0ANOTHER1' })).ok).toBe(true);
  });

  it('holds the panel to the rate limit, saying so in the thread', async () => {
    const who = person();
    const { root } = await openPanel(fake, { user: who });
    await fake.waitFor(() => postsIn(fake, root.ts)[0]);
    await ask(fake, who, root, 'loki', 1);
    await ask(fake, who, root, 'jaeger', 2);
    const third = await ask(fake, who, root, 'istio', 3);
    expect(third.body.text).toBe(slowDown(2));
  });

  it('answers a reply in an ordinary DM thread once, without panel calls', async () => {
    const who = person();
    const dm = fake.resolveChannel(who.id);
    const asked = await postMessage(fake, { user: who, channel: dm, text: 'tracing' });
    await postMessage(fake, { user: who, channel: dm, text: 'and jaeger?', threadTs: asked.ts });
    await fake.waitFor(() => postsIn(fake, asked.ts)[0]);
    await idle(bot);
    expect(postsIn(fake, asked.ts)).toHaveLength(1);
    expect(assistantCalls(fake).filter((c) => c.body.channel_id === dm)).toEqual([]);
  });
});

describe('the assistant panel turned off (ASSISTANT_PANEL=false)', () => {
  let fake: LocalSlackType;
  let bot: RunningBot;
  beforeAll(async () => {
    fake = await new LocalSlack().start();
    bot = await startBot(fake, 'socket', { env: { ASSISTANT_PANEL: 'false' } });
  });
  afterAll(async () => {
    await bot.stop();
    await fake.stop();
  });

  it('ignores the panel’s events: no greeting, no prompts, no assistant call', async () => {
    const who = person();
    const { root, ack } = await openPanel(fake, { user: who, viewing: 'C0ELSEWHERE' });
    expect(ack.ok).toBe(true);
    expect((await changePanelContext(fake, { user: who, root })).ok).toBe(true);
    await idle(bot);
    expect(postsIn(fake, root.ts)).toEqual([]);
    expect(assistantCalls(fake)).toEqual([]);
  });

  it('answers a message in a panel thread once, as a reply in a DM thread, without a status', async () => {
    const who = person();
    const { root } = await openPanel(fake, { user: who });
    await ask(fake, who, root, 'what about loki?', 0);
    const followUp = await ask(fake, who, root, 'is it production ready?', 1);
    expect(textOf(followUp.body)).toContain('Read together with the earlier question “what about loki?”');
    await idle(bot);
    expect(postsIn(fake, root.ts)).toHaveLength(2);
    expect(assistantCalls(fake)).toEqual([]);
  });

  it('answers a direct message and a reply in its thread once each, as before the panel', async () => {
    const who = person();
    const dm = fake.resolveChannel(who.id);
    const asked = await postMessage(fake, { user: who, channel: dm, text: 'what about loki?' });
    await fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.body.channel === dm));
    await postMessage(fake, { user: who, channel: dm, text: 'is it production ready?', threadTs: asked.ts });
    const reply = await fake.waitFor(() => postsIn(fake, asked.ts)[0]);
    expect(textOf(reply.body)).toContain('Read together with the earlier question “what about loki?”');
    await idle(bot);
    const toDm = fake.callsTo('chat.postMessage').filter((c) => c.body.channel === dm);
    expect(toDm.map((c) => c.body.thread_ts)).toEqual([undefined, asked.ts]);
    expect(assistantCalls(fake)).toEqual([]);
  });
});
