import { type Block, type MessageStore, type StoredMessage, WORKSPACE } from './workspace.js';

/**
 * The subset of Slack's Web API that kubecon-bot uses, answered from the local workspace as Slack answers:
 * the same fields, the same error codes. Anything else is `unknown_method`, as Slack says.
 */

/** What the Web API needs from the local Slack around it. */
export interface WebApiHost {
  readonly store: MessageStore;
  /** The Socket Mode WebSocket URL handed out by apps.connections.open. */
  readonly socketUrl: string;
  /** A new, unique message timestamp. */
  nextTs(): string;
  /** The channel a message to `channel` lands in: a user id (U…) means the DM with that user. */
  resolveChannel(channel: string): string;
  /** Whether the bot is a member of the conversation (it may post there). */
  isMember(channel: string): boolean;
  /** Tells the watchers (the playground page) that the workspace changed. */
  changed(): void;
}

type Body = Record<string, unknown>;
type Answer = Record<string, unknown>;

/** Fields that arrive as JSON text in a form-encoded Web API call. */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'metadata', 'view', 'prompts']);

/** Web API bodies come form-encoded (JSON fields as strings) or as JSON. */
export function parseApiBody(raw: string, contentType: string): Body {
  if (contentType.includes('application/json')) return JSON.parse(raw || '{}') as Body;
  const body: Body = {};
  for (const [key, value] of new URLSearchParams(raw))
    body[key] = JSON_FIELDS.has(key) ? JSON.parse(value) : value;
  return body;
}

/** The methods, by name; each answers one call. */
const METHODS: Record<string, (host: WebApiHost, body: Body) => Answer> = {
  'auth.test': () => ({
    ok: true,
    url: `https://${WORKSPACE.team.domain}.slack.test/`,
    team: 'Local',
    user: WORKSPACE.bot.name,
    team_id: WORKSPACE.team.id,
    user_id: WORKSPACE.bot.userId,
    bot_id: WORKSPACE.bot.botId,
    is_enterprise_install: false,
  }),
  'apps.connections.open': (host) => ({ ok: true, url: host.socketUrl }),
  'chat.postMessage': postMessage,
  'chat.postEphemeral': postEphemeral,
  'chat.update': (host, body) => {
    const channel = host.resolveChannel(String(body.channel ?? ''));
    const ts = String(body.ts ?? '');
    if (!host.store.replace(channel, ts, content(body))) return { ok: false, error: 'message_not_found' };
    host.changed();
    return { ok: true, channel, ts, text: body.text ?? '' };
  },
  'chat.delete': (host, body) => {
    const channel = host.resolveChannel(String(body.channel ?? ''));
    const ts = String(body.ts ?? '');
    if (!host.store.remove(channel, ts)) return { ok: false, error: 'message_not_found' };
    host.changed();
    return { ok: true, channel, ts };
  },
  'conversations.history': (host, body) => {
    const withMetadata = body.include_all_metadata === 'true' || body.include_all_metadata === true;
    const limit = Number(body.limit ?? 100) || 100;
    // The cursor is the offset of the next page (Slack's cursors are opaque; any string round-trips).
    const from = Number(body.cursor ?? 0) || 0;
    const all = host.store.history(host.resolveChannel(String(body.channel ?? '')), Number(body.oldest ?? 0));
    const messages = all.slice(from, from + limit).map((m) => asSlackMessage(m, withMetadata));
    const hasMore = from + limit < all.length;
    return {
      ok: true,
      messages,
      has_more: hasMore,
      response_metadata: { next_cursor: hasMore ? String(from + limit) : '' },
    };
  },
  'conversations.replies': (host, body) => {
    const thread = host.store.replies(host.resolveChannel(String(body.channel ?? '')), String(body.ts ?? ''));
    if (thread.length === 0) return { ok: false, error: 'thread_not_found' };
    const limit = Number(body.limit ?? 1000) || 1000;
    return {
      ok: true,
      messages: thread.slice(0, limit).map((m) => asSlackMessage(m, yes(body.include_all_metadata))),
      has_more: false,
    };
  },
  // The assistant side panel: each names its thread by channel_id and thread_ts, as Slack's do.
  'assistant.threads.setStatus': (host, body) =>
    inThread(host, body, () => (typeof body.status === 'string' ? {} : 'invalid_arguments')),
  'assistant.threads.setSuggestedPrompts': (host, body) =>
    inThread(host, body, () => (Array.isArray(body.prompts) ? {} : 'invalid_arguments')),
  'assistant.threads.setTitle': (host, body) =>
    inThread(host, body, (root) => {
      if (typeof body.title !== 'string' || body.title === '') return 'invalid_arguments';
      // Slack shows the title as the text of the thread's root.
      host.store.replace(root.channel, root.ts, { text: body.title });
      host.changed();
      return {};
    }),
  'views.publish': (host, body) => {
    const user = String(body.user_id ?? '');
    const view = (body.view ?? {}) as { type?: string; blocks?: Block[] };
    if (user === '') return { ok: false, error: 'invalid_arguments' };
    const id = host.store.publishView(user, view.blocks ?? []);
    host.changed();
    return { ok: true, view: { id, team_id: WORKSPACE.team.id, ...view } };
  },
};

