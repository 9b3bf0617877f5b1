import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeValue } from '../../src/core/answers/blocks.js';
import { FRIENDLY_ERROR, NOT_IN_CHANNEL, THANKS } from '../../src/core/answers/copy.js';
import { messageViolations } from '../../src/core/answers/limits.js';
import type { SlackMessage } from '../../src/core/types.js';
import { LocalSlack } from '../../src/local-slack/local-slack.js';
import * as slack from '../fixtures/slack/payloads.js';
import { waitUntil } from '../helpers.js';
import {
  form,
  interaction,
  logLines,
  type PostOptions,
  postToBot,
  type RunningBot,
  SECRETS,
  startBot,
} from './harness.js';

let fake: LocalSlack;
let bot: RunningBot;

beforeAll(async () => {
  fake = await new LocalSlack().start();
  bot = await startBot(fake, 'http');
});
afterAll(async () => {
  await bot.stop();
  await fake.stop();
});

/** Every message the bot sent in a test stays inside Slack's Block Kit limits. */
afterEach(() => {
  const sent = [
    ...fake.calls
      .filter((c) => c.method.startsWith('chat.') && c.method !== 'chat.delete')
      .map((c) => c.body),
    ...fake.responses.map((r) => r.body).filter((b) => typeof b.text === 'string'),
  ];
  for (const body of sent) expect(messageViolations(body as unknown as SlackMessage)).toEqual([]);
});

let seq = 0;
const responseId = () => `r${++seq}`;
const responsesTo = (id: string) => fake.responses.filter((r) => r.id === id);
const textOf = (body: Record<string, unknown>) => JSON.stringify(body.blocks ?? body.text);

/** Sends /kubecon as Slack does; the answer comes back in the ack, checked against Block Kit's limits. */
async function kubecon(text: string, options: PostOptions = {}) {
  const id = responseId();
  const ack = await postToBot(
    bot.port,
    form(slack.slashCommand(text, fake.responseUrl(id))),
    'form',
    options,
  );
  const body = ack.status === 200 && ack.text !== '' ? (JSON.parse(ack.text) as Record<string, unknown>) : {};
  if (ack.status === 200) expect(messageViolations(body as unknown as SlackMessage)).toEqual([]);
  return { status: ack.status, body, id };
}

