import { watch } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { KnowledgeErrors } from '../errors.js';
import type { Logger } from '../logger.js';
import { buildIndex, INDEX_FORMAT, type SearchIndex } from '../search/search-index.js';
import { writeFileAtomic } from '../stores/file-io.js';
import { loadKnowledge } from './load.js';
import { type NoteCache, saveNoteCache } from './note-cache.js';

/**
 * The live knowledge: the current index, swapped atomically by a reload. A question in flight keeps the
 * index it started with; a reload that finds a broken file keeps the old index and logs every `file:line`.
 */

export type ReloadOutcome =
  | { readonly ok: true; readonly version: string }
  | { readonly ok: false; readonly errors: readonly string[] };

export interface KnowledgeHolder {
  index(): SearchIndex;
  /** When the current index was built. */
  loadedAt(): Date;
  reload(): Promise<ReloadOutcome>;
}

export interface HolderOptions {
  readonly dir: string;
  readonly initial: SearchIndex;
  /** Reused by reloads so only changed files are parsed again. */
  readonly cache: NoteCache;
  /** Where serialized indexes are kept between runs (see loadIndex); none: always index. */
  readonly cacheDir?: string;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly onReload?: (outcome: ReloadOutcome, index: SearchIndex) => void;
}

export function createKnowledgeHolder({
  dir,
  initial,
  cache,
  cacheDir,
  logger,
  now,
  onReload,
}: HolderOptions): KnowledgeHolder {
  let current = initial;
  let loadedAt = now();
  let pending: Promise<ReloadOutcome> | undefined;
  const reload = async (): Promise<ReloadOutcome> => {
    try {
      const next = await loadIndex(dir, cache, cacheDir, logger);
      const changed = next.knowledge.version !== current.knowledge.version;
      current = next;
      loadedAt = now();
      if (changed)
        logger.info(
          { version: next.knowledge.version, sections: next.knowledge.sections.size },
          'knowledge reloaded',
        );
      return { ok: true, version: next.knowledge.version };
    } catch (error) {
      const errors = error instanceof KnowledgeErrors ? error.errors.map((e) => e.message) : [String(error)];
      logger.error(
        { errors },
        `knowledge reload failed; still answering from version ${current.knowledge.version}`,
      );
      return { ok: false, errors };
    }
  };
  return {
    index: () => current,
    loadedAt: () => loadedAt,
    reload: () => {
      // One reload at a time; a request during one waits for it rather than racing it.
      pending ??= reload()
        .then((outcome) => {
          onReload?.(outcome, current);
          return outcome;
        })
        .finally(() => {
          pending = undefined;
        });
      return pending;
    },
  };
}

/**
 * Loads the knowledge and its index, using the caches: notes whose files did not change are not parsed
 * again, and an index saved for the same knowledge version is loaded instead of rebuilt. New caches are
 * written in the background; a missing or broken cache only costs time.
 */
export async function loadIndex(
  dir: string,
  cache: NoteCache,
  cacheDir: string | undefined,
  logger: Logger,
): Promise<SearchIndex> {
  const knowledge = await loadKnowledge(dir, cache);
  if (cacheDir === undefined) return buildIndex(knowledge);
  const file = path.join(cacheDir, `index-v${INDEX_FORMAT}-${knowledge.version}.json`);
  const saved = await readFile(file, 'utf8').catch(() => undefined);
  if (saved !== undefined) {
    try {
      return buildIndex(knowledge, saved);
    } catch (error) {
      logger.warn({ err: error, file }, 'index cache unreadable; indexing again');
    }
  }
  const index = buildIndex(knowledge);
  void saveCaches(cacheDir, file, index, cache).catch((error: unknown) =>
    logger.warn(
      { err: error, cacheDir },
      'could not save the knowledge cache (start-up will be slower next time)',
    ),
  );
  return index;
}

async function saveCaches(
  cacheDir: string,
  indexFile: string,
  index: SearchIndex,
  cache: NoteCache,
): Promise<void> {
  await writeFileAtomic(indexFile, index.serialize());
  await saveNoteCache(path.join(cacheDir, NOTES_CACHE), cache);
  for (const old of await readdir(cacheDir)) {
    if (old.startsWith('index-') && path.join(cacheDir, old) !== indexFile)
      await rm(path.join(cacheDir, old), { force: true });
  }
}

/** The saved note cache's file name inside the cache folder. */
export const NOTES_CACHE = 'notes.json';

/** Watches the knowledge folder (recursively) and reloads, debounced, after changes settle. */
export function watchKnowledge(
  dir: string,
  holder: KnowledgeHolder,
  logger: Logger,
  debounceMs = 300,
): { close(): void } {
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(dir, { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(() => void holder.reload(), debounceMs);
  });
  watcher.on('error', (error) =>
    logger.error({ err: error, dir }, 'watching the knowledge folder failed; use SIGHUP to reload'),
  );
  return {
    close: () => {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
