import { parentPort } from 'node:worker_threads';
import { warmUp } from '../core/answers/warm-up.js';
import { buildIndex, type SearchIndex } from '../core/search/search-index.js';
import type { Knowledge } from '../core/types.js';
import { makeReply, type OffThreadQuestion, type OffThreadReply } from '../ops/questions.js';
import { readCachedIndex } from './knowledge-cache.js';

/**
 * The answer worker (runtime/answer-thread.ts): holds its own copy of the index in service and makes the
 * replies to questions with the same function the main thread uses, so the main thread only does Slack's
 * work and one message each way per question.
 */

/** What the main thread sends: the knowledge now in service, or a question. */
export type AnswerRequest =
  | { readonly kind: 'knowledge'; readonly knowledge: Knowledge; readonly cacheDir?: string }
  | { readonly kind: 'ask'; readonly id: number; readonly question: OffThreadQuestion };

/** What the worker sends back: the knowledge it now holds, or a question's reply and the version it used. */
export type AnswerReply =
  | { readonly kind: 'loaded'; readonly version: string }
  | { readonly kind: 'reply'; readonly id: number; readonly version: string; readonly reply: OffThreadReply };

/**
 * The index of the knowledge: the one saved for its version under the cache folder (the main thread's, when
 * it loaded one) or, without it, built again; either way what the main thread serves.
 */
async function indexOf(knowledge: Knowledge, cacheDir: string | undefined): Promise<SearchIndex> {
  return (await readCachedIndex(knowledge, cacheDir)) ?? buildIndex(knowledge);
}

const port = parentPort;
if (port) {
  let index: SearchIndex | undefined;
  // Knowledge messages are handled in order: a question waits for the index that arrived before it.
  let loading: Promise<unknown> = Promise.resolve();
  port.on('message', (request: AnswerRequest) => {
    if (request.kind === 'knowledge') {
      loading = loading.then(async () => {
        const next = await indexOf(request.knowledge, request.cacheDir);
        warmUp(next); // as the main thread warms its own: no one's question pays for the first answers
        index = next;
        port.postMessage({ kind: 'loaded', version: index.knowledge.version } satisfies AnswerReply);
      });
      return;
    }
    const answer = (current: SearchIndex) => {
      const reply = makeReply(current, request.question);
      const version = current.knowledge.version;
      port.postMessage({ kind: 'reply', id: request.id, version, reply } satisfies AnswerReply);
    };
    // The usual case, with nothing loading: answered at once.
    if (index !== undefined) answer(index);
    else void loading.then(() => index && answer(index));
  });
}
