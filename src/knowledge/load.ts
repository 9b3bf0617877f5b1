import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { KnowledgeError, KnowledgeErrors } from '../errors.js';
import { readOptional } from '../stores/list-store.js';
import type { Knowledge, Note, Section, Tip, Topic } from '../types.js';
import { EMPTY_LEXICON, parseLexicon } from './lexicon.js';
import type { NoteCache } from './note-cache.js';
import { parseNote } from './parse-note.js';
import { parseTips } from './tips.js';
import { parseTopics } from './topics.js';

/**
 * Reading the knowledge folder (the I/O edge of the knowledge core). Every `*.md` below it is a note;
 * `topics.yml` and `tips.yml` at its top are the topics and tips files. A load is all or nothing: any
 * broken file fails it with every error found, each naming its file and line.
 */

export const TOPICS_FILE = 'topics.yml';
export const TIPS_FILE = 'tips.yml';
export const LEXICON_FILE = 'lexicon.yml';

/** Reads, parses and checks the whole knowledge folder; with a cache, only changed notes are parsed. */
export async function loadKnowledge(dir: string, cache?: NoteCache): Promise<Knowledge> {
  const files = await listNotes(dir);
  const errors: KnowledgeError[] = [];
  const attempt = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (error) {
      if (error instanceof KnowledgeError) errors.push(error);
      else throw error;
      return undefined;
    }
  };
  const topicsSource = await readOptional(path.join(dir, TOPICS_FILE));
  const topics: Topic[] = (topicsSource && attempt(() => parseTopics(TOPICS_FILE, topicsSource))) || [];
  const notes: Note[] = [];
  const hash = createHash('sha256').update(topicsSource ?? '');
  for (const file of files) {
    const source = await readFile(path.join(dir, file), 'utf8');
    hash.update(`\0${file}\0${source}`);
    const key =
      cache &&
      createHash('sha256')
        .update(`${topicsSource ?? ''}\0${file}\0${source}`)
        .digest('hex');
    const note = (key && cache?.get(key)) || attempt(() => parseNote(file, source, topics));
    if (note) notes.push(note);
    if (note && key) cache?.set(key, note);
  }
  if (files.length === 0)
    errors.push(new KnowledgeError(dir, 1, 'no notes (*.md files) in the knowledge folder'));
  const sections = new Map<string, Section>(notes.flatMap((n) => n.sections.map((s) => [s.id, s] as const)));
  const tipsSource = await readOptional(path.join(dir, TIPS_FILE));
  const tips: Tip[] =
    (tipsSource !== undefined && attempt(() => parseTips(TIPS_FILE, tipsSource, sections))) || [];
  const lexiconSource = await readOptional(path.join(dir, LEXICON_FILE));
  const lexicon =
    (lexiconSource !== undefined && attempt(() => parseLexicon(LEXICON_FILE, lexiconSource))) ||
    EMPTY_LEXICON;
  if (errors.length > 0) throw new KnowledgeErrors(errors);
  cache?.prune();
  const version = hash
    .update(`\0${tipsSource ?? ''}\0${lexiconSource ?? ''}`)
    .digest('hex')
    .slice(0, 12);
  return { version, notes, topics, tips, lexicon, sections };
}

/** Paths (relative to dir, `/`-separated, sorted) of every markdown file below dir. */
export async function listNotes(dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir, { recursive: true });
  } catch (error) {
    throw new KnowledgeErrors([
      new KnowledgeError(dir, 1, `cannot read the knowledge folder: ${(error as Error).message}`),
    ]);
  }
  return entries
    .map((e) => e.split(path.sep).join('/'))
    .filter((e) => e.toLowerCase().endsWith('.md') && !e.split('/').some((part) => part.startsWith('.')))
    .sort();
}
