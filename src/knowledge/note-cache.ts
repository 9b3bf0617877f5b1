import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../stores/file-io.js';
import type { Note } from '../types.js';

/**
 * Parsed notes, keyed by a hash of their file's path and content (and the topics they were tagged with),
 * so a reload or a restart re-parses only what changed. Parsing (remark) is the slow part of loading.
 */
export interface NoteCache {
  get(key: string): Note | undefined;
  set(key: string, note: Note): void;
  /** Forgets every entry not used since the last `prune`: notes whose files changed or went away. */
  prune(): void;
  entries(): [string, Note][];
}

export function memoryNoteCache(initial: Iterable<[string, Note]> = []): NoteCache {
  const entries = new Map<string, Note>(initial);
  const used = new Set<string>();
  return {
    get: (key) => {
      const note = entries.get(key);
      if (note) used.add(key);
      return note;
    },
    set: (key, note) => {
      entries.set(key, note);
      used.add(key);
    },
    prune: () => {
      for (const key of entries.keys()) if (!used.has(key)) entries.delete(key);
      used.clear();
    },
    entries: () => [...entries],
  };
}

/**
 * The shape of a parsed note. Change it whenever parsing changes what a note holds (2: a note's date and
 * location, interludes left out of sections), so a cache written by an older version is not used.
 */
const FORMAT = 2;

/** Reads a cache saved by `saveNoteCache`; a missing, old or corrupt file gives an empty cache. */
export async function readNoteCache(file: string): Promise<NoteCache> {
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as { format?: number; entries?: [string, Note][] };
    return memoryNoteCache(saved.format === FORMAT ? (saved.entries ?? []) : []);
  } catch {
    return memoryNoteCache();
  }
}

/** Saves the cache for the next start. */
export function saveNoteCache(file: string, cache: NoteCache): Promise<void> {
  return writeFileAtomic(file, JSON.stringify({ format: FORMAT, entries: cache.entries() }));
}
