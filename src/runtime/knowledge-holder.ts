import { watch } from 'node:fs';
import path from 'node:path';
import { KnowledgeErrors } from '../core/errors.js';
import { memoryNoteCache, type NoteCache } from '../core/knowledge/note-cache.js';
import type { SearchIndex } from '../core/search/search-index.js';
import type { Clock } from '../core/types.js';
import type { Logger } from '../logger.js';
import { loadIndex } from './knowledge-cache.js';
import { NOTES_CACHE, readNoteCache } from './note-cache-file.js';
import type { ParsePool } from './parse-pool.js';

/**
 * The live knowledge: the current index, swapped atomically by a reload. A question in flight keeps the
 * index it started with. A note file that cannot be used is rejected on its own (its last good version
 * stays); a broken topics, tips or lexicon file keeps the old index. Either way every `file:line` is logged.
 * Notes are parsed in the parse pool's workers, so a hostile file never stalls answers or `/healthz`.
 */

export type ReloadOutcome =
  | { readonly ok: true; readonly version: string; readonly rejected: readonly string[] }
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
  /** Where notes are parsed (off the main thread); none: in this thread. */
  readonly pool?: ParsePool;
  /** Where serialized indexes are kept between runs (see loadIndex); none: always index. */
  readonly cacheDir?: string;
  readonly logger: Logger;
  readonly now: Clock;
  readonly onReload?: (outcome: ReloadOutcome, index: SearchIndex) => void;
}

export interface OpenOptions {
  readonly dir: string;
  /** Where the parsed notes and indexes are cached between runs; none: nothing is written. */
  readonly cacheDir?: string;
  /** Where notes are parsed (off the main thread); none: in this thread. */
  readonly pool?: ParsePool;
  readonly logger: Logger;
  readonly now: Clock;
  /** Told about every index put in service: the first (no outcome), then each reload's. */
  readonly onIndex?: (index: SearchIndex, outcome?: ReloadOutcome) => void;
}

/** Loads the knowledge (through the caches, when there is a cache folder) and keeps it live. */
export async function openKnowledge({
  dir,
  cacheDir,
  pool,
  logger,
  now,
  onIndex,
}: OpenOptions): Promise<KnowledgeHolder> {
  const cache =
    cacheDir === undefined ? memoryNoteCache() : await readNoteCache(path.join(cacheDir, NOTES_CACHE));
  // Nothing cached: every note will be parsed, so a worker starts loading its parser now, while the folder
  // is read and the caller loads its own modules (main.ts: Bolt's).
  if (cache.entries().length === 0) pool?.prestart();
  const initial = await loadIndex(dir, cache, cacheDir, logger, pool && { pool });
  onIndex?.(initial);
  return createKnowledgeHolder({
    dir,
    initial,
    cache,
    ...(cacheDir !== undefined && { cacheDir }),
    ...(pool && { pool }),
    logger,
    now,
    onReload: (outcome, index) => onIndex?.(index, outcome),
  });
}

export function createKnowledgeHolder({
  dir,
  initial,
  cache,
  cacheDir,
  pool,
  logger,
  now,
  onReload,
}: HolderOptions): KnowledgeHolder {
  let current = initial;
  let loadedAt = now();
  let pending: Promise<ReloadOutcome> | undefined;
  const reload = async (): Promise<ReloadOutcome> => {
    try {
      const lastGood = current.knowledge.notes;
      const next = await loadIndex(dir, cache, cacheDir, logger, { lastGood, ...(pool && { pool }) });
      const changed = next.knowledge.version !== current.knowledge.version;
      current = next;
      loadedAt = now();
      if (changed)
        logger.info(
          { version: next.knowledge.version, sections: next.knowledge.sections.size },
          'knowledge reloaded',
        );
      const rejected = (next.knowledge.rejected ?? []).map((e) => e.message);
      return { ok: true, version: next.knowledge.version, rejected };
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

/** How the knowledge folder is watched. */
export const WATCH_OPTIONS = {
  /** A burst of file events (an editor saving, a git checkout) reloads once, this long after the last one. */
  debounceMs: 300,
} as const;

/** Watches the knowledge folder (recursively) and reloads, debounced, after changes settle. */
export function watchKnowledge(
  dir: string,
  holder: KnowledgeHolder,
  logger: Logger,
  debounceMs: number = WATCH_OPTIONS.debounceMs,
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
