import { parentPort } from 'node:worker_threads';
import { KnowledgeError, KnowledgeErrors } from '../core/errors.js';
import { checksFor } from '../core/knowledge/assemble.js';
import { parseNoteFile } from '../core/knowledge/parse-note.js';
import type { NoteLimits } from '../core/knowledge/screen-note.js';
import type { Note, Topic } from '../core/types.js';

/**
 * A parse pool's worker (runtime/parse-pool.ts): parses one note file at a time with the pure core
 * function and sends back the note or the rejection. It says `ready` once its modules are loaded and warm,
 * so the pool's deadline counts parsing, not starting.
 */

/** A file to parse, as the pool sends it. */
export interface ParseRequest {
  readonly id: number;
  readonly file: string;
  readonly bytes: Uint8Array;
  readonly topics: readonly Topic[];
  /** Topic ids whose entry did not parse (`all`: the topics file did not): naming one is no fault. */
  readonly unparsedTopics?: readonly string[] | 'all';
  readonly limits?: NoteLimits;
}

/** The worker's answer: ready, a note, or the file's rejection (each fault's `line` and `reason`). */
export type ParseReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'note'; readonly id: number; readonly note: Note }
  | {
      readonly kind: 'rejected';
      readonly id: number;
      readonly errors: readonly { readonly line: number; readonly reason: string }[];
    };

/** Parses one request; whatever the parser throws becomes the file's rejection. */
async function handle({
  id,
  file,
  bytes,
  topics,
  unparsedTopics = [],
  limits,
}: ParseRequest): Promise<ParseReply> {
  try {
    const note = await parseNoteFile(file, bytes, topics, checksFor(unparsedTopics), limits);
    return { kind: 'note', id, note };
  } catch (error) {
    const faults =
      error instanceof KnowledgeErrors ? error.errors : error instanceof KnowledgeError ? [error] : [];
    if (faults.length > 0)
      return { kind: 'rejected', id, errors: faults.map((e) => ({ line: e.line, reason: e.reason })) };
    const stack = error instanceof RangeError && /call stack/i.test(error.message);
    const reason = stack ? 'too deeply nested to parse (out of stack)' : `cannot be parsed: ${String(error)}`;
    return { kind: 'rejected', id, errors: [{ line: 1, reason }] };
  }
}

const port = parentPort;
if (port) {
  // One request at a time: the pool sends the next only after this one's reply.
  port.on('message', async (request: ParseRequest) => port.postMessage(await handle(request)));
  // One small note first, so the first file's deadline is not spent warming the parser up.
  await handle({
    id: 0,
    file: 'warm-up.md',
    bytes: new TextEncoder().encode('# Warm\n\n- up [link](https://x.io)\n'),
    topics: [],
  });
  port.postMessage({ kind: 'ready' } satisfies ParseReply);
}
