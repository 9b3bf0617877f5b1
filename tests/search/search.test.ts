import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, RelevanceSetSchema } from '../../src/search/evaluate.js';
import { coverage, quality } from '../../src/search/search-index.js';
import { reportIndex, SHARED_DIR } from '../helpers.js';

const readSet = (file: string) => RelevanceSetSchema.parse(JSON.parse(readFileSync(file, 'utf8')));

describe('the confidence rule', () => {
  it.each(['kafka', 'banana', 'react hooks', 'mongodb sharding', 'kubernetes kafka operator', '???', ''])(
    'declines %j instead of answering with an unrelated section',
    async (query) => {
      const outcome = (await reportIndex()).search(query);
      expect(outcome.confident).toBe(false);
    },
  );

  it.each([
    ['istoi', 'Service Meshes'],
    ['obervability', 'Observability'],
    ['promethues', '1. Prometheus at Scale'],
    ['OpenTelemetry', '3. Distributed Tracing'],
  ])('forgives typos and knows synonyms: %j finds %s', async (query, heading) => {
    const outcome = (await reportIndex()).search(query);
    expect(outcome.confident).toBe(true);
    expect(outcome.hits[0]?.section.heading).toBe(heading);
  });

  it('counts exact matches fully, prefixes and typos partly, and unrelated words not at all', () => {
    expect(quality('mesh', 'mesh')).toBe(1);
    expect(quality('prom', 'prometheu')).toBeGreaterThan(0.5);
    expect(quality('istoi', 'istio')).toBeCloseTo(0.6);
    expect(quality('kafka', 'mesh')).toBe(0);
    expect(coverage(['kafka', 'mesh'], ['mesh'])).toBe(0.5);
  });
});

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

  it('scores at least 95% top-1 on the project’s own set of 60+ queries', async () => {
    const set = readSet(path.join(import.meta.dirname, '../eval/queries.json'));
    const { summary } = evaluate(await reportIndex(), set);
    expect(set.queries.length).toBeGreaterThanOrEqual(60);
    expect(summary.noMatch).toBeGreaterThanOrEqual(10);
    expect(summary.top1).toBeGreaterThanOrEqual(0.95);
    expect(summary.correctDeclines).toBe(1);
  });
});
