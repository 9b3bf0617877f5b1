import path from 'node:path';
import { buildIndex, type SearchIndex } from '../src/core/search/search-index.js';
import { loadKnowledge } from '../src/runtime/knowledge-files.js';

/** The repository's knowledge folder, as shipped. */
export const KNOWLEDGE_DIR = path.join(import.meta.dirname, '../knowledge');
/** ../shared beside the repository (the relevance set and Slack's samples live there). */
export const SHARED_DIR = path.join(import.meta.dirname, '../../shared');

let cached: Promise<SearchIndex> | undefined;
/** The index over the shipped knowledge, built once per test file. */
export function reportIndex(): Promise<SearchIndex> {
  cached ??= loadKnowledge(KNOWLEDGE_DIR).then(buildIndex);
  return cached;
}
