import type { WebClient } from '@slack/web-api';
import type { PostedTip } from '../core/tips/rotation.js';
import type { Logger } from '../logger.js';

/**
 * The daily tip posts read back from the channel's history, newest first, by their message metadata (the
 * tip id, and the rotation cycle since posts carry it): what rebuilds a rotation whose state was lost.
 */

export const TIP_HISTORY_OPTIONS = {
  /** Messages per page of conversations.history (Slack's recommended maximum)… */
  pageSize: 200,
  /** …and pages read at most, newest first (a cycle of a hundred tips in a busy channel fits). */
  pages: 10,
} as const;

/** The tip posts in `channel`, newest first, back to the start of the newest post's cycle; undefined if Slack cannot say. */
export async function readTipPosts(
  client: WebClient,
  channel: string,
  eventType: string,
  logger: Logger,
): Promise<PostedTip[] | undefined> {
  const posts: PostedTip[] = [];
  let cursor: string | undefined;
  try {
    for (let page = 0; page < TIP_HISTORY_OPTIONS.pages; page++) {
      const history = await client.conversations.history({
        channel,
        include_all_metadata: true,
        limit: TIP_HISTORY_OPTIONS.pageSize,
        ...(cursor !== undefined && { cursor }),
      });
      for (const message of history.messages ?? []) {
        const post = tipPost(message.metadata, eventType);
        if (post) posts.push(post);
      }
      cursor = history.response_metadata?.next_cursor || undefined;
      const newest = posts[0]?.cycle;
      const pastCycle = newest !== undefined && posts.some((p) => p.cycle !== newest);
      if (!history.has_more || cursor === undefined || pastCycle) break;
    }
    return posts;
  } catch (error) {
    logger.warn({ err: error, channel }, 'daily tip: could not read the channel history for past tips');
    return undefined;
  }
}

/** A message's daily tip metadata as a posted tip, or undefined for any other message. */
function tipPost(metadata: unknown, eventType: string): PostedTip | undefined {
  const meta = metadata as { event_type?: string; event_payload?: Record<string, unknown> } | undefined;
  const tipId = meta?.event_payload?.tip_id;
  if (meta?.event_type !== eventType || typeof tipId !== 'string') return undefined;
  const cycle = meta.event_payload?.cycle;
  return { tipId, ...(typeof cycle === 'number' && { cycle }) };
}
