import {
  type Block,
  isTopLevel,
  type MessageStore,
  nameOf,
  type StoredMessage,
  type TimelineEntry,
  WORKSPACE,
} from '../workspace.js';
import { renderBlocks } from './block-kit.js';
import { escapeHtml, type MrkdwnContext, mrkdwnToHtml } from './mrkdwn-html.js';

/**
 * The playground page as HTML, rendered on the server: the sidebar (conversations and the playground panel),
 * the open conversation (#team, the DM with the bot, or App Home), the open thread and the composers. The
 * page's script (playground.js) only swaps these fragments in when something changes.
 */

/** The conversations a person can open, by the name in the URL (`/?c=team`). */
export const CONVERSATIONS = {
  team: { channel: WORKSPACE.channel.id, title: `#${WORKSPACE.channel.name}` },
  dm: { channel: WORKSPACE.dm.id, title: WORKSPACE.bot.name },
  home: { channel: undefined, title: `${WORKSPACE.bot.name} · Home` },
} as const;

export type ConversationName = keyof typeof CONVERSATIONS;

/** What is open: a conversation, and maybe a thread in it (the ts of its root). */
export interface Location {
  readonly c: ConversationName;
  readonly t?: string;
}

/** The fragments the script replaces on every change. */
export interface Fragments {
  readonly messages: string;
  readonly thread: string;
  readonly panel: string;
}

/** People's and channels' display names. */
export const NAMES: MrkdwnContext = { nameOf };

/** Hints under each conversation's title: what to type there. */
const HINTS: Record<ConversationName, string> = {
  team: 'Try <code>/kubecon service mesh</code> (only you see the answer) or <code>@kubecon what about loki?</code> (answered in a thread).',
  dm: 'Ask in plain words: <code>what is gatekeeper?</code>, or <code>help</code>, <code>topics</code>, <code>tip</code>.',
  home: 'What people see when they open the bot in Slack. Its buttons answer in your DM with the bot.',
};

