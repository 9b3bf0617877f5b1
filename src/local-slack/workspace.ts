/**
 * The local workspace: one team, the bot, one person ("you"), a #team channel and the direct message between
 * you and the bot, plus the messages, ephemeral messages and App Home views Slack would keep for them.
 */

/**
 * A Block Kit block as the local Slack receives it: JSON with a type, from any app. Readers check every
 * other field they use (the page's renderer reports what it cannot draw).
 */
export type Block = { readonly type: string };

/** A block's fields, to read them one by one. */
export const fieldsOf = (block: Block) => block as Readonly<Record<string, unknown>>;

/** The people and places of the local workspace; ids are shaped like Slack's. */
export const WORKSPACE = {
  team: { id: 'T0LOCAL01', domain: 'local' },
  appId: 'A0KUBECON1',
  bot: { userId: 'UBOT0001', botId: 'BBOT0001', name: 'kubecon' },
  you: { id: 'U0YOU0001', name: 'you' },
  channel: { id: 'C0TEAM0001', name: 'team' },
  dm: { id: 'D0KUBECON1' },
} as const;

/** A person's or channel's display name by id (`UBOT0001` is `kubecon`); undefined for others. */
export function nameOf(id: string): string | undefined {
  const names: Record<string, string> = {
    [WORKSPACE.bot.userId]: WORKSPACE.bot.name,
    [WORKSPACE.you.id]: WORKSPACE.you.name,
    [WORKSPACE.channel.id]: WORKSPACE.channel.name,
  };
  return names[id];
}

/**
 * A **stored message**: what Slack keeps of a message. A **reply** has a `thread_ts` other than its own `ts`;
 * an **ephemeral** message is visible to one user only and never appears in a channel's history.
 */
export interface StoredMessage {
  readonly channel: string;
  readonly ts: string;
  readonly thread_ts?: string;
  /** The author: a person, or the bot user for the bot's posts. */
  readonly user?: string;
  readonly bot_id?: string;
  /** Set on the few kinds of message that have one: `assistant_app_thread`, the root of a panel thread. */
  readonly subtype?: string;
  text: string;
  blocks?: readonly Block[];
  readonly metadata?: unknown;
  /** Ephemeral: the one user who sees it. */
  readonly visibleTo?: string;
  /** When it was posted, in milliseconds (for the page's time stamps). */
  readonly at: number;
}

/** A top-level message with what the page shows of its thread. */
export interface TimelineEntry {
  readonly message: StoredMessage;
  readonly replyCount: number;
  readonly replyUsers: readonly string[];
}

/** Whether a message starts or stands outside a thread (a top-level message). */
export const isTopLevel = (m: StoredMessage) => m.thread_ts === undefined || m.thread_ts === m.ts;

/** The messages of every channel, in the order they were posted, and the published App Home views. */
export class MessageStore {
  private readonly channels = new Map<string, StoredMessage[]>();
  private readonly views = new Map<string, { id: string; blocks: readonly Block[] }>();

  /** Adds a message at the end of its channel. */
  add(message: StoredMessage): StoredMessage {
    const list = this.channels.get(message.channel) ?? [];
    list.push(message);
    this.channels.set(message.channel, list);
    return message;
  }

  find(channel: string, ts: string): StoredMessage | undefined {
    return this.channels.get(channel)?.find((m) => m.ts === ts);
  }

  /** Replaces a message's content in place (chat.update, or `replace_original` through a response URL). */
  replace(channel: string, ts: string, content: { text: string; blocks?: readonly Block[] }): boolean {
    const message = this.find(channel, ts);
    if (!message) return false;
    message.text = content.text;
    if (content.blocks === undefined) delete message.blocks;
    else message.blocks = content.blocks;
    return true;
  }

  remove(channel: string, ts: string): boolean {
    const list = this.channels.get(channel) ?? [];
    const at = list.findIndex((m) => m.ts === ts);
    if (at >= 0) list.splice(at, 1);
    return at >= 0;
  }

  /** conversations.history: top-level, non-ephemeral messages at or after `oldest`, newest first. */
  history(channel: string, oldest = 0): StoredMessage[] {
    return (this.channels.get(channel) ?? [])
      .filter((m) => m.visibleTo === undefined && isTopLevel(m) && Number(m.ts) >= oldest)
      .reverse();
  }

  /** conversations.replies: the thread's root, then its replies, oldest first (ephemeral ones left out). */
  replies(channel: string, ts: string): StoredMessage[] {
    return (this.channels.get(channel) ?? []).filter(
      (m) => m.visibleTo === undefined && (m.ts === ts || m.thread_ts === ts),
    );
  }

  /** The top-level messages `viewer` sees in a channel, oldest first, with their reply counts. */
  timeline(channel: string, viewer: string): TimelineEntry[] {
    const all = this.channels.get(channel) ?? [];
    const visible = (m: StoredMessage) => m.visibleTo === undefined || m.visibleTo === viewer;
    return all
      .filter((m) => visible(m) && isTopLevel(m))
      .map((message) => {
        const replies = all.filter((r) => r.thread_ts === message.ts && r.ts !== message.ts && visible(r));
        const users = [...new Set(replies.map((r) => r.user ?? ''))].filter((u) => u !== '');
        return { message, replyCount: replies.length, replyUsers: users };
      });
  }

  /** A thread as `viewer` sees it: the root, then the replies (theirs ephemeral ones included). */
  thread(channel: string, ts: string, viewer: string): StoredMessage[] {
    return (this.channels.get(channel) ?? []).filter(
      (m) => (m.ts === ts || m.thread_ts === ts) && (m.visibleTo === undefined || m.visibleTo === viewer),
    );
  }

  /** Every message `viewer` sees, in any channel, posted after the timestamp `since`. */
  after(since: number, viewer: string): StoredMessage[] {
    return [...this.channels.values()]
      .flat()
      .filter((m) => Number(m.ts) > since && (m.visibleTo === undefined || m.visibleTo === viewer));
  }

  /** Publishes a user's App Home view (views.publish); returns its id. */
  publishView(user: string, blocks: readonly Block[]): string {
    const id = this.views.get(user)?.id ?? `V${String(this.views.size + 1).padStart(8, '0')}`;
    this.views.set(user, { id, blocks });
    return id;
  }

  view(user: string): { id: string; blocks: readonly Block[] } | undefined {
    return this.views.get(user);
  }

  /** Forgets every message and view. */
  clear(): void {
    this.channels.clear();
    this.views.clear();
  }
}