describe('HTTP: /kubecon', () => {
  it('acks at once with an answer only the asker sees, with the buttons', async () => {
    const started = Date.now();
    const { status, body, id } = await kubecon('service mesh');
    expect(status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(body.response_type).toBe('ephemeral');
    expect(textOf(body)).toContain('Service Meshes');
    expect(textOf(body)).toContain('answer_share');
    expect(textOf(body)).toContain('Linkerd talk');
    expect(responsesTo(id)).toEqual([]); // one response, not two
  });

  it('answers help, topics and tip', async () => {
    for (const [text, expected] of [
      ['', 'How to ask'],
      ['help', 'How to ask'],
      ['topics', 'Topics:'],
      ['tip', 'tip'],
    ] as const) {
      expect(String((await kubecon(text)).body.text)).toContain(expected);
    }
  });

  it('declines politely, without pinging anyone, when nothing matches', async () => {
    const all = JSON.stringify((await kubecon('<!channel> kafka &lt;!here&gt;')).body);
    expect(all).toContain('couldn’t find anything');
    expect(all).not.toMatch(/<!(channel|here|everyone)/);
  });

  it('refuses a forged signature with 401 and posts nothing', async () => {
    const before = fake.calls.length;
    const { status, body, id } = await kubecon('istio', { secret: 'not-the-signing-secret' });
    expect(status).toBe(401);
    expect(body).toEqual({});
    await new Promise((r) => setTimeout(r, 300));
    expect(responsesTo(id)).toEqual([]);
    expect(fake.calls.length).toBe(before);
  });

  it('refuses a correctly signed request older than five minutes', async () => {
    const { status, id } = await kubecon('istio', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(responsesTo(id)).toEqual([]);
  });

  it('falls back to chat.postEphemeral when a button’s response URL fails', async () => {
    fake.setResponseStatus(404);
    try {
      const value = encodeValue({ q: 'loki', i: 0 });
      const click = slack.blockActions(
        { action_id: 'ask_suggestion_0', value },
        fake.responseUrl(responseId()),
      );
      await postToBot(bot.port, interaction(click), 'form');
      const call = await fake.waitFor(() =>
        fake.callsTo('chat.postEphemeral').find((c) => textOf(c.body).includes('Logging')),
      );
      expect(call.body).toMatchObject({ channel: slack.CHANNEL, user: slack.USER });
    } finally {
      fake.setResponseStatus(200);
    }
  });
});

describe('HTTP: events', () => {
  it('answers url_verification with the challenge', async () => {
    const body = JSON.stringify({ token: 't', challenge: 'challenge-value-123', type: 'url_verification' });
    const reply = await postToBot(bot.port, body, 'json');
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('challenge-value-123');
  });

  it('answers a mention in its thread, the mention stripped from the question', async () => {
    const event = slack.appMention(`<@UBOT0001> what did we learn about tracing?`);
    expect((await postToBot(bot.port, JSON.stringify(slack.eventCallback(event)), 'json')).status).toBe(200);
    const post = await fake.waitFor(() =>
      fake.callsTo('chat.postMessage').find((c) => c.body.thread_ts === event.ts),
    );
    expect(post.body.channel).toBe(slack.CHANNEL);
    expect(textOf(post.body)).toContain('Distributed Tracing');
    expect(post.authorized).toBe(true);
  });

  it('answers a bare mention with the help', async () => {
    const event = slack.appMention('<@UBOT0001>');
    await postToBot(bot.port, JSON.stringify(slack.eventCallback(event)), 'json');
    const post = await fake.waitFor(() =>
      fake.callsTo('chat.postMessage').find((c) => c.body.thread_ts === event.ts),
    );
    expect(String(post.body.text)).toContain('How to ask');
  });

  it('answers a retried event once', async () => {
    const event = slack.appMention('<@UBOT0001> gatekeeper');
    const body = JSON.stringify(slack.eventCallback(event, 'EvRetried1'));
    await postToBot(bot.port, body, 'json');
    await postToBot(bot.port, body, 'json', {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    await fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.body.thread_ts === event.ts));
    await waitUntil('the second delivery is skipped', () =>
      logLines.some((l) => l.includes(`"eventId":"EvRetried1"`) && l.includes('skipped')),
    );
    expect(fake.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === event.ts)).toHaveLength(1);
  });

  it('answers a direct message in the DM', async () => {
    const event = slack.message('what about loki?', { im: true });
    await postToBot(bot.port, JSON.stringify(slack.eventCallback(event)), 'json');
    const post = await fake.waitFor(() =>
      fake
        .callsTo('chat.postMessage')
        .find((c) => c.body.channel === 'D0DIRECT1' && textOf(c.body).includes('Logging')),
    );
    expect(post.body.thread_ts).toBeUndefined();
  });

  it('answers a follow-up in a thread it answered, and ignores other threads', async () => {
    const mention = slack.appMention('<@UBOT0001> prometheus');
    await postToBot(bot.port, JSON.stringify(slack.eventCallback(mention)), 'json');
    await fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.body.thread_ts === mention.ts));
    const followUp = slack.message('and what about thanos?', { thread: String(mention.ts) });
    const elsewhere = slack.message('istio', { thread: '1600000000.000001' });
    await postToBot(bot.port, JSON.stringify(slack.eventCallback(elsewhere)), 'json');
    await postToBot(bot.port, JSON.stringify(slack.eventCallback(followUp)), 'json');
    await fake.waitFor(
      () => fake.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === mention.ts).length === 2,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === '1600000000.000001')).toEqual(
      [],
    );
  });

  it('reads a thin follow-up with the thread’s first question, read back from Slack', async () => {
    const mention = slack.appMention('<@UBOT0001> what about loki?');
    fake.seedMessage(String(mention.channel), {
      ts: String(mention.ts),
      text: String(mention.text),
      user: 'U0USER001',
    });
    await postToBot(bot.port, JSON.stringify(slack.eventCallback(mention)), 'json');
    await fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.body.thread_ts === mention.ts));
    const followUp = slack.message('is it production ready?', { thread: String(mention.ts) });
    await postToBot(bot.port, JSON.stringify(slack.eventCallback(followUp)), 'json');
    const [, answer] = await fake.waitFor(() => {
      const posts = fake.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === mention.ts);
      return posts.length === 2 && posts;
    });
    expect(fake.callsTo('conversations.replies').at(-1)?.body).toMatchObject({
      ts: mention.ts,
      channel: mention.channel,
    });
    expect(textOf(answer?.body ?? {})).toContain('The Logging Problem');
    expect(textOf(answer?.body ?? {})).toContain('Read together with the earlier question');
  });

  it('reads a follow-up alone when the thread cannot be read back', async () => {
    const mention = slack.appMention('<@UBOT0001> what about loki?');
    await postToBot(bot.port, JSON.stringify(slack.eventCallback(mention)), 'json');
    await fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.body.thread_ts === mention.ts));
    const followUp = slack.message('and linkerd?', { thread: String(mention.ts) });
    await postToBot(bot.port, JSON.stringify(slack.eventCallback(followUp)), 'json');
    const [, answer] = await fake.waitFor(() => {
      const posts = fake.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === mention.ts);
      return posts.length === 2 && posts;
    });
    expect(textOf(answer?.body ?? {})).toContain('Service Meshes');
  });

  it('still answers when Slack rate-limits the first post (429 with Retry-After)', async () => {
    fake.failNext('chat.postMessage', {
      status: 429,
      headers: { 'retry-after': '1' },
      body: { ok: false, error: 'ratelimited' },
    });
    const event = slack.appMention('<@UBOT0001> opa');
    await postToBot(bot.port, JSON.stringify(slack.eventCallback(event)), 'json');
    const posts = await fake.waitFor(() => {
      const found = fake.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === event.ts);
      return found.length === 2 && found;
    });
    expect(textOf(posts[1]?.body ?? {})).toContain('Wrap Up');
  });

  it('tells the asker something went wrong when Slack refuses the answer', async () => {
    fake.failNext('chat.postMessage', { status: 200, body: { ok: false, error: 'invalid_blocks' } });
    const event = slack.appMention('<@UBOT0001> docker');
    await postToBot(bot.port, JSON.stringify(slack.eventCallback(event)), 'json');
    const posts = await fake.waitFor(() => {
      const found = fake.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === event.ts);
      return found.length === 2 && found;
    });
    expect(String(posts[1]?.body.text)).toBe(FRIENDLY_ERROR);
  });

  it('publishes App Home when it is opened', async () => {
    await postToBot(bot.port, JSON.stringify(slack.eventCallback(slack.appHomeOpened('U0HOME001'))), 'json');
    const call = await fake.waitFor(() =>
      fake.callsTo('views.publish').find((c) => c.body.user_id === 'U0HOME001'),
    );
    expect((call.body.view as { type: string }).type).toBe('home');
    expect(JSON.stringify(call.body.view)).toContain('Service meshes');
    expect(JSON.stringify(call.body.view)).toContain('Tip of the day');
  });
});

