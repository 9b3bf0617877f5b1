import type { WebClient } from '@slack/web-api';
import { renderTip } from '../core/answers/tip-message.js';
import type { DayRecord, TipStore } from '../core/stores.js';
import { tipPool } from '../core/tips/pool.js';
import { advance, peekTip, rebuildRotation, reconcile, seededRandom } from '../core/tips/rotation.js';
import type { TipSchedule } from '../core/tips/schedule.js';
import type { Knowledge, Rotation, SlackMessage, Tip } from '../core/types.js';
import type { Logger } from '../logger.js';
import { payload, slackErrorCode } from './send.js';
import { readTipPosts } from './tip-history.js';

/**
 * The daily tip, exactly once per channel per day. Each attempt claims the day in the store before posting;
 * a claim left by a crash is settled by looking for the post in the channel's history (every daily tip
 * carries message metadata with its tip id and date), so a restart at any moment neither posts twice nor
 * skips the day. Without the history scope (mentions-only mode) such a claim cannot be checked, and the
 * day counts as posted: at most once, at the risk of none.
 */

/** The metadata event type that marks a message as the daily tip. */
export const TIP_EVENT_TYPE = 'kubecon_daily_tip';

export const DAILY_TIP_OPTIONS = {
  /** A claim younger than this may belong to an attempt still in flight (another replica): leave it alone. */
  claimInFlightMs: 2 * 60_000,
  /** Messages per page of the channel history read for the day's post (from the start of the day). */
  historyLimit: 200,
  /** Pages read at most; a day busier than that is 'unknown', so nothing is posted twice. */
  historyPages: 10,
} as const;

/** Slack errors that mean the bot cannot post to the channel until someone does something. */
const CHANNEL_ERRORS = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'restricted_action']);

export type TipOutcome =
  | { readonly kind: 'not-due' }
  | { readonly kind: 'already-posted'; readonly day: string; readonly tipId?: string }
  | { readonly kind: 'in-progress'; readonly day: string }
  | { readonly kind: 'posted'; readonly day: string; readonly tipId: string; readonly ts: string }
  | { readonly kind: 'failed'; readonly day: string; readonly reason: string };

export interface DailyTipOptions {
  /**
   * The Web API client. Without one (the command line's `tip --next` with no SLACK_BOT_TOKEN) no history is
   * read and a post fails.
   */
  readonly client?: WebClient | undefined;
  readonly store: TipStore;
  readonly channel: string;
  readonly schedule: TipSchedule;
  readonly graceMinutes: number;
  /** The knowledge now (it changes on a reload): the tips, and the sections they come from. */
  readonly knowledge: () => Knowledge;
  readonly logger: Logger;
  /** Seeds the rotation's shuffles (any string; a deployment may set its own to vary the order). */
  readonly seed: string;
  /** A durable copy of the rotation (DATA_DIR, beside Redis), read when the store has lost it. */
  readonly rotationCopy?: (() => Promise<Rotation | undefined>) | undefined;
  /**
   * Whether the bot may read the channel's history (false in mentions-only mode): to settle an interrupted
   * post and to rebuild a lost rotation. Default: true (with a client).
   */
  readonly readHistory?: boolean;
}

export interface DailyTip {
  /** Posts the day's tip if one is due at `now` (or, with force, now) and not posted yet. */
  runAt(now: Date, options?: { force?: boolean }): Promise<TipOutcome>;
  /** The tip the next post will carry. */
  nextTip(): Promise<Tip | undefined>;
  /** The tip posted on the day of `now`, else the next one. */
  todaysTip(now: Date): Promise<Tip | undefined>;
  /** That tip as the daily post shows it (for App Home). */
  todaysMessage(now: Date): Promise<SlackMessage | undefined>;
}

