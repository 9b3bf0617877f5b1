import type { App } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { appHomeOpened } from './app-home-opened.js';
import { appMention } from './app-mention.js';

/** Events API events (subscribed in manifest.yml), other than messages. */
export function registerEvents(app: App, deps: Deps): void {
  app.event('app_mention', appMention(deps));
  app.event('app_home_opened', appHomeOpened(deps));
}
