import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeValue } from '../../src/core/answers/blocks.js';
import { messageViolations } from '../../src/core/answers/limits.js';
import type { SlackMessage } from '../../src/core/types.js';
import { LocalSlack } from '../../src/local-slack/local-slack.js';
import { SOCKET_OPTIONS } from '../../src/slack/socket-link.js';
import * as slack from '../fixtures/slack/payloads.js';
import { waitUntil } from '../helpers.js';
import { logLines, type RunningBot, SECRETS, startBot } from './harness.js';

let fake: LocalSlack;
let bot: RunningBot;

beforeAll(async () => {
  fake = await new LocalSlack().start();
  bot = await startBot(fake, 'socket');
});
afterAll(async () => {
  await bot.stop();
  await fake.stop();
});
afterEach(() => {
  const sent = [
    ...fake.calls.filter((c) => c.method.startsWith('chat.')).map((c) => c.body),
    ...fake.responses.map((r) => r.body).filter((b) => typeof b.text === 'string'),
  ];
  for (const body of sent) expect(messageViolations(body as unknown as SlackMessage)).toEqual([]);
});

let seq = 0;
const responseId = () => `s${++seq}`;
const responsesTo = (id: string) => fake.responses.filter((r) => r.id === id);
const textOf = (body: Record<string, unknown>) => JSON.stringify(body.blocks ?? body.text);

describe('Socket Mode', () => {
  it('connects twice with the app token through apps.connections.open', async () => {
    const open = fake.callsTo('apps.connections.open');
    expect(open.length).toBeGreaterThan(0);
    expect(open[0]?.authorized).toBe(true);
    // Two connections, so a refresh of one never leaves the app without one (socket-link.ts).
    await fake.waitFor(() => fake.socketCount === SOCKET_OPTIONS.connections);
  });

  it('acks a /kubecon envelope with an answer only the asker sees', async () => {
    const ack = await fake.sendEnvelope(
      'slash_commands',
      slack.slashCommand('prometheus at scale', fake.responseUrl(responseId())),
    );
    expect(ack.envelope_id).toBeTruthy();
    const answer = ack.payload as Record<string, unknown>;
    expect(answer.response_type).toBe('ephemeral');
    expect(textOf(answer)).toContain('Prometheus at Scale');
    expect(messageViolations(answer as unknown as SlackMessage)).toEqual([]);
  });

  it('answers a mention envelope in the thread', async () => {
    const event = slack.appMention('<@UBOT0001> service mesh interface');
    await fake.sendEnvelope('events_api', slack.eventCallback(event), { retry_attempt: 0, retry_reason: '' });
    const post = await fake.waitFor(() =>
      fake.callsTo('chat.postMessage').find((c) => c.body.thread_ts === event.ts),
    );
    expect(textOf(post.body)).toContain('Service Meshes');
  });

  it('answers a direct message envelope in the DM', async () => {
    const event = slack.message('opencensus', { im: true });
    await fake.sendEnvelope('events_api', slack.eventCallback(event));
    const post = await fake.waitFor(() =>
      fake.callsTo('chat.postMessage').find((c) => textOf(c.body).includes('Distributed Tracing')),
    );
    expect(post.body.channel).toBe('D0DIRECT1');
  });

  it('answers a redelivered envelope once', async () => {
    const event = slack.appMention('<@UBOT0001> datadog');
    const payload = slack.eventCallback(event, 'EvRedelivered1');
    await fake.sendEnvelope('events_api', payload, { retry_attempt: 0 });
    await fake.sendEnvelope('events_api', payload, { retry_attempt: 1, retry_reason: 'timeout' });
    await fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.body.thread_ts === event.ts));
    await waitUntil('the second delivery is skipped', () =>
      logLines.some((l) => l.includes(`"eventId":"EvRedelivered1"`) && l.includes('skipped')),
    );
    expect(fake.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === event.ts)).toHaveLength(1);
  });

  it('handles a Share in channel click from an interactive envelope', async () => {
    const id = responseId();
    const value = encodeValue({
      q: 'loki',
      i: 0,
      s: 'kubecon-2019-barcelona#observability-2-the-logging-problem',
    });
    const ack = await fake.sendEnvelope(
      'interactive',
      slack.blockActions({ action_id: 'answer_share', value }, fake.responseUrl(id)),
    );
    expect(ack.envelope_id).toBeTruthy();
    const [post, removal] = await fake.waitFor(() => responsesTo(id).length === 2 && responsesTo(id));
    expect(post?.body.response_type).toBe('in_channel');
    expect(textOf(post?.body ?? {})).toContain('shared an answer to “loki”');
    expect(removal?.body).toEqual({ delete_original: true });
    expect(fake.callsTo('chat.postMessage').filter((c) => textOf(c.body).includes('shared an'))).toEqual([]);
  });

  it('records feedback from a 👍 click', async () => {
    const id = responseId();
    const value = encodeValue({ q: 'istio', i: 0, s: 'kubecon-2019-barcelona#service-meshes' });
    await fake.sendEnvelope(
      'interactive',
      slack.blockActions({ action_id: 'feedback_helpful', value }, fake.responseUrl(id)),
    );
    await fake.waitFor(() => responsesTo(id).length > 0);
    expect(await bot.deps.feedback.list()).toContainEqual(
      expect.objectContaining({ value: 'helpful', query: 'istio' }),
    );
  });
});

describe('Socket Mode: malformed envelopes', () => {
  const mention = () => slack.eventCallback(slack.appMention('<@UBOT0001> istio'));
  const notices = (from: number) => logLines.slice(from).filter((l) => /"level":(40|50|60)/.test(l));

  it.each([
    ['an event that is a string', () => ({ ...mention(), event: 'app_mention' })],
    ['an event that is null', () => ({ ...mention(), event: null })],
    [
      'an event whose channel is null',
      () => slack.eventCallback({ ...slack.appMention('x'), channel: null }),
    ],
    ['a payload that is null', () => null],
  ])('acks %s, logs it once as a warning and posts nothing', async (_what, payload) => {
    const logged = logLines.length;
    const before = fake.calls.length;
    const ack = await fake.sendEnvelope('events_api', payload());
    expect(ack.envelope_id).toEqual(expect.any(String));
    await new Promise((r) => setTimeout(r, 200));
    expect(notices(logged)).toHaveLength(1);
    expect(notices(logged)[0]).toContain('"level":40');
    expect(fake.calls.slice(before).filter((c) => c.method.startsWith('chat.'))).toEqual([]);
  });

  it('acks a mention whose text is not a string with one info line and no reply', async () => {
    const logged = logLines.length;
    const before = fake.calls.length;
    await fake.sendEnvelope('events_api', slack.eventCallback({ ...slack.appMention('x'), text: 42 }));
    await waitUntil('the info line', () =>
      logLines.slice(logged).some((l) => l.includes('malformed Slack event ignored')),
    );
    expect(notices(logged)).toEqual([]);
    expect(fake.calls.slice(before).filter((c) => c.method.startsWith('chat.'))).toEqual([]);
  });
});

describe('Socket Mode: logs', () => {
  it('never write a token or the signing secret, in any line of this suite', () => {
    expect(logLines.length).toBeGreaterThan(0);
    for (const secret of Object.values(SECRETS)) {
      expect(logLines.filter((line) => line.includes(secret))).toEqual([]);
    }
    expect(logLines.filter((line) => /xox[bp]-|xapp-/.test(line))).toEqual([]);
  });
});