/** The whole page. */
export function renderPage(location: Location, fragments: Fragments): string {
  const { c, t } = location;
  const conversation = CONVERSATIONS[c];
  const link = (name: ConversationName, label: string) =>
    `<li><a href="/?c=${name}"${name === c ? ' aria-current="page"' : ''}>${label}</a></li>`;
  const composer = c === 'home' ? '' : composerForm(location, undefined, `Message ${conversation.title}`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(conversation.title)} · kubecon-bot playground</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/playground.css">
<script src="/playground.js" defer></script>
</head>
<body data-c="${c}"${t !== undefined ? ` data-t="${escapeHtml(t)}"` : ''}>
<a class="skip" href="#composer-input">Skip to the composer</a>
<div class="app${t !== undefined ? ' with-thread' : ''}">
<nav class="sidebar" aria-label="Workspace">
<p class="workspace">kubecon-bot playground</p>
<h2>Channels</h2><ul>${link('team', '# team')}</ul>
<h2>Direct messages</h2><ul>${link('dm', '● kubecon')}</ul>
<h2>Apps</h2><ul>${link('home', 'kubecon · Home')}</ul>
<div id="panel" class="panel">${fragments.panel}</div>
</nav>
<main class="conversation" aria-labelledby="title">
<header class="conversation-header"><h1 id="title">${escapeHtml(conversation.title)}</h1><p class="hint">${HINTS[c]}</p></header>
<div id="messages" class="messages" tabindex="-1">${fragments.messages}</div>
${composer}
</main>
<aside id="thread" class="thread" aria-label="Thread"${t === undefined ? ' hidden' : ''}>${fragments.thread}</aside>
</div>
<div id="announcer" class="visually-hidden" role="status" aria-live="polite"></div>
</body>
</html>
`;
}

/** The composer: a form that posts what was typed to the local Slack (in a thread when `t` is set). */
function composerForm(location: Location, t: string | undefined, label: string): string {
  const id = t === undefined ? 'composer-input' : 'thread-input';
  const placeholder =
    t !== undefined
      ? 'Reply…'
      : location.c === 'dm'
        ? 'Message kubecon'
        : 'Message #team: /kubecon … or @kubecon …';
  return `<form class="composer" method="post" action="/local/send">
<input type="hidden" name="c" value="${location.c}">${t !== undefined ? `<input type="hidden" name="t" value="${escapeHtml(t)}">` : ''}
<label for="${id}" class="visually-hidden">${escapeHtml(label)}</label>
<textarea id="${id}" name="text" rows="2" placeholder="${escapeHtml(placeholder)}" autocomplete="off" required></textarea>
<button type="submit" class="send">Send</button>
</form>`;
}

/** The fragments for a location, from the workspace. */
export function renderFragments(store: MessageStore, location: Location, panel: string): Fragments {
  const viewer = WORKSPACE.you.id;
  const { channel } = CONVERSATIONS[location.c];
  const messages =
    channel === undefined
      ? renderHome(store.view(viewer)?.blocks)
      : renderTimeline(store.timeline(channel, viewer), location);
  const thread =
    channel !== undefined && location.t !== undefined
      ? renderThread(store.thread(channel, location.t, viewer), location)
      : '';
  return { messages, thread, panel };
}

function renderTimeline(entries: readonly TimelineEntry[], location: Location): string {
  if (entries.length === 0) return '<p class="empty">No messages yet.</p>';
  return entries.map((e) => renderMessage(e.message, location, e)).join('');
}

function renderThread(messages: readonly StoredMessage[], location: Location): string {
  const close = `<a class="close" href="/?c=${location.c}">Close thread</a>`;
  const body =
    messages.length === 0
      ? '<p class="empty">This thread is gone.</p>'
      : messages
          .map((m, i) => `${renderMessage(m, location)}${i === 0 ? '<hr class="replies-rule">' : ''}`)
          .join('');
  return `<header class="thread-header"><h2>Thread</h2>${close}</header><div id="thread-messages" class="messages">${body}</div>${composerForm(location, location.t, 'Reply in the thread')}`;
}

function renderHome(blocks: readonly Block[] | undefined): string {
  if (blocks === undefined) return '<p class="empty">Opening App Home…</p>';
  return `<form class="home" method="post" action="/local/click"><input type="hidden" name="c" value="home">${renderBlocks(blocks, NAMES).html}</form>`;
}

/** One message: author, time, "Only visible to you" when ephemeral, its blocks (or text), its replies. */
export function renderMessage(message: StoredMessage, location: Location, entry?: TimelineEntry): string {
  const bot = message.bot_id !== undefined;
  const name = NAMES.nameOf(message.user ?? '') ?? message.user ?? 'someone';
  const time = new Date(message.at);
  const clock = `${String(time.getHours()).padStart(2, '0')}:${String(time.getMinutes()).padStart(2, '0')}`;
  const content = message.blocks?.length
    ? renderBlocks(message.blocks, NAMES).html
    : `<div class="bk-section"><div class="bk-main"><div class="bk-text">${mrkdwnToHtml(message.text, NAMES)}</div></div></div>`;
  const ephemeral = message.visibleTo !== undefined;
  const replies =
    entry && entry.replyCount > 0 && isTopLevel(message)
      ? `<a class="replies" href="/?c=${location.c}&amp;t=${encodeURIComponent(message.ts)}">${entry.replyCount} ${entry.replyCount === 1 ? 'reply' : 'replies'}</a>`
      : '';
  const hidden = `<input type="hidden" name="c" value="${location.c}"><input type="hidden" name="ts" value="${escapeHtml(message.ts)}">${location.t !== undefined ? `<input type="hidden" name="t" value="${escapeHtml(location.t)}">` : ''}`;
  return `<article class="message${ephemeral ? ' ephemeral' : ''}${bot ? ' from-bot' : ''}" data-ts="${escapeHtml(message.ts)}" aria-label="${escapeHtml(name)} at ${clock}">
<div class="avatar" aria-hidden="true">${escapeHtml(name.slice(0, 1).toUpperCase())}</div>
<div class="message-body">
${ephemeral ? '<p class="only-you"><span aria-hidden="true">👁</span> Only visible to you</p>' : ''}
<p class="meta"><span class="author">${escapeHtml(name)}</span>${bot ? ' <span class="badge">APP</span>' : ''} <time datetime="${time.toISOString()}">${clock}</time></p>
<form class="content" method="post" action="/local/click">${hidden}${content}</form>
${replies}
</div>
</article>`;
}
