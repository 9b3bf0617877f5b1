import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { failureOf, KnowledgeError, ParseStopped } from '../core/errors.js';
import type { NoteParser } from '../core/knowledge/assemble.js';
import type { NoteLimits } from '../core/knowledge/screen-note.js';
import type { Note, Topic } from '../core/types.js';
import { programModule } from './package-files.js';
import type { ParseReply, ParseRequest } from './parse-worker.js';
import { workerEntry } from './worker-entry.js';

/**
 * **The parse pool**: worker threads that parse note files off the main thread, so no file can stall the
 * bot's answers or `/healthz`. Built once per process, one worker per core; each file gets a deadline and
 * each worker a memory limit, and a worker over either is terminated and replaced, its file rejected.
 * Files wait in one queue, so many files parse in parallel (start-up) as well as one (a reload).
 */

/** How the pool is sized and bounded; the README's knowledge section documents the limits. */
export const PARSE_POOL_OPTIONS = {
  /**
   * Workers: one per core the process may use, at most four. Each costs about 40 MB when warm, and
   * `availableParallelism` sees the node's cores, not a container's CPU limit: on a 16-core node, one per
   * core would not fit a 512 MiB pod.
   */
  workers: Math.max(1, Math.min(4, availableParallelism())),
  /** A worker idle this long is stopped (its memory returned); the next file starts one again. */
  idleMs: 30_000,
  /**
   * Longest parse of one file before its worker is terminated: the corpora's largest note (150 KB) takes
   * about 0.3 s on an idle core and 2 s on a machine loaded eight times over.
   */
  deadlineMs: 20_000,
  /** A worker's heap (V8's old generation) in MB; a 600 KB note of prose, tables and links parses in 64. */
  memoryMb: 256,
  /** A worker's young generation in MB. */
  youngMemoryMb: 32,
  /** A worker's stack in MB (Node's default). */
  stackMb: 4,
  /** Workers in a row that die before they are ready before the pool gives up on the files waiting. */
  startFailures: 3,
} as const;

export type ParsePoolOptions = { readonly [K in keyof typeof PARSE_POOL_OPTIONS]: number } & {
  /** Limits for the screening of each file (core/knowledge/screen-note.ts); its defaults otherwise. */
  readonly limits?: NoteLimits;
};

export interface ParsePool {
  /**
   * Parses a note file in a worker: the note, or a rejection with a KnowledgeError (`file:line: reason`), or
   * KnowledgeErrors for several faults. `unparsedTopics`: see core/knowledge/assemble.ts's NoteParser.
   */
  parse: NoteParser;
  /** How many workers the pool runs (at most). */
  readonly size: number;
  /** How many workers run now (none once the pool has been idle for `idleMs`). */
  running(): number;
  /**
   * Starts one worker now, before any file waits, so its start-up overlaps the caller's own (`check`
   * parses every note; the bot's start calls it only when no note is cached, as a warm start parses none).
   */
  prestart(): void;
  /** Terminates the workers; files still waiting are rejected. */
  close(): Promise<void>;
}

interface Task {
  readonly file: string;
  readonly bytes: Uint8Array;
  readonly topics: readonly Topic[];
  readonly unparsedTopics: readonly string[] | 'all';
  resolve(note: Note): void;
  reject(error: Error): void;
}

interface Slot {
  readonly worker: Worker;
  ready: boolean;
  task?: { readonly id: number; readonly work: Task; readonly timer: NodeJS.Timeout };
}

