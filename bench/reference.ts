import { Document } from 'flexsearch';
import type { Knowledge } from '../src/core/types.js';
import { percentile } from './stats.js';

/**
 * The reference row: FlexSearch's default document index over the same sections and questions, in the same
 * run, so every reader sees the ratio to a search engine built for speed. It only finds candidates (no
 * confidence rule, no excerpt, no typo tolerance beyond its default encoder), so it is a floor, not a rival.
 */

/** What the reference search measured. */
export interface ReferenceFigures {
  readonly engine: string;
  readonly p50: number;
  readonly p99: number;
}

/** The engine, as the table names it. */
const ENGINE = 'FlexSearch 0.8 document index (default options)';

/** Builds a FlexSearch document index over the sections and times every query `rounds` times. */
export function referenceSearch(
  knowledge: Knowledge,
  queries: readonly string[],
  rounds: number,
): ReferenceFigures {
  const index = new Document({ document: { id: 'id', index: ['heading', 'text'] } });
  for (const section of knowledge.sections.values()) {
    index.add({ id: section.id, heading: section.heading, text: section.text });
  }
  const latencies: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const q of queries) {
      const t = performance.now();
      index.search(q, { limit: 10 });
      latencies.push(performance.now() - t);
    }
  }
  return { engine: ENGINE, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}
