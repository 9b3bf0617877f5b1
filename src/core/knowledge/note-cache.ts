import type { Note } from '../types.js';
import { shareText } from './share-text.js';

/**
 * Parsed notes, keyed by a hash of their file's path and content (and the topics they were tagged with),
 * so a reload or a restart re-parses only what changed. Parsing markdown is the slow part of loading.
 * A file the parser rejected is kept as its faults, so it is not parsed again either (nor a worker started
 * for it); a parse its worker stopped (deadline, memory) is no verdict on the file and is not kept.
 */
export interface NoteCache {
  get(key: string): CachedNote | undefined;
  set(key: string, note: CachedNote): void;
  /** Forgets every entry not used since the last `prune`: notes whose files changed or went away. */
  prune(): void;
  entries(): [string, CachedNote][];
}

/** A parsed note, or the faults (line and reason each) the parser rejected its file with. */
export type CachedNote = Note | { readonly rejected: readonly { line: number; reason: string }[] };

/** A note cache in memory; notes given to start with (read from a file) share their text (share-text.ts). */
export function memoryNoteCache(initial: Iterable<[string, CachedNote]> = []): NoteCache {
  const entries = new Map<string, CachedNote>(
    Array.from(initial, ([key, note]) => [key, 'rejected' in note ? note : shareText(note)]),
  );
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
