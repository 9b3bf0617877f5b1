import type { SearchIndex } from '../search/search-index.js';
import { tipPool } from '../tips/pool.js';
import type { SlackMessage } from '../types.js';
import type { Request } from './commands.js';
import { renderHelp, renderTopics } from './help.js';
import { renderTip } from './tip-message.js';

/**
 * The reply to a request other than a question, the same in Slack and in the local shell (a question is
 * answered with its bookkeeping by ops/questions.ts, `reply`; the gap report is for admins only).
 */
export interface ReplyContext {
  readonly index: SearchIndex;
  /** A number in [0, 1): which tip `tip` shows. */
  readonly random: () => number;
}

/** The message that answers a request. */
export function replyTo(
  request: Exclude<Request, { kind: 'gaps' | 'ask' }>,
  { index, random }: ReplyContext,
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
  }
}
