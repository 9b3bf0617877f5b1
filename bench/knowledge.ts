import { answerQuestion } from '../src/core/answers/answer.js';
import { warmUp } from '../src/core/answers/warm-up.js';
import { buildIndex } from '../src/core/search/search-index.js';
import type { Knowledge, Note, Section } from '../src/core/types.js';
import { loadKnowledge } from '../src/runtime/knowledge-files.js';
import { median, percentile } from './stats.js';

/** Knowledge benchmark figures for one folder (or one multiple of it). */
export interface KnowledgeFigures {
  readonly name: string;
  readonly notes: number;
  readonly sections: number;
  /** Reading and parsing every file, cold (no cache); undefined for in-memory copies. */
  readonly parseMs?: number;
  readonly indexMs: number;
  readonly heapMb: number;
  /** Typed arrays' memory (ArrayBuffers: the frozen postings, score caches), outside heapMb. */
  readonly arrayBuffersMb: number;
  readonly queryP50Ms: number;
  readonly queryP99Ms: number;
  /** The slowest single answer, the first one after the build included (it blocks the event loop longest). */
  readonly queryMaxMs: number;
}

/** Reads and parses a folder, timed. */
export async function timedLoad(dir: string): Promise<{ knowledge: Knowledge; ms: number }> {
  const t0 = performance.now();
  const knowledge = await loadKnowledge(dir);
  return { knowledge, ms: performance.now() - t0 };
}

/** The knowledge `times` times over, each copy with its own note and section ids (how cost grows with size). */
export function repeated(knowledge: Knowledge, times: number): Knowledge {
  const notes: Note[] = [];
  for (let copy = 1; copy <= times; copy++) {
    for (const note of knowledge.notes) {
      const id = `copy-${copy}/${note.id}`;
      const rename = (s: Section): Section => ({
        ...s,
        id: `copy-${copy}/${s.id}`,
        noteId: id,
        children: s.children.map((c) => `copy-${copy}/${c}`),
      });
      notes.push({ ...note, id, sections: note.sections.map(rename) });
    }
  }
  const sections = new Map(notes.flatMap((n) => n.sections.map((s) => [s.id, s] as const)));
  return { ...knowledge, version: `${knowledge.version}x${times}`, notes, sections };
}

/**
 * Index build (median of `builds`), heap after the build, and answer latency over the queries, `rounds` times,
 * the first round straight after the last build and the warm-up the bot runs on an index it puts in service
 * (core/answers/warm-up.ts; not timed, as the bot runs it once it is ready).
 */
export function benchIndex(
  name: string,
  knowledge: Knowledge,
  queries: readonly string[],
  builds: number,
  rounds: number,
  parseMs?: number,
): KnowledgeFigures {
  const times: number[] = [];
  let index = buildIndex(knowledge);
  for (let i = 0; i < builds; i++) {
    const t = performance.now();
    index = buildIndex(knowledge);
    times.push(performance.now() - t);
  }
  // As the bot does when it puts an index in service (main.ts): no one's question pays for the first ones.
  warmUp(index);
  globalThis.gc?.();
  const memory = process.memoryUsage();
  const heapMb = memory.heapUsed / 2 ** 20;
  const arrayBuffersMb = memory.arrayBuffers / 2 ** 20;
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
    notes: knowledge.notes.length,
    sections: knowledge.sections.size,
    ...(parseMs !== undefined && { parseMs }),
    indexMs: median(times),
    heapMb,
    arrayBuffersMb,
    queryP50Ms: percentile(latencies, 50),
    queryP99Ms: percentile(latencies, 99),
    queryMaxMs: Math.max(...latencies),
  };
}