export function createDailyTip(options: DailyTipOptions): DailyTip {
  const { store, channel, schedule, logger } = options;
  /** The client to read the channel's history with; undefined when it may not be read. */
  const history = (options.readHistory ?? true) ? options.client : undefined;
  const inFlight = new Set<string>();
  const pool = () => tipPool(options.knowledge());
  let nothingToRecover = false;

  /** A lost rotation rebuilt from the tip posts in the channel and the durable copy; undefined if none. */
  async function recover(): Promise<Rotation | undefined> {
    if (nothingToRecover) return undefined;
    const copy = await options.rotationCopy?.();
    const found = history ? await readTipPosts(history, channel, TIP_EVENT_TYPE, logger) : [];
    const posts = found ?? [];
    if (copy === undefined && posts.length === 0) {
      // A first start (nothing was ever posted) once the history said so; if it could not, ask again later.
      nothingToRecover = found !== undefined;
      return undefined;
    }
    const ids = pool().map((t) => t.id);
    const random = seededRandom(`${options.seed}:rebuilt:${JSON.stringify([posts, copy ?? null])}`);
    const rebuilt = rebuildRotation(posts, copy, ids, random);
    await store.saveRotation(rebuilt);
    const { cycle, posted } = rebuilt;
    logger.warn({ cycle, posted }, 'daily tip: rotation state lost; rebuilt from past posts and its copy');
    return rebuilt;
  }

  const rotation = async () => {
    const saved = await store.rotation();
    if (saved !== undefined) nothingToRecover = false; // there is state now: losing it must be recovered
    const stored = saved ?? (await recover());
    const ids = pool().map((t) => t.id);
    return reconcile(
      stored,
      ids,
      seededRandom(`${options.seed}:${JSON.stringify(stored ?? null)}:${ids.join(',')}`),
    );
  };

  /** Settles a claim that has no post recorded: returns the outcome if it is settled, undefined to post. */
  async function settle(
    day: string,
    fire: Date,
    record: DayRecord | 'corrupt',
    now: Date,
  ): Promise<TipOutcome | undefined> {
    const claimedAt = record === 'corrupt' ? 0 : Date.parse(record.at);
    if (inFlight.has(day) || now.getTime() - claimedAt < DAILY_TIP_OPTIONS.claimInFlightMs)
      return { kind: 'in-progress', day };
    if (!history) {
      // A claim names its tip just before the post, so a claim without one never reached Slack.
      if (record === 'corrupt' || record.tipId !== undefined) return settleUnseen(day, record, now);
      await store.update(channel, day, { status: 'claimed', at: now.toISOString() });
      return undefined;
    }
    const found = await findPost(history, channel, day, schedule.dayStart(fire), logger);
    if (found === 'unknown') return { kind: 'failed', day, reason: 'could not check the channel history' };
    if (found) {
      await store.update(channel, day, {
        status: 'posted',
        tipId: found.tipId,
        ts: found.ts,
        at: now.toISOString(),
      });
      const current = await rotation();
      if (peekTip(current) === found.tipId) await store.saveRotation(advance(current));
      logger.info({ day, tipId: found.tipId }, 'daily tip: found the post of an interrupted attempt');
      return { kind: 'already-posted', day, tipId: found.tipId };
    }
    await store.update(channel, day, { status: 'claimed', at: now.toISOString() });
    return undefined;
  }

  /**
   * An interrupted attempt that cannot be checked without channels:history: the day is recorded as posted
   * (with the tip it was posting, whose turn is then over), so it is never posted twice, and said once.
   */
  async function settleUnseen(day: string, record: DayRecord | 'corrupt', now: Date): Promise<TipOutcome> {
    const tipId = record === 'corrupt' ? undefined : record.tipId;
    await store.update(channel, day, {
      status: 'posted',
      ...(tipId !== undefined && { tipId }),
      at: now.toISOString(),
    });
    const current = await rotation();
    if (tipId !== undefined && peekTip(current) === tipId) await store.saveRotation(advance(current));
    logger.warn(
      { channel, day },
      `daily tip: an earlier attempt for ${day} was interrupted and cannot be checked without the channels:history scope (groups:history for a private channel; MENTIONS_ONLY is on); not posting again today, so the tip may be missing today`,
    );
    return { kind: 'already-posted', day, ...(tipId !== undefined && { tipId }) };
  }

  async function post(day: string, fire: Date, now: Date): Promise<TipOutcome> {
    const { client } = options;
    if (!client) throw new Error('no Slack client to post with (SLACK_BOT_TOKEN is not set)');
    // Even with no record of it, the tip may be out already (state lost with a volume): look first.
    const found = history ? await findPost(history, channel, day, schedule.dayStart(fire), logger) : null;
    if (found !== 'unknown' && found !== null) {
      await store.update(channel, day, {
        status: 'posted',
        tipId: found.tipId,
        ts: found.ts,
        at: now.toISOString(),
      });
      return { kind: 'already-posted', day, tipId: found.tipId };
    }
    const current: Rotation = await rotation();
    const tipId = peekTip(current);
    const tip = pool().find((t) => t.id === tipId);
    if (!tip) {
      await store.release(channel, day);
      return { kind: 'failed', day, reason: 'there are no tips in the knowledge' };
    }
    await store.update(channel, day, { status: 'claimed', tipId: tip.id, at: now.toISOString() });
    const message = renderTip(tip, options.knowledge(), { daily: true });
    const response = await client.chat.postMessage({
      channel,
      ...payload(message),
      metadata: {
        event_type: TIP_EVENT_TYPE,
        event_payload: { tip_id: tip.id, date: day, cycle: current.cycle },
      },
      unfurl_links: false,
      unfurl_media: false,
    });
    await store.saveRotation(advance(current));
    const ts = String(response.ts ?? '');
    await store.update(channel, day, { status: 'posted', tipId: tip.id, ts, at: now.toISOString() });
    return { kind: 'posted', day, tipId: tip.id, ts };
  }

  async function todaysTip(now: Date): Promise<Tip | undefined> {
    const record = await store.record(channel, schedule.day(now));
    const postedId =
      record !== undefined && record !== 'corrupt' && record.status === 'posted' ? record.tipId : undefined;
    const id = postedId ?? peekTip(await rotation());
    return pool().find((t) => t.id === id);
  }

  return {
    runAt: async (now, { force = false } = {}) => {
      const fire = force ? now : schedule.due(now, options.graceMinutes);
      if (!fire) return { kind: 'not-due' };
      const day = schedule.day(fire);
      const record = await store.record(channel, day);
      if (record !== undefined && record !== 'corrupt' && record.status === 'posted') {
        return { kind: 'already-posted', day, ...(record.tipId !== undefined && { tipId: record.tipId }) };
      }
      if (record === undefined && !(await store.claim(channel, day, now)))
        return { kind: 'in-progress', day };
      if (record !== undefined) {
        const settled = await settle(day, fire, record, now);
        if (settled) return settled;
      }
      inFlight.add(day);
      try {
        return await post(day, fire, now);
      } catch (error) {
        await store.release(channel, day);
        const code = slackErrorCode(error);
        if (code !== undefined && CHANNEL_ERRORS.has(code)) {
          logger.error(
            { channel, error: code },
            `daily tip: cannot post to TIP_CHANNEL ${channel} (${code}). Invite the bot there with /invite @kubecon, or fix TIP_CHANNEL; it will try again within the grace window.`,
          );
        } else {
          logger.error(
            { err: error, channel },
            'daily tip: posting failed; it will try again within the grace window',
          );
        }
        return { kind: 'failed', day, reason: code ?? (error as Error).message };
      } finally {
        inFlight.delete(day);
      }
    },
    nextTip: async () => {
      const id = peekTip(await rotation());
      return pool().find((t) => t.id === id);
    },
    todaysTip,
    todaysMessage: async (now) => {
      const tip = await todaysTip(now);
      return tip && renderTip(tip, options.knowledge(), { daily: true });
    },
  };
}

