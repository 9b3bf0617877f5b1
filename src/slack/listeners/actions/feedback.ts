import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { decodeValue } from '../../../core/answers/blocks.js';
import { FRIENDLY_ERROR, THANKS } from '../../../core/answers/copy.js';
import { notice, sendEphemeral } from '../../send.js';
import type { Deps } from '../deps.js';
import { clickTarget } from './answer-buttons.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** 👍 / 👎 under an answer: recorded per section and query (not per person), acknowledged to the voter only. */
export function recordFeedback(deps: Deps, value: 'helpful' | 'unhelpful') {
  return async (args: ButtonArgs) => {
    await args.ack();
    const button = decodeValue(args.action.value);
    try {
      if (!button?.s) throw new Error('feedback button without a section');
      await deps.feedback.record({
        sectionId: button.s,
        query: button.q,
        value,
        at: deps.now().toISOString(),
      });
      deps.metrics.vote(value);
      await sendEphemeral(clickTarget(deps, args), notice(THANKS[value]));
    } catch (error) {
      deps.logger.error({ err: error }, 'recording feedback failed');
      await sendEphemeral(clickTarget(deps, args), notice(FRIENDLY_ERROR));
    }
  };
}
