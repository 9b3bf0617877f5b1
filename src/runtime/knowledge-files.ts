import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
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
 * Note files read before the event loop gets a turn: reading a small file synchronously (open, stat, read,
 * close) costs a few microseconds, where the same four calls through libuv's thread pool cost tens; a warm
 * start takes every note from the cache, so reading was most of its time (2,381 files: about 25-60 ms this
 * way, 130-230 ms with 32 asynchronous reads in flight). A turn every READ_BATCH files keeps a reload
 * under way from holding up the bot's other work.
 */
export const READ_BATCH = 64;

/** Every note file's bytes, in order, the event loop getting a turn every READ_BATCH files. */
async function* readNotes(dir: string, files: readonly string[]): AsyncGenerator<NoteSource> {
  for (const [i, file] of files.entries()) {
    if (i > 0 && i % READ_BATCH === 0) await new Promise((resolve) => setImmediate(resolve));
    yield readNote(dir, file);
  }
}

/** One note file's bytes; gone since the listing, unreadable, or not a file: why (that file is rejected, the others are read). */
function readNote(dir: string, file: string): NoteSource {
  try {
    return { file, bytes: readCapped(path.join(dir, file), NOTE_LIMITS.maxBytes) };
  } catch (error) {
    return { file, unreadable: `cannot read the file: ${(error as Error).message}` };
  }
}

/**
 * A file's bytes, at most one more than `max`: enough to tell it is too large without reading it all.
 * Opened without blocking, so a pipe or device named like a note is refused, not waited on.
 */
function readCapped(file: string, max: number): Uint8Array {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new Error('not a regular file');
    const buffer = Buffer.alloc(Math.min(stat.size, max) + 1);
    return buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0));
  } finally {
    closeSync(fd);
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
