import type { Ack } from './delivery.js';
import type { LocalSlack } from './local-slack.js';
import * as payloads from './payloads.js';
import { type Block, fieldsOf, type StoredMessage, WORKSPACE } from './workspace.js';

/**
 * What people do in the local workspace, delivered to the app as Slack delivers it: a slash command, a
 * message (with the events it raises), a button click, opening App Home. The playground page, the terminal
 * shell and the tests all act through these.
 */

/** A person of the workspace. */
export interface Person {
  readonly id: string;
  readonly name: string;
}

/** The team and app every payload comes from. */
const ORIGIN: payloads.Origin = {
  team: WORKSPACE.team,
  appId: WORKSPACE.appId,
  botUserId: WORKSPACE.bot.userId,
};

/** What Slack's client shows when an app does not acknowledge a slash command in time. */
export const commandFailed = (command: string, error: string) =>
  `${command} failed with the error "${error}"`;

/** A channel's name as people see it (`team`; the DM is named after the bot). */
export function channelName(id: string): string {
  if (id === WORKSPACE.channel.id) return WORKSPACE.channel.name;
  return id === WORKSPACE.dm.id ? WORKSPACE.bot.name : id;
}

/** The kind of conversation a channel id names: C… public, G… private, D… direct message. */
function channelType(id: string): payloads.Place['channelType'] {
  return id.startsWith('D') ? 'im' : id.startsWith('G') ? 'group' : 'channel';
}

/** Text as Slack sends what a person typed: `&`, `<` and `>` escaped. */
export const escapeTyped = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A message as Slack's client sends it: escaped, and `@kubecon` turned into a mention of the bot. */
export function encodeMentions(text: string): string {
  return escapeTyped(text).replace(
    new RegExp(`(^|\\s)@${WORKSPACE.bot.name}\\b`, 'gi'),
    `$1<@${WORKSPACE.bot.userId}>`,
  );
}

/** `/command text` in a channel: the app's ack, shown as Slack shows it (ephemeral unless `in_channel`). */
export async function runCommand(
  slack: LocalSlack,
  input: { user: Person; channel: string; command: string; text: string },
): Promise<Ack> {
  const place = { channel: input.channel, user: input.user.id };
  const payload = payloads.slashCommand(ORIGIN, {
    command: input.command,
    text: escapeTyped(input.text),
    user: input.user,
    channel: { id: input.channel, name: channelName(input.channel) },
    responseUrl: slack.openResponseUrl(place),
    triggerId: slack.nextId('trigger-'),
  });
  const ack = await slack.deliver('slash_commands', payload);
  if (!ack.ok) slack.applyResponse(place, { text: commandFailed(input.command, ack.error ?? 'unknown') });
  else if (ack.payload && ('text' in ack.payload || 'blocks' in ack.payload))
    slack.applyResponse(place, ack.payload);
  return ack;
}

/** A person's message: stored, then delivered as the events it raises (message, and app_mention). */
export async function postMessage(
  slack: LocalSlack,
  input: { user: Person; channel: string; text: string; threadTs?: string },
): Promise<StoredMessage> {
  const text = encodeMentions(input.text);
  const message = slack.store.add({
    channel: input.channel,
    ts: slack.nextTs(),
    ...(input.threadTs !== undefined && { thread_ts: input.threadTs }),
    user: input.user.id,
    text,
    at: Date.now(),
  });
  slack.changed();
  // Slack sends an app nothing of a conversation its bot is not in.
  if (!slack.isMember(input.channel)) return message;
  const place = {
    channel: input.channel,
    channelType: channelType(input.channel),
    ...(input.threadTs !== undefined && { threadTs: input.threadTs }),
  };
  await deliverEvent(slack, payloads.message(WORKSPACE.team.id, input.user.id, text, message.ts, place));
  if (place.channelType !== 'im' && text.includes(`<@${WORKSPACE.bot.userId}>`))
    await deliverEvent(slack, payloads.appMention(WORKSPACE.team.id, input.user.id, text, message.ts, place));
  return message;
}

/** Opening the bot's App Home on its Home tab. */
export async function openHome(slack: LocalSlack, user: Person): Promise<Ack> {
  return deliverEvent(slack, payloads.appHomeOpened(user.id, slack.resolveChannel(user.id), slack.nextTs()));
}

/** What Slack calls a new panel thread until the bot gives it a title. */
const NEW_PANEL_THREAD = (at: number) => `Chats from ${new Date(at).toISOString()}`;

