import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSlack } from '../../src/local-slack/local-slack.js';
import { createLogger } from '../../src/logger.js';
import type { OffThread } from '../../src/ops/questions.js';
import { type AnswerThread, createAnswerThread } from '../../src/runtime/answer-thread.js';
import * as slack from '../fixtures/slack/payloads.js';
import { reportIndex, waitUntil } from '../helpers.js';
import { form, postToBot, type RunningBot, startBot } from './harness.js';

/**
 * ANSWER_WORKER through Bolt: the same /kubecon acks and thread answers, byte for byte, from a bot whose
 * answers the worker makes as from one that makes them itself.
 */

const QUERIES = (
  JSON.parse(readFileSync(path.join(import.meta.dirname, '../eval/queries.json'), 'utf8')) as {
    queries: { q: string }[];
  }
).queries.map((q) => q.q);

let fake: LocalSlack;
let inProcess: RunningBot;
let withWorker: RunningBot;
let thread: AnswerThread;
let madeByWorker = 0;

beforeAll(async () => {
  fake = await new LocalSlack().start();
  const index = await reportIndex();
  thread = createAnswerThread({
    logger: createLogger({ level: 'error', secrets: [], destination: { write: () => true } }),
  });
  thread.load(index);
  await waitUntil('the worker holds the knowledge', () => thread.version() === index.knowledge.version, {
    timeoutMs: 20_000,
  });
  const counted: OffThread = {
    reply: async (question, version) => {
      const made = await thread.reply(question, version);
      if (made) madeByWorker++;
      return made;
    },
  };
  inProcess = await startBot(fake, 'http');
  withWorker = await startBot(fake, 'http', { offThread: counted });
}, 30_000);
afterAll(async () => {
  await Promise.all([inProcess.stop(), withWorker.stop(), thread.close()]);
  await fake.stop();
});

describe('the answer worker through Bolt', () => {
  it('acks every eval question with the same /kubecon answer', { timeout: 60_000 }, async () => {
    const ack = async (bot: RunningBot, q: string) =>
      (await postToBot(bot.port, form(slack.slashCommand(q, fake.responseUrl('r'))), 'form')).text;
    for (const q of QUERIES) expect(await ack(withWorker, q)).toBe(await ack(inProcess, q));
    expect(madeByWorker).toBe(QUERIES.length);
  });

  it('answers a mention in its thread with the same message', { timeout: 30_000 }, async () => {
    const posted = async (bot: RunningBot, ts: string) => {
      const event = { ...slack.appMention('<@UBOT0001> what did we learn about tracing?'), ts };
      await postToBot(bot.port, JSON.stringify(slack.eventCallback(event, `Ev${ts}`)), 'json');
      const post = await fake.waitFor(() =>
        fake.callsTo('chat.postMessage').find((c) => c.body.thread_ts === ts),
      );
      const { thread_ts: _, ...body } = post.body;
      return JSON.stringify(body);
    };
    const before = madeByWorker;
    expect(await posted(withWorker, '1700000000.000001')).toBe(await posted(inProcess, '1700000000.000002'));
    expect(madeByWorker).toBe(before + 1);
  });
});
