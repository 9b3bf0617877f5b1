/**
 * Fuzzing the Slack edge: generated slash-command texts and event payloads (mentions, DMs, odd unicode,
 * `<!channel>` and friends, huge texts, fields of the wrong type or missing) are signed and posted to the
 * real Bolt app over HTTP, against the local Slack. Every request must get a 200 or a 4xx; a well-formed one
 * a visible reply (the ack, a response URL post or a chat.* call the local Slack recorded) inside Slack's
 * limits; a broken field a reply or an ack and nothing posted; a broken envelope (`event` or the body not an
 * object, no event, not JSON) a 400; none of them an error or fatal line in the bot's log (Bolt's "not
 * acknowledged" 3 s later included); and nothing the bot sends may carry a control character, nor `<!…>`
 * (a channel ping) in a text Slack reads as mrkdwn (a typed "<!channel>" may show in a button label: plain
 * text is shown as typed).
 *
 * Replaying a failure: fast-check prints `seed` and `path` with the counterexample; run
 * `FUZZ_SEED=<seed> FUZZ_PATH=<path> npx vitest run tests/e2e/fuzz-http.test.ts` to run that very case
 * first (both properties read them; the one that failed replays it). `FUZZ_RUNS=500` runs longer.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageViolations } from '../../src/core/answers/limits.js';
import type { SlackMessage } from '../../src/core/types.js';
import { LocalSlack } from '../../src/local-slack/local-slack.js';
import * as slack from '../fixtures/slack/payloads.js';
import { hasControl, mrkdwnTexts, strings } from '../fuzz-checks.js';
import { form, logLines, postToBot, type RunningBot, startBot } from './harness.js';

const FUZZ_HTTP_OPTIONS = {
  /** Cases per property (commands, events); both together stay well under a minute on two busy cores. */
  numRuns: Number(process.env.FUZZ_RUNS ?? 60),
  seed: process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED),
  path: process.env.FUZZ_PATH,
  /** The longest generated text: past Slack's own limits, so the bot's cap and the body limit are hit. */
  maxTextLength: 40_000,
  /** How long a well-formed event may take to be answered (generous: a hang, not a slow machine). */
  replyTimeoutMs: 10_000,
  /** How long to watch for a stray post after a broken payload was acked. */
  quietMs: 150,
  /** A little over Bolt's 3 s "not acknowledged" timer, waited once at the end. */
  ackTimerMs: 3_500,
} as const;

/** Ways to break a field of the event: the envelope is readable, the bot acks and ignores it. */
const IGNORED = [
  'text-number',
  'text-null',
  'text-object',
  'no-user',
  'no-channel',
  'no-ts',
  'unknown-type',
] as const;

/** Ways to break the envelope no listener can read: Bolt's receiver would throw (500) or crash; refused with 400. */
const UNREADABLE = [
  'no-event',
  'event-string',
  'event-number',
  'event-null',
  'event-array',
  'channel-null',
  'body-null',
  'body-array',
  'not-json',
] as const;

/** Every way a generated payload is broken. */
const BROKEN = [...IGNORED, ...UNREADABLE] as const;
type Broken = (typeof BROKEN)[number];
const REFUSED: ReadonlySet<Broken> = new Set(UNREADABLE);

/** Error and fatal lines of the bot's log. */
const errorLines = (lines: readonly string[]) => lines.filter((l) => /"level":(50|60)/.test(l));

let fake: LocalSlack;
let bot: RunningBot;

beforeAll(async () => {
  fake = await new LocalSlack().start();
  bot = await startBot(fake, 'http', { env: { RATE_LIMIT_PER_MINUTE: '10000' } });
});
afterAll(async () => {
  await bot.stop();
  await fake.stop();
});

const MENTIONS = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!subteam^S0123|@team>',
  '<@U0OTHER1>',
  '<#C0123|general>',
];
const CONTROLS = ['\u0000', '\u0007', '\u001b[31m', '\u0085', '\u202e', '\u2066', '\ufeff', '\ud83d', '\r\n'];

