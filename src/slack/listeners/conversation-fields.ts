import type { Deps } from './deps.js';

/**
 * The fields of a message or app_mention event the bot reads, checked at the listener: Slack's payload is
 * untrusted input, and a `text` of the wrong type or a missing channel must not reach the answer path.
 */
export interface ConversationFields {
  readonly channel: string;
  readonly user: string;
  /** The message's text; a message without one (a file shared alone) has ''. */
  readonly text: string;
  readonly ts: string;
  readonly threadTs?: string;
}

/** The checked fields, or why the event cannot be answered. */
export function conversationFields(event: Record<string, unknown>): ConversationFields | string {
  const { channel, user, text = '', ts, thread_ts: threadTs } = event;
  if (typeof channel !== 'string' || channel === '') return 'no channel';
  if (typeof user !== 'string' || user === '') return 'no user';
  if (typeof text !== 'string') return 'text is not a string';
  if (typeof ts !== 'string') return 'no ts';
  if (threadTs !== undefined && typeof threadTs !== 'string') return 'thread_ts is not a string';
  return { channel, user, text, ts, ...(threadTs !== undefined && { threadTs }) };
}

/** The event's fields, or undefined after one info line: malformed input is not an error of the bot's. */
export function readConversation(deps: Deps, kind: string, event: object): ConversationFields | undefined {
  const fields = conversationFields(event as Record<string, unknown>);
  if (typeof fields !== 'string') return fields;
  deps.logger.info({ event: kind, problem: fields }, 'malformed Slack event ignored');
  return undefined;
}
