import { THANKS } from '../../../core/answers/copy.js';
import { notice } from '../../send.js';
import type { Deps } from '../deps.js';
import { onClick } from './on-click.js';

/**
 * 👍 / 👎 under an answer: recorded per section and query (not per person; the query only when questions may
 * be kept, GAPS_RECORD), acknowledged to the voter only.
 */
export function recordFeedback(deps: Deps, vote: 'helpful' | 'unhelpful') {
  return onClick(deps, 'recording feedback', async ({ value }) => {
    if (!value?.s) throw new Error('feedback button without a section');
    await deps.feedback.record({
      sectionId: value.s,
      query: deps.keepQuestions ? value.q : '',
      value: vote,
      at: deps.now().toISOString(),
    });
    deps.metrics.vote(vote);
    return { show: notice(THANKS[vote]) };
  });
}