/** What a person might type: words, commands, pings, entities, other scripts, controls, huge texts. */
const text: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .array(
        fc.oneof(
          fc.constantFrom(
            'istio',
            'loki',
            'service mesh',
            'help',
            'topics',
            'tip',
            'gaps',
            'highlights',
            '?',
          ),
          fc.constantFrom(...MENTIONS),
          fc.constantFrom('&lt;!channel&gt;', '&amp;', '<https://x.io|x>', '*bold*', '`code`', '```'),
          fc.string({ unit: 'grapheme', maxLength: 12 }),
          fc.constantFrom(...CONTROLS),
        ),
        { maxLength: 8 },
      )
      .map((parts) => parts.join(' ')),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom('a', '🙂', '<!here> ', 'ß', '\u0301'),
        fc.integer({ min: 1, max: FUZZ_HTTP_OPTIONS.maxTextLength }),
      )
      .map(([s, n]) => s.repeat(Math.ceil(n / s.length))),
  },
);

/** Every way what the bot sent breaks the property: Slack's limits, a ping, a control character. */
function problemsIn(sent: readonly Record<string, unknown>[]): string[] {
  return sent.flatMap((body) => {
    const texts = strings(body);
    const limits =
      'blocks' in body || 'text' in body ? messageViolations(body as unknown as SlackMessage) : [];
    return [
      ...limits,
      ...mrkdwnTexts(body)
        .filter((t) => t.includes('<!'))
        .map((t) => `ping in ${JSON.stringify(t.slice(0, 80))}`),
      ...texts.filter(hasControl).map((t) => `control character in ${JSON.stringify(t.slice(0, 80))}`),
    ];
  });
}

/** What the bot sent to the local Slack since `mark` (calls and response URL posts). */
function sentSince(mark: { calls: number; responses: number }) {
  return [
    ...fake.calls
      .slice(mark.calls)
      .filter((c) => c.method.startsWith('chat.') || c.method.startsWith('views.'))
      .map((c) => c.body),
    ...fake.responses.slice(mark.responses).map((r) => r.body),
  ];
}

const mark = () => ({ calls: fake.calls.length, responses: fake.responses.length });

const params = () => ({
  numRuns: FUZZ_HTTP_OPTIONS.numRuns,
  ...(FUZZ_HTTP_OPTIONS.seed !== undefined && { seed: FUZZ_HTTP_OPTIONS.seed }),
  ...(FUZZ_HTTP_OPTIONS.path !== undefined && { path: FUZZ_HTTP_OPTIONS.path }),
});

let responseIds = 0;

