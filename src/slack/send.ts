import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { section } from '../core/answers/block-kit.js';
import { withinLimits } from '../core/answers/limits.js';
import type { SlackMessage } from '../core/types.js';
import type { Logger } from '../logger.js';

/**
 * Sending to Slack from listeners, so that the user always sees a reply: every send goes through Slack's
 * limits, and an ephemeral reply falls back from `respond()` to `chat.postEphemeral` when the first fails.
 */

/** The fields chat.postMessage and respond() take, from one of our messages. */
export function payload(message: SlackMessage) {
  const fitted = withinLimits(message);
  return { text: fitted.text, blocks: [...fitted.blocks] };
}

/** A plain-text message (an error or a notice) as one of ours. */
export function notice(text: string): SlackMessage {
  return { text, blocks: [section(text)] };
}

export interface EphemeralTarget {
  readonly respond?: RespondFn;
  readonly client: WebClient;
  readonly channel?: string;
  /** The thread the reply belongs in, when there is one. */
  readonly threadTs?: string;
  readonly user: string;
  readonly logger: Logger;
}

/**
 * Shows a message only to one user: through the response URL when there is one, else (or when that
 * fails) through chat.postEphemeral. Returns whether one of them worked; failures are logged.
 */
export async function sendEphemeral(
  target: EphemeralTarget,
  message: SlackMessage,
  mode: 'new' | 'replace' = 'new',
): Promise<boolean> {
  if (target.respond) {
    try {
      await target.respond({
        response_type: 'ephemeral',
        replace_original: mode === 'replace',
        ...payload(message),
      });
      return true;
    } catch (error) {
      target.logger.warn({ err: error }, 'respond() failed; falling back to chat.postEphemeral');
    }
  }
  if (target.channel === undefined) return false;
  try {
    await target.client.chat.postEphemeral({
      channel: target.channel,
      user: target.user,
      ...(target.threadTs !== undefined && { thread_ts: target.threadTs }),
      ...payload(message),
    });
    return true;
  } catch (error) {
    target.logger.error({ err: error, channel: target.channel }, 'could not show an ephemeral reply');
    return false;
  }
}

/** The Slack error code of a failed Web API call (`not_in_channel`, `ratelimited`…), if it is one. */
export function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}
