import type { Note } from '../types.js';

/**
 * Parsed notes, keyed by a hash of their file's path and content (and the topics they were tagged with),
 * so a reload or a restart re-parses only what changed. Parsing markdown is the slow part of loading.
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
