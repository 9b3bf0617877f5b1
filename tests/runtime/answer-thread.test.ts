import { readFileSync } from 'node:fs';
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/core/answers/answer.js';
import { renderAnswer } from '../../src/core/answers/blocks.js';
import { buildIndex, INDEX_FORMAT, type SearchIndex } from '../../src/core/search/search-index.js';
import type { DeclinedQuestion } from '../../src/core/stores.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/ops/metrics.js';
import { createQuestions, makeReply, type OffThreadQuestion } from '../../src/ops/questions.js';
import { type AnswerThread, createAnswerThread } from '../../src/runtime/answer-thread.js';
import { loadKnowledge } from '../../src/runtime/knowledge-files.js';
import { payload } from '../../src/slack/send.js';
import { memoryListStore } from '../../src/stores/memory.js';
import { KNOWLEDGE_DIR, reportIndex, waitUntil } from '../helpers.js';

const QUERIES = (
  JSON.parse(readFileSync(path.join(import.meta.dirname, '../eval/queries.json'), 'utf8')) as {
    queries: { q: string }[];
  }
).queries.map((q) => q.q);
const MISBEHAVING = new URL('../fixtures/answer-worker/misbehaving.ts', import.meta.url);

function logged() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', secrets: [], destination: { write: (l) => lines.push(l) } });
  return { logger, lines };
}

let thread: AnswerThread | undefined;
afterEach(async () => {
  await thread?.close();
  thread = undefined;
});

/** A thread holding the index's knowledge. */
async function holding(index: SearchIndex, options: Parameters<typeof createAnswerThread>[0]) {
  thread = createAnswerThread(options);
  thread.load(index);
  const started = thread;
  await waitUntil('the worker holds the knowledge', () => started.version() === index.knowledge.version, {
    timeoutMs: 20_000,
  });
  return started;
}

/** Each eval question, in both places a reply goes, and a thread follow-up read with its root. */
const QUESTIONS: OffThreadQuestion[] = [
  ...QUERIES.flatMap((query): OffThreadQuestion[] => [
    { query, controls: 'ephemeral' },
    { query, controls: 'thread' },
  ]),
  { query: 'where can I read more?', controls: 'thread', context: 'which tsdb should we use' },
  { query: 'and the costs?', controls: 'thread', context: 'service mesh' },
];

/** The reply as the main thread has always made it. */
const inMainThread = (index: SearchIndex, { query, controls, context }: OffThreadQuestion) => ({
  message: renderAnswer(answerQuestion(index, query, context === undefined ? {} : { context }), { controls }),
});

/** The wire form of a reply, as Slack gets it. */
const wire = (reply: { message: Parameters<typeof payload>[0] } | undefined) =>
  reply && JSON.stringify(payload(reply.message));

describe('the answer thread (ANSWER_WORKER)', () => {
  it('replies exactly as the main thread does, on every eval question', { timeout: 60_000 }, async () => {
    const index = await reportIndex();
    const worker = await holding(index, logged());
    const version = index.knowledge.version;
    for (const question of QUESTIONS) {
      const made = await worker.reply(question, version);
      const here = makeReply(index, question);
      expect(wire(made)).toBe(wire(inMainThread(index, question)));
      expect([made?.query, made?.declined]).toEqual([here.query, here.declined]);
    }
  });

  it('loads the index the main thread saved for the version, and replies the same', {
    timeout: 60_000,
  }, async () => {
    const index = await reportIndex();
    const cacheDir = await mkdtemp(path.join(tmpdir(), 'kubecon-answer-cache-'));
    await writeFile(
      path.join(cacheDir, `index-v${INDEX_FORMAT}-${index.knowledge.version}.json`),
      index.serialize(),
    );
    const worker = await holding(index, { ...logged(), cacheDir });
    for (const question of QUESTIONS.slice(0, 40))
      expect(wire(await worker.reply(question, index.knowledge.version))).toBe(
        wire(makeReply(index, question)),
      );
  });

  it('answers only for the version it holds, and a reload reaches it', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kubecon-answer-reload-'));
    await cp(KNOWLEDGE_DIR, dir, { recursive: true });
    const before = buildIndex(await loadKnowledge(dir));
    const worker = await holding(before, logged());
    const kafka = { query: 'kafka streams', controls: 'ephemeral' } as const;
    expect((await worker.reply(kafka, before.knowledge.version))?.declined).toBe(true);
    await writeFile(
      path.join(dir, 'kafka.md'),
      '---\ntitle: Kafka Summit\n---\n## Kafka streams\n\nWe learned that Kafka streams need care.\n',
    );
    const after = buildIndex(await loadKnowledge(dir));
    expect(after.knowledge.version).not.toBe(before.knowledge.version);
    worker.load(after);
    // Until the worker holds the new version, questions about it are not its to answer.
    expect(await worker.reply(kafka, after.knowledge.version)).toBeUndefined();
    await waitUntil('the reload reached the worker', () => worker.version() === after.knowledge.version);
    const made = await worker.reply(kafka, after.knowledge.version);
    expect(made?.declined).toBe(false);
    expect(wire(made)).toBe(wire(inMainThread(after, kafka)));
  });
});

