import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ACTION } from '../../../core/answers/blocks.js';
import type { Deps } from '../deps.js';
import { askSuggestion, dismissAnswer, openRelated, pageAnswer, shareAnswer } from './answer-buttons.js';
import { recordFeedback } from './feedback.js';
import type { ButtonArgs } from './on-click.js';
import { anotherTip, openOverview, readMore } from './tip-buttons.js';

/** A button's action id, or the pattern of a numbered family of them (`answer_related_2`…). */
type ActionId = string | RegExp;

/** Buttons, by action id (the ids are defined with the blocks that carry them, in core/answers/blocks.ts). */
function buttons(deps: Deps): [ActionId, (args: ButtonArgs) => Promise<void>][] {
  return [
    [ACTION.share, shareAnswer(deps)],
    [ACTION.next, pageAnswer(deps)],
    [ACTION.previous, pageAnswer(deps)],
    [new RegExp(`^${ACTION.related}_\\d+$`), openRelated(deps)],
    [ACTION.dismiss, dismissAnswer(deps)],
    [ACTION.helpful, recordFeedback(deps, 'helpful')],
    [ACTION.unhelpful, recordFeedback(deps, 'unhelpful')],
    [new RegExp(`^${ACTION.suggestion}_(\\d+|typo)$`), askSuggestion(deps)],
    [new RegExp(`^${ACTION.readMore}(_\\d+)?$`), readMore(deps)],
    [new RegExp(`^${ACTION.openOverview}_\\d+$`), openOverview(deps)],
    [ACTION.anotherTip, anotherTip(deps)],
    // Link buttons open their URL in the browser; Slack still sends the click, which only needs an ack.
    [
      new RegExp(`^${ACTION.talk}(_\\d+)?$`),
      async ({ ack }) => {
        await ack();
        deps.metrics.click(ACTION.talk);
      },
    ],
  ];
}

/**
 * Every button through one Bolt listener that picks the callback by action id: Bolt runs the middleware of
 * every registered listener on every request, so a listener per button made each slash command and event
 * pay for a dozen middleware chains that could never match it.
 */
export function registerActions(app: App, deps: Deps): void {
  const routes = buttons(deps);
  const matches = (id: string, pattern: ActionId) =>
    typeof pattern === 'string' ? id === pattern : pattern.test(id);
  const anyButton = new RegExp(routes.map(([pattern]) => `(?:${sourceOf(pattern)})`).join('|'));
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: anyButton }, async (args) => {
    const route = routes.find(([pattern]) => matches(args.action.action_id, pattern));
    await route?.[1](args);
  });
}

/** A pattern's source, or an exact id as an anchored pattern. */
const sourceOf = (id: ActionId) =>
  typeof id === 'string' ? `^${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$` : id.source;
