import type { App } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { conversationMessage } from './conversation-message.js';

/** Message events: DMs to the bot (message.im) and thread follow-ups (message.channels, message.groups). */
export function registerMessages(app: App, deps: Deps): void {
  app.event('message', conversationMessage(deps));
}
