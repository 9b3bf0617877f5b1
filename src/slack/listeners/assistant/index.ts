import { type App, Assistant } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { threadContextChanged } from './context-changed.js';
import { threadStarted } from './thread-started.js';
import { userMessage } from './user-message.js';

/**
 * Slack's assistant side panel (Agents & AI Apps) through Bolt's Assistant middleware: the events
 * `assistant_thread_started`, `assistant_thread_context_changed`, and `message.im` inside a thread (which
 * the middleware takes from the message listener; see user-message.ts). Registered only when
 * ASSISTANT_PANEL is on.
 */
export function registerAssistant(app: App, deps: Deps): void {
  app.assistant(
    new Assistant({
      threadStarted: threadStarted(deps),
      threadContextChanged: threadContextChanged(deps),
      userMessage: userMessage(deps),
    }),
  );
}
