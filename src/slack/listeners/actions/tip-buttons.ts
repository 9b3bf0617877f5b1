import { answerForSection, overviewAnswer } from '../../../core/answers/answer.js';
import { renderAnswer } from '../../../core/answers/blocks.js';
import { SECTION_GONE } from '../../../core/answers/copy.js';
import { replyTo } from '../../../core/answers/reply.js';
import { notice } from '../../send.js';
import type { Deps } from '../deps.js';
import { onClick } from './on-click.js';

/** The buttons under a tip and an overview: a section, a note's overview, another tip. */

/** Read more under a tip (or a section's button on an overview): that section's answer, to the clicker only. */
export function readMore(deps: Deps) {
  return onClick(deps, 'read more', async ({ raw }) => {
    const answer = answerForSection(deps.index().knowledge, raw ?? '');
    return { show: answer ? renderAnswer(answer, { controls: 'ephemeral' }) : notice(SECTION_GONE) };
  });
}

/** A note's button on the overview of several notes: that note's overview, to the clicker only. */
export function openOverview(deps: Deps) {
  return onClick(deps, 'opening a note overview', async ({ raw }) => {
    const { knowledge } = deps.index();
    const note = knowledge.notes.find((n) => n.id === raw);
    const answer = note && overviewAnswer(knowledge, note.title, undefined, note.id);
    return { show: answer ? renderAnswer(answer, { controls: 'ephemeral' }) : notice(SECTION_GONE) };
  });
}

/** Another tip: a random tip to the clicker only; the daily rotation is not touched. */
export function anotherTip(deps: Deps) {
  return onClick(deps, 'another tip', async () => {
    return { show: replyTo({ kind: 'tip' }, { index: deps.index(), random: deps.random }) };
  });
}
