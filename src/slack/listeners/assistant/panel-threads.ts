import type { Deps } from '../deps.js';

/**
 * Panel threads: the threads Slack opened for the bot in its assistant side panel, remembered in the
 * threads store (`panel:channel:thread_ts`) when they start, so a direct message in one of them is told
 * apart from a reply in an ordinary DM thread.
 */

const key = (channel: string, threadTs: string) => `panel:${channel}:${threadTs}`;

/** Remembers a thread the panel opened; a store failure only costs the panel's extras (status, title). */
export async function rememberPanelThread(deps: Deps, channel: string, threadTs: string): Promise<void> {
  await deps.threads
    .add(key(channel, threadTs))
    .catch((e: unknown) => deps.logger.warn({ err: e }, 'could not remember the panel thread'));
}

/** Whether the thread is a panel thread; when the store is unreachable, it is read as a DM thread. */
export async function isPanelThread(deps: Deps, channel: string, threadTs: string): Promise<boolean> {
  return deps.threads.has(key(channel, threadTs)).catch((e: unknown) => {
    deps.logger.warn({ err: e }, 'thread store unavailable; answering as in a DM thread');
    return false;
  });
}

/** Whether the bot has answered in the thread before: the question is a follow-up, not the first. */
export async function answeredBefore(deps: Deps, channel: string, threadTs: string): Promise<boolean> {
  return deps.threads.has(`${channel}:${threadTs}`).catch((e: unknown) => {
    deps.logger.warn({ err: e }, 'thread store unavailable; reading the question alone');
    return false;
  });
}
