import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { NoteCache } from '../core/knowledge/note-cache.js';
import { buildIndex, INDEX_FORMAT, type SearchIndex } from '../core/search/search-index.js';
import type { Knowledge } from '../core/types.js';
import type { Logger } from '../logger.js';
import { writeFileAtomic } from '../stores/file-io.js';
import { type LoadOptions, loadKnowledge } from './knowledge-files.js';
import { asciiJson, NOTES_CACHE, saveNoteCache } from './note-cache-file.js';

/**
 * The knowledge caches on disk, under DATA_DIR/cache: parsed notes (`notes.json`, note-cache-file.ts) and the search index of
 * each knowledge version (`index-v<INDEX_FORMAT>-<version>.json`), so a restart re-parses and re-indexes nothing that did
 * not change. A missing, old or broken cache only costs time.
 */

/**
 * Loads the knowledge and its index, using the caches: notes whose files did not change are not parsed
 * again, and an index saved for the same knowledge version is loaded instead of rebuilt. New caches are
 * written in the background.
 */
export async function loadIndex(
  dir: string,
  cache: NoteCache,
  cacheDir: string | undefined,
  logger: Logger,
  options: LoadOptions = {},
): Promise<SearchIndex> {
  const knowledge = await loadKnowledge(dir, cache, options);
  logRejections(knowledge, logger);
  if (cacheDir === undefined) return buildIndex(knowledge);
  const file = indexFile(cacheDir, knowledge);
  const cached = await readCachedIndex(knowledge, cacheDir, logger);
  if (cached !== undefined) return cached;
  const index = buildIndex(knowledge);
  void saveCaches(cacheDir, file, index, cache).catch((error: unknown) =>
    logger.warn(
      { err: error, cacheDir },
      'could not save the knowledge cache (start-up will be slower next time)',
    ),
  );
  return index;
}

/** Where the index of a knowledge version is saved. */
function indexFile(cacheDir: string, knowledge: Knowledge): string {
  return path.join(cacheDir, `index-v${INDEX_FORMAT}-${knowledge.version}.json`);
}

/**
 * The index saved for this knowledge's version under the cache folder, loaded; undefined when there is none
 * (or no folder), or it cannot be read (then logged, when there is a logger).
 */
export async function readCachedIndex(
  knowledge: Knowledge,
  cacheDir: string | undefined,
  logger?: Logger,
): Promise<SearchIndex | undefined> {
  if (cacheDir === undefined) return undefined;
  const file = indexFile(cacheDir, knowledge);
  const saved = await readFile(file, 'utf8').catch(() => undefined);
  if (saved === undefined) return undefined;
  try {
    return buildIndex(knowledge, saved);
  } catch (error) {
    logger?.warn({ err: error, file }, 'index cache unreadable; indexing again');
    return undefined;
  }
}

/** One line per rejected note file: `file:line: reason`, and whether its last good version still serves. */
function logRejections({ rejected = [], notes }: Knowledge, logger: Logger): void {
  const served = new Set(notes.map((n) => n.file));
  for (const { file, line, reason, message } of rejected) {
    const fate = served.has(file) ? 'its last good version stays in service' : 'left out';
    logger.error({ file, line, reason }, `knowledge file rejected: ${message}; ${fate}`);
  }
}

async function saveCaches(
  cacheDir: string,
  indexFile: string,
  index: SearchIndex,
  cache: NoteCache,
): Promise<void> {
  await writeFileAtomic(indexFile, asciiJson(index.serialize()));
  await saveNoteCache(path.join(cacheDir, NOTES_CACHE), cache);
  for (const old of await readdir(cacheDir)) {
    if (old.startsWith('index-') && path.join(cacheDir, old) !== indexFile)
      await rm(path.join(cacheDir, old), { force: true });
  }
}
