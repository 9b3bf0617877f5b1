import { describe, expect, it } from 'vitest';
import type { DeclinedQuestion } from '../../src/core/stores.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/ops/metrics.js';
import { createQuestions } from '../../src/ops/questions.js';
import { memoryListStore } from '../../src/stores/memory.js';
import { reportIndex } from '../helpers.js';

const logger = createLogger({
  level: 'error',
  secrets: [],
  destination: { write: () => true },
});

async function setUp(recordUsers: boolean, recordGaps = true) {
  const index = await reportIndex();
  const metrics = createMetrics();
  const gaps = memoryListStore<DeclinedQuestion>();
  const now = () => new Date('2026-03-30T08:30:00Z');
  const questions = createQuestions({
    index: () => index,
    metrics,
    gaps,
    recordGaps,
    recordUsers,
    logger,
    now,
  });
  const count = async (name: string) =>
    Number(new RegExp(`^${name} (\\d+)`, 'm').exec(await metrics.registry.metrics())?.[1] ?? 0);
  return { questions, gaps, count };
}

describe('questions', () => {
  it('counts each question by source, and records a declined one as a gap without its asker', async () => {
    const { questions, gaps, count } = await setUp(false);
    expect(questions.ask('linkerd', 'mention', 'U1').declined).toBe(false);
    expect(questions.ask('banana bread', 'command', 'U1').declined).toBe(true);
    expect(await count('kubecon_questions_total\\{source="mention"\\}')).toBe(1);
    expect(await count('kubecon_questions_declined_total\\{source="command"\\}')).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await gaps.list()).toEqual([
      { query: 'banana bread', source: 'command', at: '2026-03-30T08:30:00.000Z' },
    ]);
  });

  it('keeps the asker only when the team opted in (GAPS_RECORD_USERS)', async () => {
    const { questions, gaps } = await setUp(true);
    questions.ask('banana bread', 'dm', 'U1');
    await new Promise((resolve) => setImmediate(resolve));
    expect((await gaps.list())[0]?.user).toBe('U1');
  });

  it('records no gap with GAPS_RECORD=false, and still counts the decline', async () => {
    const { questions, gaps, count } = await setUp(true, false);
    expect(questions.ask('banana bread', 'dm', 'U1').declined).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await gaps.list()).toEqual([]);
    expect(await count('kubecon_questions_declined_total\\{source="dm"\\}')).toBe(1);
  });

  it('answers a question again (a Next or Share click) without counting it or recording a gap', async () => {
    const { questions, gaps, count } = await setUp(false);
    expect(questions.again('linkerd').results[0]?.heading).toBe('Service Meshes');
    questions.again('banana bread');
    expect(await count('kubecon_questions_total\\{source="command"\\}')).toBe(0);
    expect(await gaps.list()).toEqual([]);
  });
});
