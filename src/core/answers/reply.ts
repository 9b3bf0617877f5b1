import type { SearchIndex } from '../search/search-index.js';
import { tipPool } from '../tips/pool.js';
import type { Answer, SlackMessage } from '../types.js';
import { type RenderOptions, renderAnswer } from './blocks.js';
import type { Request } from './commands.js';
import { renderHelp, renderTopics } from './help.js';
import { renderTip } from './tip-message.js';

/** The reply to a request, the same in Slack and in the local shell. */
export interface ReplyContext {
  readonly index: SearchIndex;
  /** Answers a question (with whatever bookkeeping the caller wants around it). */
  readonly ask: (query: string) => Answer;
  /** A number in [0, 1): which tip `tip` shows. */
  readonly random: () => number;
  readonly controls: RenderOptions['controls'];
}

/** The message that answers a request. */
export function replyTo(
  request: Exclude<Request, { kind: 'gaps' }>,
  { index, ask, random, controls }: ReplyContext,
): SlackMessage {
  switch (request.kind) {
    case 'help':
      return renderHelp(index.knowledge);
    case 'topics':
      return renderTopics(index.knowledge);
    case 'tip': {
      const pool = tipPool(index.knowledge);
      const tip = pool[Math.floor(random() * pool.length)];
      return tip ? renderTip(tip, index.knowledge, { daily: false }) : renderHelp(index.knowledge);
    }
    case 'ask':
      return renderAnswer(ask(request.query), controls === undefined ? {} : { controls });
  }
}
