import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { KnowledgeError, KnowledgeErrors } from '../core/errors.js';
import { assembleKnowledge, KNOWLEDGE_FILES, type NoteSource } from '../core/knowledge/assemble.js';
import type { NoteCache } from '../core/knowledge/note-cache.js';
import type { Knowledge } from '../core/types.js';
import { readOptional } from '../stores/file-io.js';

/**
 * Reading the knowledge folder: every `*.md` below it is a note (hidden folders aside); `topics.yml`,
 * `tips.yml` and `lexicon.yml` at its top are the topics, tips and lexicon files. The core assembles them.
 */

/** Reads, parses and checks the whole knowledge folder; with a cache, only changed notes are parsed. */
export async function loadKnowledge(dir: string, cache?: NoteCache): Promise<Knowledge> {
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
    cache,
  );
}

async function* readNotes(dir: string, files: readonly string[]): AsyncGenerator<NoteSource> {
  for (const file of files) yield { file, source: await readFile(path.join(dir, file), 'utf8') };
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
