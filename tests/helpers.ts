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

/**
 * Resolves with the probe's first truthy value, checking every `everyMs` until `timeoutMs` has passed;
 * then rejects, saying what was awaited. For conditions no event announces (an HTTP status, a file).
 */
export async function waitUntil<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = 10_000, everyMs = 50 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