describe('HTTP: buttons', () => {
  const value = (q: string, i = 0, s = 'kubecon-2019-barcelona#service-meshes') => encodeValue({ q, i, s });

  it('Share in channel posts the answer for everyone through the response URL, then removes the ephemeral copy', async () => {
    const id = responseId();
    const click = slack.blockActions(
      { action_id: 'answer_share', value: value('linkerd') },
      fake.responseUrl(id),
    );
    expect((await postToBot(bot.port, interaction(click), 'form')).status).toBe(200);
    const [post, removal] = await fake.waitFor(() => responsesTo(id).length === 2 && responsesTo(id));
    expect(post?.body).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(textOf(post?.body ?? {})).toContain('shared an answer');
    expect(textOf(post?.body ?? {})).toContain(`<@${slack.USER}>`);
    expect(textOf(post?.body ?? {})).not.toContain('answer_share');
    expect(removal?.body).toEqual({ delete_original: true });
    expect(fake.callsTo('chat.postMessage').filter((c) => textOf(c.body).includes('shared an'))).toEqual([]);
  });

  it('Share falls back to chat.postMessage when the response URL has expired', async () => {
    const click = slack.blockActions(
      { action_id: 'answer_share', value: value('linkerd') },
      fake.responseUrl('local-expired'),
    );
    await postToBot(bot.port, interaction(click), 'form');
    const post = await fake.waitFor(() =>
      fake.callsTo('chat.postMessage').find((c) => textOf(c.body).includes('shared an answer')),
    );
    expect(post.body.channel).toBe(slack.CHANNEL);
  });

  it('Share explains how to invite the bot when neither the response URL nor chat.postMessage works', async () => {
    fake.failNext('chat.postMessage', { status: 200, body: { ok: false, error: 'not_in_channel' } });
    await postToBot(
      bot.port,
      interaction(
        slack.blockActions(
          { action_id: 'answer_share', value: value('istio') },
          fake.responseUrl('local-gone'),
        ),
      ),
      'form',
    );
    const notice = await fake.waitFor(() =>
      fake.callsTo('chat.postEphemeral').find((c) => c.body.text === NOT_IN_CHANNEL),
    );
    expect(notice.body).toMatchObject({ channel: slack.CHANNEL, user: slack.USER });
  });

  it('Next result replaces the answer with the next hit', async () => {
    const id = responseId();
    await postToBot(
      bot.port,
      interaction(
        slack.blockActions(
          { action_id: 'answer_next', value: value('observability', 1) },
          fake.responseUrl(id),
        ),
      ),
      'form',
    );
    const [reply] = await fake.waitFor(() => responsesTo(id).length > 0 && responsesTo(id));
    expect(reply?.body.replace_original).toBe(true);
    expect(textOf(reply?.body ?? {})).toContain('Result 2 of');
    expect(textOf(reply?.body ?? {})).toContain('answer_previous');
  });

  it('Dismiss deletes the ephemeral answer', async () => {
    const id = responseId();
    await postToBot(
      bot.port,
      interaction(
        slack.blockActions({ action_id: 'answer_dismiss', value: value('x') }, fake.responseUrl(id)),
      ),
      'form',
    );
    const [reply] = await fake.waitFor(() => responsesTo(id).length > 0 && responsesTo(id));
    expect(reply?.body).toEqual({ delete_original: true });
  });

  it('records 👎 per section and query, and thanks the voter privately', async () => {
    const id = responseId();
    await postToBot(
      bot.port,
      interaction(
        slack.blockActions(
          { action_id: 'feedback_unhelpful', value: value('linkerd') },
          fake.responseUrl(id),
        ),
      ),
      'form',
    );
    const [reply] = await fake.waitFor(() => responsesTo(id).length > 0 && responsesTo(id));
    expect(reply?.body).toMatchObject({
      response_type: 'ephemeral',
      replace_original: false,
      text: THANKS.unhelpful,
    });
    expect(await bot.deps.feedback.list()).toContainEqual(
      expect.objectContaining({
        sectionId: 'kubecon-2019-barcelona#service-meshes',
        query: 'linkerd',
        value: 'unhelpful',
      }),
    );
  });

  it('a topic button answers that topic', async () => {
    const id = responseId();
    const click = slack.blockActions(
      { action_id: 'ask_suggestion_3', value: encodeValue({ q: 'Logging', i: 0 }) },
      fake.responseUrl(id),
    );
    await postToBot(bot.port, interaction(click), 'form');
    const [reply] = await fake.waitFor(() => responsesTo(id).length > 0 && responsesTo(id));
    expect(textOf(reply?.body ?? {})).toContain('The Logging Problem');
  });

  it('acks link buttons (talks) without posting anything', async () => {
    const before = fake.calls.length;
    const click = slack.blockActions({ action_id: 'open_talk_0' }, fake.responseUrl(responseId()));
    expect((await postToBot(bot.port, interaction(click), 'form')).status).toBe(200);
    expect(fake.calls.length).toBe(before);
  });
});

