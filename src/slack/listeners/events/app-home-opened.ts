import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { renderHome } from '../../../core/answers/home.js';
import type { Deps } from '../deps.js';

/** The App Home tab: what the bot knows, how to ask, and today's tip. Published each time it is opened. */
export function appHomeOpened(deps: Deps) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) => {
    if (event.tab !== 'home') return;
    try {
      const tip = deps.todaysTip ? await deps.todaysTip() : undefined;
      await client.views.publish({
        user_id: event.user,
        view: renderHome(deps.index().knowledge, tip),
      });
    } catch (error) {
      deps.logger.error({ err: error, user: event.user }, 'publishing App Home failed');
    }
  };
}