/** The daily tip of `day` in the channel's history since `since` (the day's start), or 'unknown' if Slack cannot say. */
async function findPost(
  client: WebClient,
  channel: string,
  day: string,
  since: Date,
  logger: Logger,
): Promise<{ tipId: string; ts: string } | null | 'unknown'> {
  try {
    let cursor: string | undefined;
    for (let page = 0; page < DAILY_TIP_OPTIONS.historyPages; page++) {
      const history = await client.conversations.history({
        channel,
        oldest: String(Math.floor(since.getTime() / 1000)),
        include_all_metadata: true,
        limit: DAILY_TIP_OPTIONS.historyLimit,
        ...(cursor !== undefined && { cursor }),
      });
      for (const message of history.messages ?? []) {
        const meta = message.metadata as
          | { event_type?: string; event_payload?: Record<string, unknown> }
          | undefined;
        if (meta?.event_type === TIP_EVENT_TYPE && meta.event_payload?.date === day) {
          return { tipId: String(meta.event_payload.tip_id ?? ''), ts: String(message.ts ?? '') };
        }
      }
      if (!history.has_more) return null;
      cursor = history.response_metadata?.next_cursor || undefined;
      if (cursor === undefined) break;
    }
    logger.warn({ channel }, 'daily tip: the channel history of the day is too long to check; not posting');
    return 'unknown';
  } catch (error) {
    logger.warn(
      { err: error, channel },
      'daily tip: could not read the channel history to check an interrupted post',
    );
    return 'unknown';
  }
}
