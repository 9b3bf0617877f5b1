import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type CachedNote, memoryNoteCache, type NoteCache } from '../core/knowledge/note-cache.js';
import { PASSAGE_SEPARATOR } from '../core/knowledge/share-text.js';
import type { Note, Passage, Section } from '../core/types.js';
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
 * image's caption kept as text; 6: topic phrases found across quotes and emphasis; 7: saved compact, see
 * `compact`), so a cache written by an older version is not used.
 */
const FORMAT = 7;

/** Reads a cache saved by `saveNoteCache`; a missing, old or corrupt file gives an empty cache. */
export async function readNoteCache(file: string): Promise<NoteCache> {
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as {
      format?: number;
      entries?: [string, CachedNote][];
    };
    return memoryNoteCache(
      saved.format === FORMAT ? (saved.entries ?? []).map(([k, n]) => [k, expand(n)]) : [],
    );
  } catch {
    return memoryNoteCache();
  }
}

/** Saves the cache for the next start. */
export function saveNoteCache(file: string, cache: NoteCache): Promise<void> {
  const entries = cache.entries().map(([key, note]) => [key, compact(note)]);
  return writeFileAtomic(file, asciiJson(JSON.stringify({ format: FORMAT, entries })));
}

/**
 * The same JSON with every character past ASCII written as its `\\u` escape. One such character anywhere
 * makes the whole file, read back, a two-byte string; ASCII keeps it (and every string parsed from it that
 * has none) one byte a character, and reads and parses about a third faster (the corpora's notes: 0.72 s
 * to 0.50 s). The caches' files only: JSON.parse gives back exactly the same values.
 */
export function asciiJson(json: string): string {
  return json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Each text once on disk: a section's text is left out when it is its passages' texts joined (parse-note.ts
 * makes it so), and a passage whose mrkdwn reads as its text is saved as that one string. On the corpora
 * this halves the file, and with it the time a warm start spends reading, decoding and parsing it.
 */
type SavedPassage = string | Passage;
type SavedSection = Omit<Section, 'text' | 'passages'> & { text?: string; passages: SavedPassage[] };

function compact(cached: CachedNote): CachedNote {
  if ('rejected' in cached) return cached;
  const sections = cached.sections.map((section): SavedSection => {
    const { text, passages, ...rest } = section;
    const saved = passages.map((p) => (p.mrkdwn === p.text ? p.text : p));
    const joined = passages.map((p) => p.text).join(PASSAGE_SEPARATOR);
    return joined === text ? { ...rest, passages: saved } : { ...rest, text, passages: saved };
  });
  return { ...cached, sections } as unknown as Note;
}

function expand(saved: CachedNote): CachedNote {
  if ('rejected' in saved) return saved;
  const sections = (saved.sections as unknown as SavedSection[]).map((section): Section => {
    const passages = section.passages.map((p) => (typeof p === 'string' ? { text: p, mrkdwn: p } : p));
    return {
      ...section,
      passages,
      text: section.text ?? passages.map((p) => p.text).join(PASSAGE_SEPARATOR),
    };
  });
  return { ...saved, sections };
}