/** Creates the pool; workers start on the first file and stop after `idleMs` without work, or at `close`. */
export function createParsePool(overrides: Partial<ParsePoolOptions> = {}): ParsePool {
  const options: ParsePoolOptions = { ...PARSE_POOL_OPTIONS, ...overrides };
  const size = Math.max(1, Math.floor(options.workers));
  const entry = workerEntry(programModule('runtime/parse-worker'));
  const slots = new Set<Slot>();
  const queue: Task[] = [];
  let nextId = 0;
  let failedStarts = 0;
  let closed = false;
  let idleTimer: NodeJS.Timeout | undefined;

  /** Stops the workers that have nothing to do (the pool is idle); dispatch starts new ones for new files. */
  const stopIdle = () => {
    for (const slot of [...slots]) {
      if (slot.task || !slot.ready) continue;
      slots.delete(slot);
      void slot.worker.terminate();
    }
  };

  const spawn = () => {
    const worker = new Worker(entry.code, {
      eval: entry.eval,
      resourceLimits: {
        maxOldGenerationSizeMb: options.memoryMb,
        maxYoungGenerationSizeMb: options.youngMemoryMb,
        stackSizeMb: options.stackMb,
      },
    });
    const slot: Slot = { worker, ready: false };
    slots.add(slot);
    worker.on('message', (reply: ParseReply) => onReply(slot, reply));
    worker.on('error', (error) => onExit(slot, error));
    worker.on('exit', () => onExit(slot));
  };

  const onReply = (slot: Slot, reply: ParseReply) => {
    if (reply.kind === 'ready') {
      slot.ready = true;
      failedStarts = 0;
    } else if (slot.task?.id === reply.id) {
      const { work } = finish(slot);
      if (reply.kind === 'note') work.resolve(reply.note);
      else work.reject(failureOf(reply.errors.map((e) => new KnowledgeError(work.file, e.line, e.reason))));
    }
    dispatch();
  };

  /** A worker that stopped (crashed, over its memory, terminated): its file is rejected and it is replaced. */
  const onExit = (slot: Slot, error?: Error) => {
    if (!slots.delete(slot)) return;
    if (slot.task) {
      const { work } = finish(slot);
      work.reject(new ParseStopped(work.file, 1, crashReason(error, options)));
    }
    if (!slot.ready && ++failedStarts >= options.startFailures) {
      const why = new Error(`the note parser's workers cannot start: ${String(error ?? 'exited')}`);
      for (const work of queue.splice(0)) work.reject(why);
      failedStarts = 0;
    }
    dispatch();
  };

  const finish = (slot: Slot) => {
    const task = slot.task;
    if (!task) throw new Error('parse pool: no task to finish');
    clearTimeout(task.timer);
    delete slot.task;
    return task;
  };

  /** Gives waiting files to ready, idle workers, and starts workers up to the pool's size while files wait. */
  const dispatch = () => {
    if (closed) return;
    for (const slot of slots) {
      const work = slot.ready && !slot.task ? queue.shift() : undefined;
      if (work) run(slot, work);
    }
    let starting = [...slots].filter((s) => !s.ready).length;
    for (; slots.size < size && queue.length > starting; starting++) spawn();
    // Workers keep the process alive only while there is work, so an idle pool never delays an exit.
    const busy = queue.length > 0 || [...slots].some((s) => s.task);
    for (const slot of slots) {
      if (busy) slot.worker.ref();
      else slot.worker.unref();
    }
    clearTimeout(idleTimer);
    if (!busy && slots.size > 0) idleTimer = setTimeout(stopIdle, options.idleMs).unref();
  };

  const run = (slot: Slot, work: Task) => {
    const id = ++nextId;
    const timer = setTimeout(() => {
      finish(slot);
      const seconds = options.deadlineMs / 1000;
      work.reject(new ParseStopped(work.file, 1, `took longer than ${seconds} s to parse; is it a note?`));
      slots.delete(slot);
      void slot.worker.terminate();
      dispatch();
    }, options.deadlineMs);
    slot.task = { id, work, timer };
    const request: ParseRequest = {
      id,
      file: work.file,
      bytes: work.bytes,
      topics: work.topics,
      unparsedTopics: work.unparsedTopics,
      ...(options.limits && { limits: options.limits }),
    };
    slot.worker.postMessage(request);
  };

  return {
    size,
    running: () => slots.size,
    prestart: () => {
      if (closed || slots.size > 0) return;
      spawn();
      dispatch();
    },
    parse: (file, bytes, topics, unparsedTopics) =>
      new Promise<Note>((resolve, reject) => {
        if (closed) return reject(new Error('parse pool: closed'));
        queue.push({ file, bytes, topics, unparsedTopics, resolve, reject });
        dispatch();
      }),
    close: async () => {
      closed = true;
      clearTimeout(idleTimer);
      for (const work of queue.splice(0)) work.reject(new Error('parse pool: closed'));
      const stopping = [...slots].map((slot) => {
        if (slot.task) finish(slot).work.reject(new Error('parse pool: closed'));
        return slot.worker.terminate();
      });
      slots.clear();
      await Promise.all(stopping);
    },
  };
}

/** Why a worker stopped, for its file's rejection. */
function crashReason(error: Error | undefined, options: ParsePoolOptions): string {
  const code = (error as { code?: string } | undefined)?.code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') return `needs more than ${options.memoryMb} MB to parse`;
  return `the parser stopped: ${error?.message ?? 'its worker exited'}`;
}
