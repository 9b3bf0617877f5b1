import { createHash } from 'node:crypto';
import { KnowledgeError, KnowledgeErrors, ParseStopped } from '../errors.js';
import type { Knowledge, Note, Section, Tip, Topic } from '../types.js';
import { EMPTY_LEXICON, parseLexicon } from './lexicon.js';
import type { NoteCache } from './note-cache.js';
import { noteIdOf } from './note-id.js';
import type { NoteChecks } from './parse-note.js';
import { shareText } from './share-text.js';
import { parseTips } from './tips.js';
import { parseTopics } from './topics.js';

/**
 * The **knowledge** from the files of its folder: every note, and the topics, tips and lexicon files at its
 * top. Each note file is accepted or rejected on its own: a rejected one (`file:line: reason`) is left out,
 * or its last good version kept on a reload, and the rest is served. A broken topics, tips or lexicon file,
 * or a folder without one usable note, fails the whole with every error found, each naming its file and
 * line, each once, in file and line order. Each file is checked on its own, then its references only
 * against what parsed, so one fault is reported once and not again by every file that refers to it.
 */

/** The files at the top of the knowledge folder that are not notes. */
export const KNOWLEDGE_FILES = { topics: 'topics.yml', tips: 'tips.yml', lexicon: 'lexicon.yml' } as const;

/**
 * A note file: its path relative to the knowledge folder (`/`-separated) and its bytes, or why they could
 * not be read (the file is rejected, as one that does not parse is).
 */
export type NoteSource =
  | { readonly file: string; readonly bytes: Uint8Array }
  | { readonly file: string; readonly unreadable: string };

/** What the folder holds, as read by the edge (runtime/knowledge-files.ts). */
export interface KnowledgeSources {
  /** The folder, named in errors about the folder itself. */
  readonly dir: string;
  /** Every note, in path order; read as they are parsed, so a large folder is never in memory at once. */
  readonly notes: AsyncIterable<NoteSource>;
  readonly topics?: string;
  readonly tips?: string;
  readonly lexicon?: string;
}

/**
 * Parses a note file's bytes (a worker of runtime/parse-pool.ts, or parseNoteFile here); rejects with a
 * KnowledgeError, or KnowledgeErrors for several faults. `unparsedTopics`: topic ids whose entry in the
 * topics file did not parse (naming one is not the note's fault).
 */
export type NoteParser = (
  file: string,
  bytes: Uint8Array,
  topics: readonly Topic[],
  unparsedTopics: readonly string[] | 'all',
) => Promise<Note>;

export interface AssembleOptions {
  /** Notes seen before (same file, content, topics) are taken from it instead of parsed. */
  readonly cache?: NoteCache;
  readonly parse?: NoteParser;
  /** The notes in service, on a reload: a rejected file's last good version among them stays. */
  readonly lastGood?: readonly Note[];
  /** Files being parsed at once (a pool's size and a few waiting); the rest are not read yet. */
  readonly concurrency?: number;
}

export const ASSEMBLE_OPTIONS = { concurrency: 8 } as const;

/** One note file's outcome: its cache key, and its note or its rejection. */
type NoteOutcome =
  | { readonly file: string; readonly key: string; readonly note: Note }
  | { readonly file: string; readonly key: string; readonly rejected: readonly KnowledgeError[] }
  | { readonly file: string; readonly fatal: unknown };