/** Answers one Web API call. */
export function answerWebApi(host: WebApiHost, method: string, body: Body): Answer {
  const answer = METHODS[method];
  return answer ? answer(host, body) : { ok: false, error: 'unknown_method' };
}

/** A boolean argument: JSON true, or "true" in a form. */
const yes = (value: unknown) => value === true || value === 'true';

/**
 * An assistant.threads call on the thread `channel_id` + `thread_ts`: Slack's errors when either is
 * missing or unknown, else what `act` makes of its thread root (an error code, or more fields).
 */
function inThread(host: WebApiHost, body: Body, act: (root: StoredMessage) => Answer | string): Answer {
  const channel = typeof body.channel_id === 'string' ? body.channel_id : '';
  if (channel === '') return { ok: false, error: 'channel_not_found' };
  const root = host.store.find(channel, typeof body.thread_ts === 'string' ? body.thread_ts : '');
  if (!root) return { ok: false, error: 'invalid_thread_ts' };
  const result = act(root);
  return typeof result === 'string' ? { ok: false, error: result } : { ok: true, ...result };
}

/** The text and blocks of a call (chat.postMessage, chat.update, a response URL post). */
export function content(body: Body): { text: string; blocks?: readonly Block[] } {
  const blocks = Array.isArray(body.blocks) ? (body.blocks as Block[]) : undefined;
  return { text: typeof body.text === 'string' ? body.text : '', ...(blocks && { blocks }) };
}

/** The thread a post goes into, when it names one. */
function threadOf(body: Body): string | undefined {
  return typeof body.thread_ts === 'string' && body.thread_ts !== '' ? body.thread_ts : undefined;
}

/** Slack's answer to a post where the bot is not a member: a DM between people is not even found. */
function outsider(host: WebApiHost, channel: string): Answer | undefined {
  if (host.isMember(channel)) return undefined;
  return { ok: false, error: channel.startsWith('D') ? 'channel_not_found' : 'not_in_channel' };
}

function postMessage(host: WebApiHost, body: Body): Answer {
  const channel = host.resolveChannel(String(body.channel ?? ''));
  if (channel === '') return { ok: false, error: 'channel_not_found' };
  const refused = outsider(host, channel);
  if (refused) return refused;
  const { text, blocks } = content(body);
  if (text === '' && !blocks?.length) return { ok: false, error: 'no_text' };
  const threadTs = threadOf(body);
  const message = host.store.add({
    channel,
    ts: host.nextTs(),
    ...(threadTs !== undefined && { thread_ts: threadTs }),
    ...botAuthor(),
    text,
    ...(blocks && { blocks }),
    ...(body.metadata !== undefined && { metadata: body.metadata }),
    at: Date.now(),
  });
  host.changed();
  return { ok: true, channel, ts: message.ts, message: asSlackMessage(message, true) };
}

function postEphemeral(host: WebApiHost, body: Body): Answer {
  const channel = host.resolveChannel(String(body.channel ?? ''));
  const user = String(body.user ?? '');
  if (channel === '' || user === '')
    return { ok: false, error: channel === '' ? 'channel_not_found' : 'user_not_in_channel' };
  const refused = outsider(host, channel);
  if (refused) return refused;
  const threadTs = threadOf(body);
  const message = host.store.add({
    channel,
    ts: host.nextTs(),
    ...(threadTs !== undefined && { thread_ts: threadTs }),
    ...botAuthor(),
    ...content(body),
    visibleTo: user,
    at: Date.now(),
  });
  host.changed();
  return { ok: true, message_ts: message.ts };
}

/** The author fields of the bot's posts. */
export const botAuthor = () => ({ user: WORKSPACE.bot.userId, bot_id: WORKSPACE.bot.botId });

/** A stored message as the Web API returns it; metadata only when asked for. */
function asSlackMessage(m: StoredMessage, withMetadata: boolean): Answer {
  return {
    type: 'message',
    text: m.text,
    ts: m.ts,
    ...(m.subtype !== undefined && { subtype: m.subtype }),
    ...(m.user !== undefined && { user: m.user }),
    ...(m.bot_id !== undefined && { bot_id: m.bot_id, app_id: WORKSPACE.appId }),
    ...(m.blocks !== undefined && { blocks: m.blocks }),
    ...(m.thread_ts !== undefined && { thread_ts: m.thread_ts }),
    ...(withMetadata && m.metadata !== undefined && { metadata: m.metadata }),
  };
}
