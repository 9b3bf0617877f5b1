import { Worker } from 'node:worker_threads';
import type { SearchIndex } from '../core/search/search-index.js';
import type { Logger } from '../logger.js';
import type { OffThread, OffThreadReply } from '../ops/questions.js';
import type { AnswerReply, AnswerRequest } from './answer-worker.js';
import { programModule } from './package-files.js';
import { workerEntry } from './worker-entry.js';

/**
 * **The answer thread** (ANSWER_WORKER=true): one worker thread holding a copy of the index in service, which
 * makes the replies to questions so that the main thread, which reads Slack's requests and sends their acks,
 * only does Slack's work. Every index the knowledge holder puts in service is sent to it; until it holds that
 * version, and whenever it has crashed or is too slow, questions are answered in the main thread (the
 * questions' fallback), so no question is ever lost to it.
 */

export const ANSWER_THREAD_OPTIONS = {
  /**
   * A question not answered by then is answered in the main thread instead (Slack waits 3 s for an ack); if
   * the worker answered nothing at all in that time, it is hung: it is terminated and started again.
   */
  deadlineMs: 1000,
  /** Workers in a row that stop before holding any knowledge before the bot stops starting them. */
  startFailures: 3,
} as const;

export type AnswerThreadOptions = { readonly [K in keyof typeof ANSWER_THREAD_OPTIONS]: number } & {
  /** Where the main thread's knowledge cache is (the worker loads the saved index from it); none: it indexes. */
  readonly cacheDir?: string;
  readonly logger: Logger;
  /** The worker's module (tests give one that misbehaves); the answer worker otherwise. */
  readonly worker?: URL;
};

export interface AnswerThread extends OffThread {
  /** Gives the worker the knowledge of an index just put in service. */
  load(index: SearchIndex): void;
  /** The knowledge version the worker holds; undefined while it has none. */
  version(): string | undefined;
  close(): Promise<void>;
}

interface Pending {
  readonly version: string;
  readonly resolve: (reply: OffThreadReply | undefined) => void;
  readonly timer: NodeJS.Timeout;
}

/** Starts the worker now; it holds nothing until `load`. */
export function createAnswerThread(
  overrides: Partial<AnswerThreadOptions> & Pick<AnswerThreadOptions, 'logger'>,
): AnswerThread {
  const options = { ...ANSWER_THREAD_OPTIONS, ...overrides };
  const { logger } = options;
  const entry = workerEntry(options.worker ?? programModule('runtime/answer-worker'));
  const pending = new Map<number, Pending>();
  let worker: Worker | undefined;
  let held: string | undefined;
  let wanted: SearchIndex | undefined;
  let lastReplyAt = 0;
  let nextId = 0;
  let failedStarts = 0;
  let closed = false;
  const warnedSlow = new WeakSet<Worker>();

  const send = (request: AnswerRequest) => worker?.postMessage(request);
  const sendKnowledge = (index: SearchIndex) => {
    // Rejected files are the main thread's to report; the worker needs only what is served.
    const { rejected: _, ...knowledge } = index.knowledge;
    send({
      kind: 'knowledge',
      knowledge,
      ...(options.cacheDir !== undefined && { cacheDir: options.cacheDir }),
    });
  };

  const start = () => {
    const started = new Worker(entry.code, { eval: entry.eval });
    started.unref(); // never keeps the process alive: a question waiting has its own timer
    worker = started;
    held = undefined;
    let loaded = false;
    started.on('message', (reply: AnswerReply) => {
      if (reply.kind === 'loaded') {
        loaded = true;
        failedStarts = 0;
        held = reply.version;
        logger.info({ version: reply.version }, 'the answer worker holds the knowledge');
        return;
      }
      lastReplyAt = performance.now();
      const waiting = pending.get(reply.id);
      if (!waiting) return; // too late: already answered in the main thread
      pending.delete(reply.id);
      clearTimeout(waiting.timer);
      waiting.resolve(reply.version === waiting.version ? reply.reply : undefined);
    });
    const stopped = (error?: Error) => {
      if (worker !== started) return;
      worker = undefined;
      held = undefined;
      for (const [id, waiting] of pending) {
        clearTimeout(waiting.timer);
        pending.delete(id);
        waiting.resolve(undefined);
      }
      if (closed) return;
      if (!loaded && ++failedStarts >= options.startFailures) {
        logger.error(
          { error: String(error ?? 'exited') },
          'the answer worker cannot start; answering in the main thread from now on',
        );
        return;
      }
      logger.error(
        { error: String(error ?? 'exited') },
        'the answer worker stopped; answering in the main thread while it starts again',
      );
      start();
      if (wanted) sendKnowledge(wanted);
    };
    started.on('error', stopped);
    started.on('exit', () => stopped());
  };

  /**
   * A question the worker did not answer in time: answered here. If the worker answered nothing since, it is
   * looked at again after another deadline (its replies may only be waiting behind a busy main thread), and
   * terminated then if there is still nothing: it is hung, and `stopped` starts another.
   */
  const late = (id: number, sentAt: number) => {
    const waiting = pending.get(id);
    if (!waiting) return;
    pending.delete(id);
    waiting.resolve(undefined);
    const suspect = worker;
    if (suspect === undefined) return;
    if (lastReplyAt > sentAt) {
      // Busy, not hung: said once per worker, as under overload every question may come here.
      if (!warnedSlow.has(suspect))
        logger.warn(
          { deadlineMs: options.deadlineMs },
          'the answer worker is late; answering its late questions in the main thread',
        );
      warnedSlow.add(suspect);
      return;
    }
    setTimeout(() => {
      if (lastReplyAt > sentAt || worker !== suspect) return;
      logger.error(
        { deadlineMs: options.deadlineMs },
        'the answer worker answered nothing in time; restarting it, answering in the main thread meanwhile',
      );
      void suspect.terminate();
    }, options.deadlineMs).unref();
  };

  start();
  return {
    load: (index) => {
      wanted = index;
      sendKnowledge(index);
    },
    version: () => held,
    reply: (question, version) => {
      if (worker === undefined || held !== version) return Promise.resolve(undefined);
      const id = ++nextId;
      const sentAt = performance.now();
      return new Promise((resolve) => {
        const timer = setTimeout(() => late(id, sentAt), options.deadlineMs);
        pending.set(id, { version, resolve, timer });
        send({ kind: 'ask', id, question });
      });
    },
    close: async () => {
      closed = true;
      const stopping = worker?.terminate();
      await stopping;
    },
  };
}