/** Parses and checks the knowledge; see AssembleOptions for the cache, the parser and reloads. */
export async function assembleKnowledge(
  sources: KnowledgeSources,
  {
    cache,
    parse = parseHere,
    lastGood = [],
    concurrency = ASSEMBLE_OPTIONS.concurrency,
  }: AssembleOptions = {},
): Promise<Knowledge> {
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
  const unparsedTopics = topicsFile?.unparsed ?? [];
  const outcomes = await parseAll(sources.notes, concurrency, (source) =>
    noteOutcome(source, topicsSource ?? '', { topics, unparsedTopics }, parse, cache),
  );
  const fatal = outcomes.find((o) => 'fatal' in o);
  if (fatal && 'fatal' in fatal) throw fatal.fatal;
  const previous = new Map(lastGood.map((n) => [n.file, n]));
  const hash = createHash('sha256').update(topicsSource ?? '');
  const notes: Note[] = [];
  const rejected: KnowledgeError[] = [];
  for (const outcome of outcomes) {
    if ('note' in outcome) {
      notes.push(outcome.note);
      hash.update(`\0${outcome.key}`);
    } else if ('rejected' in outcome) {
      rejected.push(...outcome.rejected);
      const kept = previous.get(outcome.file);
      if (kept) notes.push(kept);
      if (kept) hash.update(`\0kept\0${createHash('sha256').update(JSON.stringify(kept)).digest('hex')}`);
    }
  }
  if (outcomes.length === 0)
    errors.push(new KnowledgeError(sources.dir, 1, 'no notes (*.md files) in the knowledge folder'));
  else if (notes.length === 0) errors.push(...rejected);
  const sections = new Map<string, Section>(notes.flatMap((n) => n.sections.map((s) => [s.id, s] as const)));
  const leftOut = new Set(rejected.filter((r) => !previous.has(r.file)).map((r) => noteIdOf(r.file)));
  const tipsSource = sources.tips;
  const tipsFile =
    tipsSource !== undefined
      ? parseTips(KNOWLEDGE_FILES.tips, tipsSource, sections, (id) => leftOut.has(id))
      : undefined;
  errors.push(...(tipsFile?.errors ?? []));
  const tips: Tip[] = tipsFile?.tips ?? [];
  const lexiconSource = sources.lexicon;
  const lexicon =
    (lexiconSource !== undefined && attempt(() => parseLexicon(KNOWLEDGE_FILES.lexicon, lexiconSource))) ||
    EMPTY_LEXICON;
  if (errors.length > 0) throw new KnowledgeErrors(withRejections(errors, rejected));
  cache?.prune();
  const version = hash
    .update(`\0${tipsSource ?? ''}\0${lexiconSource ?? ''}`)
    .digest('hex')
    .slice(0, 12);
  return { version, notes, topics, tips, lexicon, sections, rejected };
}

/**
 * Parses in the same thread: for a caller without a pool (tests, one-off tools). The note parser (remark,
 * markdown-it, gray-matter: a tenth of a second to load) is imported only then; with a pool it is the
 * workers', and the bot's main thread never loads it.
 */
const parseHere: NoteParser = async (file, bytes, topics, unparsedTopics) => {
  const { parseNoteFile } = await import('./parse-note.js');
  return parseNoteFile(file, bytes, topics, checksFor(unparsedTopics));
};

/** The checks a note is parsed with, from the ids of topics that did not parse (`all`: the file did not). */
export function checksFor(unparsedTopics: readonly string[] | 'all'): NoteChecks {
  if (unparsedTopics === 'all') return { unparsedTopic: () => true };
  const unparsed = new Set(unparsedTopics);
  return { unparsedTopic: (id) => unparsed.has(id) };
}

/** The errors that fail the whole, with the notes' rejections among them (each once). */
function withRejections(errors: readonly KnowledgeError[], rejected: readonly KnowledgeError[]) {
  return [...new Set([...errors, ...rejected])];
}

/** One file: from the cache, or parsed; its rejection is an outcome, any other failure is fatal. */
async function noteOutcome(
  source: NoteSource,
  topicsSource: string,
  { topics, unparsedTopics }: { topics: readonly Topic[]; unparsedTopics: readonly string[] | 'all' },
  parse: NoteParser,
  cache: NoteCache | undefined,
): Promise<NoteOutcome> {
  const { file } = source;
  if ('unreadable' in source)
    return { file, key: '', rejected: [new KnowledgeError(file, 1, source.unreadable)] };
  const { bytes } = source;
  const key = createHash('sha256').update(`${topicsSource}\0${file}\0`).update(bytes).digest('hex');
  const cached = cache?.get(key);
  if (cached && 'rejected' in cached)
    return { file, key, rejected: cached.rejected.map((e) => new KnowledgeError(file, e.line, e.reason)) };
  try {
    // A cached note shares its text already (note-cache.ts), and stays the same object.
    const note = cached ?? shareText(await parse(file, bytes, topics, unparsedTopics));
    cache?.set(key, note);
    return { file, key, note };
  } catch (error) {
    const rejected =
      error instanceof KnowledgeError ? [error] : error instanceof KnowledgeErrors ? error.errors : undefined;
    if (rejected === undefined) return { file, fatal: error };
    if (!rejected.some((e) => e instanceof ParseStopped))
      cache?.set(key, { rejected: rejected.map(({ line, reason }) => ({ line, reason })) });
    return { file, key, rejected };
  }
}

/** Runs `fn` over the items with at most `limit` at once; the results in the items' order. */
async function parseAll<T, R>(
  items: AsyncIterable<T>,
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: Promise<R>[] = [];
  const running = new Set<Promise<R>>();
  for await (const item of items) {
    const result = fn(item);
    results.push(result);
    running.add(result);
    void result.finally(() => running.delete(result));
    if (running.size >= Math.max(1, limit)) await Promise.race(running);
  }
  return Promise.all(results);
}
