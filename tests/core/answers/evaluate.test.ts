import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type CaseResult,
  evaluate,
  formatEvaluation,
  RelevanceSetSchema,
} from '../../../src/core/answers/evaluate.js';
import { reportIndex, SHARED_DIR } from '../../helpers.js';

const evalDir = path.join(import.meta.dirname, '../../eval');
const readSet = (file: string) => RelevanceSetSchema.parse(JSON.parse(readFileSync(file, 'utf8')));

describe('relevance', () => {
  it('gets every answerable query of the shared set right at top-1 and declines every no-match query', async () => {
    const { summary, results } = evaluate(
      await reportIndex(),
      readSet(path.join(SHARED_DIR, 'eval/queries.json')),
    );
    expect(results.filter((r) => !r.correct).map((r) => r.q)).toEqual([]);
    expect(summary.top1).toBe(1);
    expect(summary.correctDeclines).toBe(1);
  });

  it('keeps the tuning sets where they were calibrated (a guard against regressions, not a measure)', async () => {
    const own = evaluate(await reportIndex(), readSet(path.join(evalDir, 'queries.json'))).summary;
    expect(own.top1).toBeGreaterThanOrEqual(0.95);
    expect(own.correctDeclines).toBe(1);
    const natural = evaluate(await reportIndex(), readSet(path.join(evalDir, 'tuning-natural.json'))).summary;
    expect(natural.top1).toBeGreaterThanOrEqual(0.72);
    expect(natural.correctDeclines).toBeGreaterThanOrEqual(0.85);
  });
});

describe('evaluate', () => {
  it('scores a case by the rank of its first acceptable heading, an overview, or a decline', async () => {
    const { summary, results } = evaluate(await reportIndex(), {
      queries: [
        { q: 'linkerd', expect: 'Service Meshes' },
        { q: 'highlights', expect: '@overview' },
        { q: 'banana bread recipe', expect: null },
        { q: 'loki', any: ['Tracing', 'Logging'] },
        { q: 'loki', expect: 'Service Meshes' },
      ],
    });
    expect(results.map((r) => [r.correct, r.rank])).toEqual([
      [true, 1],
      [true, 1],
      [true, 0],
      [true, 1],
      [false, 0],
    ]);
    expect(results[4]).toMatchObject({ wrong: true, falseDecline: false });
    expect(summary).toMatchObject({ cases: 5, answerable: 4, noMatch: 1, wrongAnswers: 1, falseDeclines: 0 });
  });

  it('reports every miss with what was wanted and what came back', () => {
    const miss: CaseResult = {
      q: 'is it ready?',
      context: 'linkerd',
      top: null,
      declined: true,
      headings: [],
      expected: ['Service Meshes'],
      rank: 0,
      correct: false,
      kind: 'declined',
      wrong: false,
      falseDecline: true,
    };
    const summary = {
      cases: 1,
      answerable: 1,
      noMatch: 0,
      top1: 0,
      top3: 0,
      mrr: 0,
      correctDeclines: 1,
      accuracy: 0,
      wrongAnswers: 0,
      falseDeclines: 1,
    };
    expect(formatEvaluation('set.json (tuning)', summary, [miss]).split('\n')).toEqual([
      'set.json (tuning): 1 cases (1 answerable, 0 no-match)',
      'top-1 0.0%  top-3 0.0%  MRR 0.000  correct declines 100.0%  overall 0.0%',
      'wrong answers 0  false declines 1',
      'misses:',
      '  "is it ready?" (after "linkerd"): wanted Service Meshes, got declined',
    ]);
  });
});
