import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type CachedNote, memoryNoteCache, type NoteCache } from '../core/knowledge/note-cache.js';
import { writeFileAtomic } from '../stores/file-io.js';

/**
 * The parsed notes saved under DATA_DIR/cache (`notes.json`), keyed by their files' content hash: the bot
 * writes them (knowledge-cache.ts) and reads them at its next start, and the command line reads them, so a
 * note whose file did not change is not parsed again (nor its parser loaded). A missing, old or broken file
 * only costs time.
 */

/** The cache folder under a DATA_DIR. */
export function cacheDirOf(dataDir: string): string {
  return path.join(dataDir, 'cache');
}

/** The saved note cache's file name inside the cache folder. */
export const NOTES_CACHE = 'notes.json';

/**
 * The shape of a parsed note. Change it whenever parsing changes what a note holds (2: a note's date and
 * location, interludes left out of sections; 3: empty, binary, non-UTF-8 and too deeply nested files are
 * rejected, never served from a cache; 4: files the parser rejected are kept as their faults; 5: an
 * image's caption kept as text; 6: topic phrases found across quotes and emphasis), so a cache written by an older version is not used.
 */
const FORMAT = 6;

/** Reads a cache saved by `saveNoteCache`; a missing, old or corrupt file gives an empty cache. */
export async function readNoteCache(file: string): Promise<NoteCache> {
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as {
      format?: number;
      entries?: [string, CachedNote][];
    };
    return memoryNoteCache(saved.format === FORMAT ? (saved.entries ?? []) : []);
  } catch {
    return memoryNoteCache();
  }
}

/** Saves the cache for the next start. */
export function saveNoteCache(file: string, cache: NoteCache): Promise<void> {
  return writeFileAtomic(file, JSON.stringify({ format: FORMAT, entries: cache.entries() }));
}
