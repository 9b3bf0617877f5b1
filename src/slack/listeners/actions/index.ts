import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ACTION } from '../../../core/answers/blocks.js';
import type { Deps } from '../deps.js';
import { askSuggestion, dismissAnswer, openRelated, pageAnswer, shareAnswer } from './answer-buttons.js';
import { recordFeedback } from './feedback.js';
import { anotherTip, openOverview, readMore } from './tip-buttons.js';

/** Buttons, by action id (the ids are defined with the blocks that carry them, in core/answers/blocks.ts). */
export function registerActions(app: App, deps: Deps): void {
  const button = (id: string | RegExp) => ({ type: 'block_actions' as const, action_id: id });
  app.action<BlockAction<ButtonAction>>(button(ACTION.share), shareAnswer(deps));
  app.action<BlockAction<ButtonAction>>(button(ACTION.next), pageAnswer(deps));
  app.action<BlockAction<ButtonAction>>(button(ACTION.previous), pageAnswer(deps));
  app.action<BlockAction<ButtonAction>>(button(new RegExp(`^${ACTION.related}_\\d+$`)), openRelated(deps));
  app.action<BlockAction<ButtonAction>>(button(ACTION.dismiss), dismissAnswer(deps));
  app.action<BlockAction<ButtonAction>>(button(ACTION.helpful), recordFeedback(deps, 'helpful'));
  app.action<BlockAction<ButtonAction>>(button(ACTION.unhelpful), recordFeedback(deps, 'unhelpful'));
  app.action<BlockAction<ButtonAction>>(
    button(new RegExp(`^${ACTION.suggestion}_(\\d+|typo)$`)),
    askSuggestion(deps),
  );
  app.action<BlockAction<ButtonAction>>(button(new RegExp(`^${ACTION.readMore}(_\\d+)?$`)), readMore(deps));
  app.action<BlockAction<ButtonAction>>(
    button(new RegExp(`^${ACTION.openOverview}_\\d+$`)),
    openOverview(deps),
  );
  app.action<BlockAction<ButtonAction>>(button(ACTION.anotherTip), anotherTip(deps));
  // Link buttons open their URL in the browser; Slack still sends the click, which only needs an ack.
  app.action(button(new RegExp(`^${ACTION.talk}(_\\d+)?$`)), async ({ ack }) => {
    await ack();
    deps.metrics.click(ACTION.talk);
  });
}