describe('questions with the answer thread', () => {
  async function setUp(worker?: URL, deadlineMs?: number) {
    const index = await reportIndex();
    const { logger, lines } = logged();
    const gaps = memoryListStore<DeclinedQuestion>();
    const metrics = createMetrics();
    const offThread = await holding(index, {
      logger,
      ...(worker && { worker }),
      ...(deadlineMs !== undefined && { deadlineMs }),
    });
    const options = { index: () => index, metrics, gaps, recordGaps: true, recordUsers: false, logger };
    const now = () => new Date('2026-03-30T08:30:00Z');
    const questions = createQuestions({ ...options, now, offThread });
    const inProcess = createQuestions({ ...options, now, gaps: memoryListStore<DeclinedQuestion>() });
    return { questions, inProcess, gaps, lines, metrics, offThread };
  }

  it('counts a worker-made reply and records its gap as the main thread does', {
    timeout: 30_000,
  }, async () => {
    const { questions, inProcess, gaps, metrics } = await setUp();
    const asked = { query: 'banana bread', source: 'command', controls: 'ephemeral', user: 'U1' } as const;
    expect(JSON.stringify(await questions.reply(asked))).toBe(JSON.stringify(await inProcess.reply(asked)));
    await waitUntil('the gap is recorded', async () => (await gaps.list()).length === 1);
    expect(await gaps.list()).toEqual([
      { query: 'banana bread', source: 'command', at: '2026-03-30T08:30:00.000Z' },
    ]);
    expect(await metrics.registry.metrics()).toMatch(
      /kubecon_questions_declined_total\{source="command"\} 2/,
    );
  });

  it('answers in the main thread when the worker crashes, logs it, and starts another', {
    timeout: 30_000,
  }, async () => {
    const { questions, inProcess, lines, offThread } = await setUp(MISBEHAVING);
    const asked = { query: 'crash', source: 'dm', controls: 'thread' } as const;
    expect(JSON.stringify(await questions.reply(asked))).toBe(JSON.stringify(await inProcess.reply(asked)));
    expect(lines.join('')).toContain('the answer worker stopped; answering in the main thread');
    await waitUntil('another worker holds the knowledge', () => offThread.version() !== undefined);
  });

  it('answers in the main thread when the worker hangs, and restarts it', { timeout: 30_000 }, async () => {
    const { questions, inProcess, lines } = await setUp(MISBEHAVING, 50);
    const asked = { query: 'hang', source: 'mention', controls: 'thread', user: 'U1' } as const;
    expect(JSON.stringify(await questions.reply(asked))).toBe(JSON.stringify(await inProcess.reply(asked)));
    await waitUntil('the hung worker is restarted', () =>
      lines.join('').includes('the answer worker answered nothing in time; restarting it'),
    );
  });

  it('answers a late question in the main thread, and keeps a worker that is only busy', {
    timeout: 30_000,
  }, async () => {
    const { questions, inProcess, lines, offThread } = await setUp(MISBEHAVING, 1000);
    const stuck = { query: 'hang', source: 'dm', controls: 'thread' } as const;
    const late = questions.reply(stuck);
    // Another question answered meanwhile: the worker is alive, only late with the first.
    expect((await questions.reply({ ...stuck, query: 'quick' })).text).toBe('placeholder');
    expect(JSON.stringify(await late)).toBe(JSON.stringify(await inProcess.reply(stuck)));
    expect(lines.join('')).toContain('the answer worker is late');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(lines.join('')).not.toContain('restarting it');
    expect(offThread.version()).toBeDefined();
  });
});
