import { existsSync } from 'node:fs';
import { CORPUS_QUERIES, headingQueries } from './bench/queries.js';
import { answerQuestion } from './src/answers/answer.js';
import { loadKnowledge } from './src/knowledge/load.js';
import { readNoteCache, saveNoteCache } from './src/knowledge/note-cache.js';
import { buildIndex } from './src/search/search-index.js';

const dir = '../shared/corpus/linkerd-website/linkerd.io/content';
const cacheFile = '/tmp/lk-notes.json';
const cache = await readNoteCache(cacheFile);
const t = performance.now();
const k = await loadKnowledge(dir, cache);
if (!existsSync(cacheFile)) await saveNoteCache(cacheFile, cache);
console.log('load', (performance.now() - t).toFixed(0), 'ms', k.sections.size, 'sections');
const index = buildIndex(k);
const qs = [
  ...CORPUS_QUERIES,
  ...headingQueries(
    [...k.sections.values()].map((s) => s.heading),
    300,
  ),
];
const lat: number[] = [];
for (let r = 0; r < 3; r++)
  for (const q of qs) {
    const s = performance.now();
    answerQuestion(index, q);
    lat.push(performance.now() - s);
  }
lat.sort((a, b) => a - b);
console.log(
  'p50',
  lat[Math.floor(lat.length * 0.5)]?.toFixed(2),
  'p99',
  lat[Math.floor(lat.length * 0.99)]?.toFixed(2),
  'max',
  lat.at(-1)?.toFixed(1),
);
