import type { App } from '@slack/bolt';
import { registerActions } from './actions/index.js';
import { registerAssistant } from './assistant/index.js';
import { registerCommands } from './commands/index.js';
import type { Deps } from './deps.js';
import { registerEvents } from './events/index.js';
import { registerMessages } from './messages/index.js';

/** Which optional surfaces are on (from the configuration). */
export interface ListenerOptions {
  /** Slack's assistant side panel (ASSISTANT_PANEL). */
  readonly assistantPanel: boolean;
}

/** Every listener of the app, and the middleware that answers each Slack event once. */
export function registerListeners(app: App, deps: Deps, options: ListenerOptions): void {
  app.use(async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !(await firstTime(deps, eventId))) {
      deps.logger.info({ eventId }, 'duplicate event (a Slack retry or redelivery) skipped');
      return;
    }
    await next();
  });
  // After the dedupe: a retried panel event is answered once too.
  if (options.assistantPanel) registerAssistant(app, deps);
  registerCommands(app, deps);
  registerEvents(app, deps);
  registerMessages(app, deps);
  registerActions(app, deps);
}

/** Whether this event is new; when the shared store is unreachable, answer rather than stay silent. */
async function firstTime(deps: Deps, eventId: string): Promise<boolean> {
  try {
    return await deps.seenEvents.add(eventId);
  } catch (error) {
    deps.logger.warn({ err: error, eventId }, 'event dedupe store unavailable; handling the event anyway');
    return true;
  }
}
