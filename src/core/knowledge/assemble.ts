import { createHash } from 'node:crypto';
import { KnowledgeError, KnowledgeErrors } from '../errors.js';
import type { Knowledge, Note, Section, Tip, Topic } from '../types.js';
import { EMPTY_LEXICON, parseLexicon } from './lexicon.js';
import type { NoteCache } from './note-cache.js';
import { noteIdOf, parseNote } from './parse-note.js';
import { parseTips } from './tips.js';
import { parseTopics } from './topics.js';

/**
 * The **knowledge** from the files of its folder: every note, and the topics, tips and lexicon files at its
 * top. All or nothing: any broken file fails it with every error found, each naming its file and line, each
 * once, in file and line order.
 */

/** The files at the top of the knowledge folder that are not notes. */
export const KNOWLEDGE_FILES = { topics: 'topics.yml', tips: 'tips.yml', lexicon: 'lexicon.yml' } as const;

/** A note file: its path relative to the knowledge folder (`/`-separated) and its content. */
export interface NoteSource {
  readonly file: string;
  readonly source: string;
}

/** What the folder holds, as read by the edge (runtime/knowledge-files.ts). */
export interface KnowledgeSources {
  /** The folder, named in errors about the folder itself. */
  readonly dir: string;
  /** Every note, in path order; read one at a time, so a large folder is never in memory at once. */
  readonly notes: AsyncIterable<NoteSource>;
  readonly topics?: string;
  readonly tips?: string;
  readonly lexicon?: string;
}

/**
 * Parses and checks the knowledge; with a cache, notes seen before (same file, content, topics) are reused.
 * Each file is checked on its own, then its references only against what parsed, so one fault is reported
 * once and not again by every file that refers to what it broke.
 */
export async function assembleKnowledge(sources: KnowledgeSources, cache?: NoteCache): Promise<Knowledge> {
  const errors: KnowledgeError[] = [];
  const attempt = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (error) {
      if (error instanceof KnowledgeError) errors.push(error);
      else if (error instanceof KnowledgeErrors) errors.push(...error.errors);
      else throw error;
      return undefined;
    }
  };
  const topicsSource = sources.topics;
  const topicsFile =
    topicsSource !== undefined ? parseTopics(KNOWLEDGE_FILES.topics, topicsSource) : undefined;
  errors.push(...(topicsFile?.errors ?? []));
  const topics: Topic[] = topicsFile?.topics ?? [];
  const checks = { unparsedTopic: topicsFile?.unparsed ?? (() => false) };
  const notes: Note[] = [];
  const unparsedNotes = new Set<string>();
  const hash = createHash('sha256').update(topicsSource ?? '');
  let files = 0;
  for await (const { file, source } of sources.notes) {
    files++;
    hash.update(`\0${file}\0${source}`);
    const key =
      cache &&
      createHash('sha256')
        .update(`${topicsSource ?? ''}\0${file}\0${source}`)
        .digest('hex');
    const note = (key && cache?.get(key)) || attempt(() => parseNote(file, source, topics, checks));
    if (note) notes.push(note);
    else unparsedNotes.add(noteIdOf(file));
    if (note && key) cache?.set(key, note);
  }
  if (files === 0)
    errors.push(new KnowledgeError(sources.dir, 1, 'no notes (*.md files) in the knowledge folder'));
  const sections = new Map<string, Section>(notes.flatMap((n) => n.sections.map((s) => [s.id, s] as const)));
  const tipsSource = sources.tips;
  const tipsFile =
    tipsSource !== undefined
      ? parseTips(KNOWLEDGE_FILES.tips, tipsSource, sections, (id) => unparsedNotes.has(id))
      : undefined;
  errors.push(...(tipsFile?.errors ?? []));
  const tips: Tip[] = tipsFile?.tips ?? [];
  const lexiconSource = sources.lexicon;
  const lexicon =
    (lexiconSource !== undefined && attempt(() => parseLexicon(KNOWLEDGE_FILES.lexicon, lexiconSource))) ||
    EMPTY_LEXICON;
  if (errors.length > 0) throw new KnowledgeErrors(errors);
  cache?.prune();
  const version = hash
    .update(`\0${tipsSource ?? ''}\0${lexiconSource ?? ''}`)
    .digest('hex')
    .slice(0, 12);
  return { version, notes, topics, tips, lexicon, sections };
}
