import { open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { KnowledgeError, KnowledgeErrors } from '../core/errors.js';
import { assembleKnowledge, KNOWLEDGE_FILES, type NoteSource } from '../core/knowledge/assemble.js';
import type { NoteCache } from '../core/knowledge/note-cache.js';
import { NOTE_LIMITS } from '../core/knowledge/screen-note.js';
import type { Knowledge, Note } from '../core/types.js';
import { readOptional } from '../stores/file-io.js';
import type { ParsePool } from './parse-pool.js';

/**
 * Reading the knowledge folder: every `*.md` below it is a note (hidden folders aside); `topics.yml`,
 * `tips.yml` and `lexicon.yml` at its top are the topics, tips and lexicon files. The core assembles them.
 */

/** How the notes are parsed: in a parse pool's workers (else in this thread), and the notes a reload keeps. */
export interface LoadOptions {
  readonly pool?: ParsePool;
  /**
   * The notes in service, on a reload: a file rejected now keeps its version among them. A reload also
   * leaves one core to the main thread (it is answering), where start-up uses every worker.
   */
  readonly lastGood?: readonly Note[];
}

/**
 * Reads, parses and checks the whole knowledge folder; with a cache, only changed notes are parsed. Note
 * files that cannot be used are in `rejected`; the rest is the knowledge.
 */
export async function loadKnowledge(
  dir: string,
  cache?: NoteCache,
  { pool, lastGood }: LoadOptions = {},
): Promise<Knowledge> {
  const files = await listNotes(dir);
  const [topics, tips, lexicon] = await Promise.all(
    [KNOWLEDGE_FILES.topics, KNOWLEDGE_FILES.tips, KNOWLEDGE_FILES.lexicon].map((f) =>
      readOptional(path.join(dir, f)),
    ),
  );
  return assembleKnowledge(
    {
      dir,
      notes: readNotes(dir, files),
      ...(topics !== undefined && { topics }),
      ...(tips !== undefined && { tips }),
      ...(lexicon !== undefined && { lexicon }),
    },
    {
      ...(cache && { cache }),
      ...(pool && { parse: pool.parse, concurrency: lastGood ? Math.max(1, pool.size - 1) : pool.size * 2 }),
      ...(lastGood && { lastGood }),
    },
  );
}

/**
 * Note files read ahead of their parse, at most this many at once: a warm start takes every note from the
 * cache, so reading one file after another (four system calls each) was most of its time.
 */
export const READ_AHEAD = 32;

/** Every note file's bytes, in order, with up to READ_AHEAD reads in flight. */
async function* readNotes(dir: string, files: readonly string[]): AsyncGenerator<NoteSource> {
  const reading: Promise<NoteSource>[] = [];
  const read = (file: string) => {
    const source = readCapped(path.join(dir, file), NOTE_LIMITS.maxBytes).then((bytes) => ({ file, bytes }));
    source.catch(() => {}); // a failed read is thrown where it is awaited, in order
    reading.push(source);
  };
  for (const file of files) {
    read(file);
    if (reading.length >= READ_AHEAD) yield await (reading.shift() as Promise<NoteSource>);
  }
  for (const source of reading) yield await source;
}

/** A file's bytes, at most one more than `max`: enough to tell it is too large without reading it all. */
async function readCapped(file: string, max: number): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const length = Math.min((await handle.stat()).size, max) + 1;
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
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
