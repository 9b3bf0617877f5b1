import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeValue } from '../../src/core/answers/blocks.js';
import { ADMINS_ONLY, notHere, slowDown } from '../../src/core/answers/copy.js';
import { LocalSlack } from '../../src/local-slack/local-slack.js';
import * as slack from '../fixtures/slack/payloads.js';
import { form, interaction, logLines, postToBot, type RunningBot, SECRETS, startBot } from './harness.js';

let fake: LocalSlack;
let bot: RunningBot;
const ADMIN = 'U0ADMIN01';

beforeAll(async () => {
  fake = await new LocalSlack().start();
  bot = await startBot(fake, 'http', {
    env: {
      ALLOWED_CHANNELS: `${slack.CHANNEL},C0SECOND1`,
      RATE_LIMIT_PER_MINUTE: '5',
      ADMIN_USER_IDS: ADMIN,
    },
  });
});
afterAll(async () => {
  await bot.stop();
  await fake.stop();
});

let seq = 0;
const responseId = () => `o${++seq}`;
async function command(
  text: string,
  user: string,
  channel = slack.CHANNEL,
): Promise<Record<string, unknown>> {
  const fields = { ...slack.slashCommand(text, fake.responseUrl(responseId()), user), channel_id: channel };
  const ack = await postToBot(bot.port, form(fields), 'form');
  return JSON.parse(ack.text) as Record<string, unknown>;
}
const get = (path: string) => fetch(`http://127.0.0.1:${bot.port}${path}`);

describe('health and metrics on the HTTP port', () => {
  it('answers /healthz and /readyz', async () => {
    const health = await get('/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true });
  });

  it('counts questions by source, declines, votes and Slack API errors in /metrics', async () => {
    await command('istio', 'U0METRICS1');
    await command('banana split', 'U0METRICS1');
    fake.failNext('chat.postMessage', { status: 200, body: { ok: false, error: 'channel_not_found' } });
    const event = slack.appMention('<@UBOT0001> loki');
    await postToBot(bot.port, JSON.stringify(slack.eventCallback(event)), 'json');
    await fake.waitFor(
      () => fake.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === event.ts).length === 2,
    );
    const vote = encodeValue({ q: 'istio', i: 0, s: 'kubecon-2019-barcelona#service-meshes' });
    const id = responseId();
    await postToBot(
      bot.port,
      interaction(slack.blockActions({ action_id: 'feedback_helpful', value: vote }, fake.responseUrl(id))),
      'form',
    );
    await fake.waitFor(() => fake.responses.some((r) => r.id === id));
    const text = await (await get('/metrics')).text();
    expect(text).toMatch(/^kubecon_questions_total\{source="command"\} [2-9]/m);
    expect(text).toMatch(/^kubecon_questions_total\{source="mention"\} 1/m);
    expect(text).toMatch(/^kubecon_questions_declined_total\{source="command"\} 1/m);
    expect(text).toMatch(/^kubecon_feedback_votes_total\{value="helpful"\} 1/m);
    expect(text).toMatch(
      /^kubecon_slack_api_errors_total\{method="chat.postMessage",error="channel_not_found"\} 1/m,
    );
    expect(text).toMatch(/^kubecon_answer_duration_seconds_count \d+/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
  });
  it('counts Next, Previous and Share clicks as clicks, not as questions', async () => {
    const metric = async (pattern: RegExp) =>
      Number(pattern.exec(await (await get('/metrics')).text())?.[1] ?? 0);
    const questions = /^kubecon_questions_total\{source="command"\} (\d+)/m;
    const before = await metric(questions);
    for (const [action_id, i] of [
      ['answer_next', 1],
      ['answer_previous', 0],
      ['answer_share', 0],
    ] as const) {
      const id = responseId();
      const value = encodeValue({ q: 'observability', i });
      await postToBot(
        bot.port,
        interaction(slack.blockActions({ action_id, value }, fake.responseUrl(id))),
        'form',
      );
      await fake.waitFor(() => fake.responses.some((r) => r.id === id));
    }
    expect(await metric(questions)).toBe(before);
    for (const action of ['answer_next', 'answer_previous', 'answer_share'])
      expect(
        await metric(new RegExp(`^kubecon_button_clicks_total\\{action="${action}"\\} (\\d+)`, 'm')),
      ).toBe(1);
  });
});

describe('access and abuse', () => {
  it('answers in allowed channels and DMs, and says politely where it can be used elsewhere', async () => {
    expect(JSON.stringify(await command('linkerd', 'U0ALLOW01'))).toContain('Service Meshes');
    const elsewhere = await command('linkerd', 'U0ALLOW01', 'C0ELSEWHERE');
    expect(elsewhere.text).toBe(notHere([slack.CHANNEL, 'C0SECOND1']));
    const dm = slack.message('linkerd', { im: true });
    await postToBot(bot.port, JSON.stringify(slack.eventCallback(dm)), 'json');
    await fake.waitFor(() =>
      fake
        .callsTo('chat.postMessage')
        .find((c) => c.body.channel === 'D0DIRECT1' && JSON.stringify(c.body).includes('Service Meshes')),
    );
  });

  it('limits questions per user per minute, with a friendly reply, without affecting others', async () => {
    const replies = [];
    for (let i = 0; i < 6; i++) replies.push(await command('tracing', 'U0FLOOD01'));
    expect(replies.slice(0, 5).every((r) => JSON.stringify(r).includes('Distributed Tracing'))).toBe(true);
    expect(replies[5]?.text).toBe(slowDown(5));
    expect(JSON.stringify(await command('tracing', 'U0CALM001'))).toContain('Distributed Tracing');
  });

  it('caps huge questions and says so', async () => {
    const reply = await command(`service mesh ${'x'.repeat(20_000)}`, 'U0HUGE001');
    expect(JSON.stringify(reply)).toContain('Your question was long');
  });
});

describe('knowledge gaps', () => {
  it('records declined questions without user ids, and shows the report only to admins', async () => {
    await command('kafka streams', 'U0GAPS001');
    await command('Kafka streams?', 'U0GAPS002');
    expect(await bot.deps.gaps.list()).toContainEqual(
      expect.objectContaining({ query: 'kafka streams', source: 'command' }),
    );
    expect((await bot.deps.gaps.list()).every((g) => g.user === undefined)).toBe(true);
    expect((await command('gaps', 'U0GAPS001')).text).toBe(ADMINS_ONLY);
    const report = JSON.stringify(await command('gaps', ADMIN));
    expect(report).toContain('2× “kafka streams”');
  });
});

describe('logs', () => {
  it('never contain a token or the signing secret', () => {
    expect(logLines.length).toBeGreaterThan(0);
    for (const secret of Object.values(SECRETS))
      expect(logLines.filter((l) => l.includes(secret))).toEqual([]);
  });
});
