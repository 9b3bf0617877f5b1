import { parentPort } from 'node:worker_threads';
import { KnowledgeError } from '../core/errors.js';
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
  readonly limits?: NoteLimits;
}

/** The worker's answer: ready, a note, or the file's rejection (`line`, `reason`). */
export type ParseReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'note'; readonly id: number; readonly note: Note }
  | { readonly kind: 'rejected'; readonly id: number; readonly line: number; readonly reason: string };

/** Parses one request; whatever the parser throws becomes the file's rejection. */
function handle({ id, file, bytes, topics, limits }: ParseRequest): ParseReply {
  try {
    return { kind: 'note', id, note: parseNoteFile(file, bytes, topics, limits) };
  } catch (error) {
    if (error instanceof KnowledgeError)
      return { kind: 'rejected', id, line: error.line, reason: error.reason };
    const stack = error instanceof RangeError && /call stack/i.test(error.message);
    const reason = stack ? 'too deeply nested to parse (out of stack)' : `cannot be parsed: ${String(error)}`;
    return { kind: 'rejected', id, line: 1, reason };
  }
}

const port = parentPort;
if (port) {
  port.on('message', (request: ParseRequest) => port.postMessage(handle(request)));
  // One small note first, so the first file's deadline is not spent warming the parser up.
  handle({
    id: 0,
    file: 'warm-up.md',
    bytes: new TextEncoder().encode('# Warm\n\n- up [link](https://x.io)\n'),
    topics: [],
  });
  port.postMessage({ kind: 'ready' } satisfies ParseReply);
}