/**
 * Opening the bot in the assistant side panel: Slack starts a thread in the person's DM with the bot (its
 * root a placeholder of subtype `assistant_app_thread`) and sends `assistant_thread_started`, with the
 * channel they are looking at. Messages in the panel are `postMessage` to the DM with the root's ts.
 */
export async function openPanel(
  slack: LocalSlack,
  input: { user: Person; viewing?: string },
): Promise<{ root: StoredMessage; ack: Ack }> {
  const at = Date.now();
  const root = slack.store.add({
    channel: slack.resolveChannel(input.user.id),
    ts: slack.nextTs(),
    subtype: 'assistant_app_thread',
    user: input.user.id,
    text: NEW_PANEL_THREAD(at),
    at,
  });
  slack.changed();
  const ack = await deliverEvent(slack, panelEvent(slack, 'assistant_thread_started', input, root));
  return { root, ack };
}

/** With the panel open, the person moved to another channel: `assistant_thread_context_changed`. */
export function changePanelContext(
  slack: LocalSlack,
  input: { user: Person; root: StoredMessage; viewing?: string },
): Promise<Ack> {
  return deliverEvent(slack, panelEvent(slack, 'assistant_thread_context_changed', input, input.root));
}

function panelEvent(
  slack: LocalSlack,
  type: 'assistant_thread_started' | 'assistant_thread_context_changed',
  input: { user: Person; viewing?: string },
  root: StoredMessage,
): payloads.Payload {
  return payloads.assistantThread(type, {
    team: WORKSPACE.team.id,
    user: input.user.id,
    dm: root.channel,
    threadTs: root.ts,
    ...(input.viewing !== undefined && { viewing: input.viewing }),
    eventTs: slack.nextTs(),
  });
}

/** Where a button is: on a message of a channel, or on the person's App Home. */
export type ButtonPlace = { readonly channel: string; readonly ts: string } | { readonly home: true };

/** A click on a button; undefined when there is no such button (the message changed or went). */
export async function clickButton(
  slack: LocalSlack,
  input: { user: Person; at: ButtonPlace; actionId: string },
): Promise<Ack | undefined> {
  const { user, at } = input;
  const message = 'home' in at ? undefined : slack.store.find(at.channel, at.ts);
  const view = 'home' in at ? slack.store.view(user.id) : undefined;
  const found = findButton(message?.blocks ?? view?.blocks ?? [], input.actionId);
  if (!found) return undefined;
  const click = { ...found, actionTs: slack.nextTs() };
  const triggerId = slack.nextId('trigger-');
  if (view) {
    const container = { type: 'view' as const, viewId: view.id };
    return slack.deliver('interactive', payloads.blockActions(ORIGIN, { user, container, click, triggerId }));
  }
  if (!message) return undefined;
  const threadTs = message.thread_ts;
  const container = {
    type: 'message' as const,
    channel: { id: message.channel, name: channelName(message.channel) },
    messageTs: message.ts,
    ephemeral: message.visibleTo !== undefined,
    ...(threadTs !== undefined && { threadTs }),
  };
  const responseUrl = slack.openResponseUrl({
    channel: message.channel,
    user: user.id,
    ...(threadTs !== undefined && { threadTs }),
    original: { channel: message.channel, ts: message.ts },
  });
  return slack.deliver(
    'interactive',
    payloads.blockActions(ORIGIN, { user, container, click, triggerId, responseUrl }),
  );
}

/** An event as Slack delivers it: inside an event callback with a fresh event id. */
function deliverEvent(slack: LocalSlack, event: payloads.Payload): Promise<Ack> {
  const callback = payloads.eventCallback(
    ORIGIN,
    event,
    slack.nextId('Ev'),
    Math.floor(slack.clock() / 1000),
  );
  return slack.deliver('events_api', callback);
}

type Element = { type?: string; action_id?: string; text?: { text?: string }; value?: string; url?: string };

/** The button with this action id among the blocks (in an actions block or as a section's accessory). */
function findButton(
  blocks: readonly Block[],
  actionId: string,
): Omit<payloads.Click, 'actionTs'> | undefined {
  for (const [i, block] of blocks.entries()) {
    const fields = fieldsOf(block);
    const elements = [
      ...((fields.elements as Element[] | undefined) ?? []),
      fields.accessory as Element | undefined,
    ];
    const button = elements.find((e) => e?.type === 'button' && e.action_id === actionId);
    if (button)
      return {
        actionId,
        blockId: typeof fields.block_id === 'string' ? fields.block_id : `block-${i}`,
        text: button.text?.text ?? '',
        ...(button.value !== undefined && { value: button.value }),
        ...(button.url !== undefined && { url: button.url }),
      };
  }
  return undefined;
}