describe('fuzzed requests to the real app over HTTP', () => {
  it('answer every /kubecon text visibly, within Slack limits, without a ping or a control character', async () => {
    const started = performance.now();
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(text, async (typed) => {
        const before = mark();
        const id = `fuzz${++responseIds}`;
        const ack = await postToBot(bot.port, form(slack.slashCommand(typed, fake.responseUrl(id))), 'form');
        statuses.set(ack.status, (statuses.get(ack.status) ?? 0) + 1);
        expect(ack.status === 200 || ack.status === 413, `status ${ack.status}`).toBe(true);
        if (ack.status !== 200) return; // a body over the limit: refused cleanly, before the app
        const body = ack.text === '' ? undefined : (JSON.parse(ack.text) as Record<string, unknown>);
        const replies = body
          ? [body]
          : await fake.waitFor(() => {
              const later = fake.responses.filter((r) => r.id === id).map((r) => r.body);
              return later.length > 0 && later;
            }, FUZZ_HTTP_OPTIONS.replyTimeoutMs);
        expect(problemsIn([...replies, ...sentSince(before)])).toEqual([]);
      }),
      params(),
    );
    console.info(
      `fuzz http commands: ${FUZZ_HTTP_OPTIONS.numRuns} cases in ${Math.round(performance.now() - started)} ms, ` +
        `statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
  }, 120_000);

  /** A well-formed event (mention or DM), or one with a field or the envelope broken. */
  const event = fc.record({
    kind: fc.constantFrom('mention', 'dm'),
    typed: text,
    broken: fc.option(fc.constantFrom(...BROKEN), { freq: 3 }),
  });

  it('answer every event visibly or refuse it cleanly, without a ping, a control character or an error line', async () => {
    const started = performance.now();
    const outcomes = { answered: 0, refused: 0, ignored: 0 };
    await fc.assert(
      fc.asyncProperty(event, async ({ kind, typed, broken }) => {
        const inner =
          kind === 'mention' ? slack.appMention(`<@UBOT0001> ${typed}`) : slack.message(typed, { im: true });
        const body = requestBody(inner, broken);
        const before = mark();
        const logged = logLines.length;
        const ack = await postToBot(bot.port, body, 'json');
        expect(ack.status === 200 || ack.status === 400, `status ${ack.status}`).toBe(true);
        if (broken !== null && REFUSED.has(broken)) expect(ack.status, 'a malformed envelope').toBe(400);
        const where = kind === 'mention' ? { thread_ts: inner.ts } : { channel: 'D0DIRECT1' };
        const isReply = (b: Record<string, unknown>) =>
          Object.entries(where).every(([k, v]) => b[k] === v) && b.ts !== inner.ts;
        if (ack.status === 400) outcomes.refused++;
        else if (broken === null) {
          await fake.waitFor(() => sentSince(before).some(isReply), FUZZ_HTTP_OPTIONS.replyTimeoutMs);
          outcomes.answered++;
        } else {
          await new Promise((resolve) => setTimeout(resolve, FUZZ_HTTP_OPTIONS.quietMs));
          if (sentSince(before).some(isReply)) outcomes.answered++;
          else outcomes.ignored++;
        }
        expect(problemsIn(sentSince(before))).toEqual([]);
        expect(errorLines(logLines.slice(logged)), 'error lines logged').toEqual([]);
      }),
      params(),
    );
    console.info(
      `fuzz http events: ${FUZZ_HTTP_OPTIONS.numRuns} cases in ${Math.round(performance.now() - started)} ms, ` +
        JSON.stringify(outcomes),
    );
  }, 120_000);

  it('refuses every malformed envelope with a 400 and one line, before any listener runs', async () => {
    for (const broken of REFUSED) {
      const before = mark();
      const logged = logLines.length;
      const ack = await postToBot(
        bot.port,
        requestBody(slack.appMention('<@UBOT0001> istio'), broken),
        'json',
      );
      expect(ack.status, broken).toBe(400);
      const lines = logLines.slice(logged).filter((l) => /"level":(40|50|60)/.test(l));
      expect(lines, broken).toHaveLength(1);
      expect(lines[0], broken).toMatch(/malformed (Slack )?request/i);
      expect(sentSince(before), broken).toEqual([]);
    }
  });

  it('still answers /healthz and a plain question after all of it', async () => {
    expect((await fetch(`http://127.0.0.1:${bot.port}/healthz`)).status).toBe(200);
    const ack = await postToBot(
      bot.port,
      form(slack.slashCommand('istio', fake.responseUrl('last'))),
      'form',
    );
    expect(ack.text).toContain('Service Meshes');
  });

  it('logs no error line in the whole run, not even Bolt’s “not acknowledged” 3 s after a request', async () => {
    await new Promise((resolve) => setTimeout(resolve, FUZZ_HTTP_OPTIONS.ackTimerMs));
    expect(errorLines(logLines)).toEqual([]);
  });
});

/** The signed body for an event with one thing broken (or none). */
function requestBody(inner: Record<string, unknown>, broken: Broken | null): string {
  const payload = slack.eventCallback(breakEvent(inner, broken));
  switch (broken) {
    case 'not-json':
      return JSON.stringify(payload).slice(0, -7);
    case 'body-null':
      return 'null';
    case 'body-array':
      return JSON.stringify([payload]);
    default:
      return JSON.stringify(breakOuter(payload, broken));
  }
}

/** The inner event with one field broken. */
function breakEvent(event: Record<string, unknown>, broken: Broken | null): Record<string, unknown> {
  const { user: _user, channel: _channel, ts: _ts, ...rest } = event;
  switch (broken) {
    case 'text-number':
      return { ...event, text: 42 };
    case 'text-null':
      return { ...event, text: null };
    case 'text-object':
      return { ...event, text: { toString: 'x' } };
    case 'no-user':
      return { ...rest, channel: event.channel, ts: event.ts };
    case 'no-channel':
      return { ...rest, user: event.user, ts: event.ts };
    case 'no-ts':
      return { ...rest, user: event.user, channel: event.channel };
    case 'unknown-type':
      return { ...event, type: 'no_such_event' };
    case 'channel-null':
      return { ...event, channel: null };
    default:
      return event;
  }
}

/** The envelope with its event broken. */
function breakOuter(payload: Record<string, unknown>, broken: Broken | null): Record<string, unknown> {
  const { event: _event, ...rest } = payload;
  switch (broken) {
    case 'no-event':
      return rest;
    case 'event-string':
      return { ...rest, event: 'app_mention' };
    case 'event-number':
      return { ...rest, event: 42 };
    case 'event-null':
      return { ...rest, event: null };
    case 'event-array':
      return { ...rest, event: [payload.event] };
    default:
      return payload;
  }
}
