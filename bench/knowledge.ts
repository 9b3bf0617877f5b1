import { answerQuestion } from '../src/answers/answer.js';
import { loadKnowledge } from '../src/knowledge/load.js';
import { buildIndex } from '../src/search/search-index.js';
import { median, percentile } from './stats.js';

/** Knowledge benchmark: load + parse, index build, heap, and answer latency on one folder. */
export interface KnowledgeFigures {
  readonly name: string;
  readonly notes: number;
  readonly sections: number;
  readonly loadMs: number;
  readonly indexMs: number;
  readonly heapMb: number;
  readonly queryP50Ms: number;
  readonly queryP99Ms: number;
}

/** Medians over `runs` builds; query latency over every query of the set, `rounds` times, on the last build. */
export async function benchKnowledge(
  name: string,
  dir: string,
  queries: readonly string[],
  runs: number,
  rounds: number,
): Promise<KnowledgeFigures> {
  const loads: number[] = [];
  const builds: number[] = [];
  let index: ReturnType<typeof buildIndex> | undefined;
  for (let run = 0; run < runs; run++) {
    const t0 = performance.now();
    const knowledge = await loadKnowledge(dir);
    const t1 = performance.now();
    index = buildIndex(knowledge);
    const t2 = performance.now();
    loads.push(t1 - t0);
    builds.push(t2 - t1);
  }
  if (!index) throw new Error('no run');
  globalThis.gc?.();
  const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
  const latencies: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const q of queries) {
      const t = performance.now();
      answerQuestion(index, q);
      latencies.push(performance.now() - t);
    }
  }
  return {
    name,
    notes: index.knowledge.notes.length,
    sections: index.knowledge.sections.size,
    loadMs: median(loads),
    indexMs: median(builds),
    heapMb,
    queryP50Ms: percentile(latencies, 50),
    queryP99Ms: percentile(latencies, 99),
  };
}
