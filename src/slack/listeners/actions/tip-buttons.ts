import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { answerForSection, overviewAnswer } from '../../../core/answers/answer.js';
import { renderAnswer } from '../../../core/answers/blocks.js';
import { FRIENDLY_ERROR, SECTION_GONE } from '../../../core/answers/copy.js';
import { replyTo } from '../../../core/answers/reply.js';
import { notice, sendEphemeral } from '../../send.js';
import type { Deps } from '../deps.js';
import { clickTarget } from './answer-buttons.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** Read more under a tip: that section's answer, to the clicker only. */
export function readMore(deps: Deps) {
  return async (args: ButtonArgs) => {
    await args.ack();
    try {
      const answer = answerForSection(deps.index().knowledge, args.action.value ?? '');
      const message = answer ? renderAnswer(answer, { controls: 'ephemeral' }) : notice(SECTION_GONE);
      await sendEphemeral(clickTarget(deps, args), message);
    } catch (error) {
      deps.logger.error({ err: error }, 'read more failed');
      await sendEphemeral(clickTarget(deps, args), notice(FRIENDLY_ERROR));
    }
  };
}

/** A note's button on the overview of several notes: that note's overview, to the clicker only. */
export function openOverview(deps: Deps) {
  return async (args: ButtonArgs) => {
    await args.ack();
    try {
      const { knowledge } = deps.index();
      const note = knowledge.notes.find((n) => n.id === args.action.value);
      const message = note
        ? renderAnswer(overviewAnswer(knowledge, note.title, undefined, note.id), { controls: 'ephemeral' })
        : notice(SECTION_GONE);
      await sendEphemeral(clickTarget(deps, args), message);
    } catch (error) {
      deps.logger.error({ err: error }, 'opening a note overview failed');
      await sendEphemeral(clickTarget(deps, args), notice(FRIENDLY_ERROR));
    }
  };
}

/** Another tip: a random tip to the clicker only; the daily rotation is not touched. */
export function anotherTip(deps: Deps) {
  return async (args: ButtonArgs) => {
    await args.ack();
    try {
      const message = replyTo(
        { kind: 'tip' },
        {
          index: deps.index(),
          ask: (q) => deps.questions.ask(q, 'command'),
          random: deps.random,
          controls: 'ephemeral',
        },
      );
      await sendEphemeral(clickTarget(deps, args), message);
    } catch (error) {
      deps.logger.error({ err: error }, 'another tip failed');
      await sendEphemeral(clickTarget(deps, args), notice(FRIENDLY_ERROR));
    }
  };
}