describe('HTTP: malformed requests', () => {
  const mention = () => slack.eventCallback(slack.appMention('<@UBOT0001> istio'));
  const warnings = (from: number) => logLines.slice(from).filter((l) => /"level":(40|50|60)/.test(l));

  it('refuses a signed event_callback whose event is not an object with 400 and one warning, not 500', async () => {
    for (const event of ['app_mention', 42, null, []]) {
      const logged = logLines.length;
      const before = fake.calls.length;
      const reply = await postToBot(bot.port, JSON.stringify({ ...mention(), event }), 'json');
      expect(reply.status, JSON.stringify(event)).toBe(400);
      expect(warnings(logged), JSON.stringify(event)).toHaveLength(1);
      expect(warnings(logged)[0]).toContain('malformed Slack request refused with 400');
      expect(fake.calls.length).toBe(before);
    }
  });

  it('refuses a signed body of JSON null with 400 instead of leaving the request hanging', async () => {
    const reply = await postToBot(bot.port, 'null', 'json');
    expect(reply.status).toBe(400);
  });

  it('refuses with 400 what Bolt throws on beyond the envelope check (an authorization that is null)', async () => {
    const logged = logLines.length;
    const reply = await postToBot(bot.port, JSON.stringify({ ...mention(), authorizations: [null] }), 'json');
    expect(reply.status).toBe(400);
    expect(warnings(logged)).toHaveLength(1);
    expect(warnings(logged)[0]).toContain('malformed Slack request refused with 400');
    expect(warnings(logged)[0]).toContain('TypeError while Bolt read the request');
  });

  it('answers a forged malformed request exactly like a forged well-formed one: 401', async () => {
    const forged = { secret: 'not-the-signing-secret' };
    for (const body of ['null', JSON.stringify({ ...mention(), event: null }), JSON.stringify(mention())])
      expect((await postToBot(bot.port, body, 'json', forged)).status, body.slice(0, 40)).toBe(401);
  });

  it('still refuses a body over Bolt’s limit with 413', async () => {
    const huge = JSON.stringify({ ...mention(), padding: 'x'.repeat(4 * 1024 * 1024) });
    expect((await postToBot(bot.port, huge, 'json')).status).toBe(413);
  });

  it('acks a mention whose text is not a string, posts nothing and logs one info line, no error', async () => {
    const logged = logLines.length;
    const before = fake.calls.length;
    const event = { ...slack.appMention('<@UBOT0001> istio'), text: 42 };
    expect((await postToBot(bot.port, JSON.stringify(slack.eventCallback(event)), 'json')).status).toBe(200);
    await waitUntil('the info line', () =>
      logLines.slice(logged).some((l) => l.includes('malformed Slack event ignored')),
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(warnings(logged)).toEqual([]);
    expect(fake.calls.slice(before).filter((c) => c.method.startsWith('chat.'))).toEqual([]);
  });
});

describe('HTTP: logs', () => {
  it('never write a token or the signing secret, in any line of this suite', () => {
    expect(logLines.length).toBeGreaterThan(0);
    for (const secret of Object.values(SECRETS)) {
      expect(logLines.filter((line) => line.includes(secret))).toEqual([]);
    }
    expect(logLines.filter((line) => /xox[bp]-|xapp-/.test(line))).toEqual([]);
  });
});
