import { createInterface } from 'node:readline';
import type { KnownBlock } from '@slack/types';
import { SHELL_TEXT } from '../core/answers/copy.js';
import { messageToTerminal, mrkdwnToTerminal } from '../core/answers/terminal.js';
import type { LocalSlack } from './local-slack.js';
import { emojify } from './page/emoji.js';
import { channelName, clickButton, postMessage, runCommand } from './people.js';
import { fieldsOf, nameOf, type StoredMessage, WORKSPACE } from './workspace.js';

/**
 * The terminal shell: a client of the local Slack, like the playground page. Each line is what a person
 * would type in Slack: `/kubecon …` runs the command in #team, `@kubecon …` posts a mention there, and
 * anything else is a direct message to the bot; `[Next result]` presses that button on the last reply.
 * The real app answers, and the shell prints what Slack would show, as text, so it can never disagree.
 */

/** The first line the shell prints. */
export const SHELL_BANNER = SHELL_TEXT.banner;

export interface ShellOptions {
  readonly slack: LocalSlack;
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** Prompt and keep going on a terminal; answer every line and return at end of input otherwise. */
  readonly interactive: boolean;
  /** How long to wait for the bot's reply. */
  readonly replyTimeoutMs?: number;
}

const you = WORKSPACE.you;

/** A conversation in the shell: it remembers the last reply, whose buttons `[label]` presses. */
export function shellSession(slack: LocalSlack, replyTimeoutMs = 10_000) {
  let last: StoredMessage | undefined;
  /** Waits for the bot's first message after `since` that `where` accepts. */
  const reply = (since: number, where: (m: StoredMessage) => boolean) =>
    slack
      .waitFor(
        () => slack.store.after(since, you.id).find((m) => m.bot_id !== undefined && where(m)),
        replyTimeoutMs,
      )
      .catch(() => undefined);
  const show = (message: StoredMessage | undefined) => {
    if (message) last = message;
    return message ? `${placeOf(message)}${toTerminal(message)}` : SHELL_TEXT.noReply;
  };

  return {
    /** What one typed line gets back, as terminal text. */
    answer: async (line: string): Promise<string> => {
      const text = line.trim();
      const since = Number(slack.nextTs());
      const button = /^\[(.+)\]$/.exec(text);
      if (button) return press(button[1] ?? '');
      const command = /^\/kubecon\b/i.exec(text);
      if (command) {
        const rest = text.slice(command[0].length).trim();
        await runCommand(slack, {
          user: you,
          channel: WORKSPACE.channel.id,
          command: '/kubecon',
          text: rest,
        });
        return show(await reply(since, () => true));
      }
      const mention = /^@kubecon\b/i.test(text);
      const channel = mention ? WORKSPACE.channel.id : WORKSPACE.dm.id;
      const asked = await postMessage(slack, { user: you, channel, text });
      return show(await reply(since, (m) => m.channel === channel && (!mention || m.thread_ts === asked.ts)));
    },
  };

  /** Presses the last reply's button whose label starts with `label`; prints what changed. */
  async function press(label: string): Promise<string> {
    const target = last;
    const element = target && buttonsOf(target).find((b) => simple(b.label).startsWith(simple(label)));
    if (!target || !element) return SHELL_TEXT.noButton(label);
    if (element.url !== undefined) return SHELL_TEXT.link(element.url);
    const before = JSON.stringify(target.blocks);
    const since = Number(slack.nextTs());
    await clickButton(slack, {
      user: you,
      at: { channel: target.channel, ts: target.ts },
      actionId: element.actionId,
    });
    const changed = () => {
      const now = slack.store.find(target.channel, target.ts);
      return !now || JSON.stringify(now.blocks) !== before;
    };
    await slack.waitFor(() => changed() || fresh(since).length > 0, replyTimeoutMs).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the rest of the bot's answer to the click
    const now = slack.store.find(target.channel, target.ts);
    const lines = [
      ...(now === undefined ? [SHELL_TEXT.gone] : changed() ? [`${SHELL_TEXT.replaced}\n${show(now)}`] : []),
      ...fresh(since).map(show),
    ];
    return lines.length > 0 ? lines.join('\n\n') : SHELL_TEXT.noReply;
  }

  function fresh(since: number): StoredMessage[] {
    return slack.store.after(since, you.id).filter((m) => m.bot_id !== undefined);
  }
}

/** One line, answered in a session of its own. */
export function shellLine(slack: LocalSlack, line: string, replyTimeoutMs?: number): Promise<string> {
  return shellSession(slack, replyTimeoutMs).answer(line);
}

/** Where a reply is, when it is not the plain answer to a direct message. */
function placeOf(m: StoredMessage): string {
  if (m.visibleTo !== undefined) return `${SHELL_TEXT.ephemeral}\n`;
  if (m.thread_ts !== undefined && m.thread_ts !== m.ts) return `${SHELL_TEXT.thread}\n`;
  return m.channel === WORKSPACE.dm.id ? '' : `${SHELL_TEXT.inChannel(channelName(m.channel))}\n`;
}

/** A label without the arrows and case that make it awkward to type. */
const simple = (label: string) => label.replace(/[▶◀]/g, '').trim().toLowerCase();

type Element = { type?: string; action_id?: string; text?: { text?: string }; url?: string };

/** The buttons of a message, in order. */
function buttonsOf(message: StoredMessage): { label: string; actionId: string; url?: string }[] {
  return (message.blocks ?? [])
    .flatMap((b) => (b.type === 'actions' ? ((fieldsOf(b).elements as Element[] | undefined) ?? []) : []))
    .filter((e) => e.type === 'button')
    .map((e) => ({
      label: e.text?.text ?? '',
      actionId: e.action_id ?? '',
      ...(e.url !== undefined && { url: e.url }),
    }));
}

/** A stored message as terminal text: its blocks (or text), emoji shown as emoji. */
function toTerminal(message: StoredMessage): string {
  const text = message.blocks?.length
    ? // The bot's own blocks, stored as it sent them.
      messageToTerminal({ text: message.text, blocks: message.blocks as readonly KnownBlock[] })
    : mrkdwnToTerminal(message.text);
  // Mentions by name, as Slack shows them.
  return emojify(text).replace(/@([UW][A-Z0-9]+)/g, (mention, id: string) => {
    const name = nameOf(id);
    return name === undefined ? mention : `@${name}`;
  });
}

/** Runs the shell until end of input (or `exit`). */
export async function runShell(options: ShellOptions): Promise<void> {
  const { input, output, interactive } = options;
  const session = shellSession(options.slack, options.replyTimeoutMs);
  output.write(`${SHELL_BANNER}\n`);
  const rl = createInterface({
    input,
    ...(interactive && { output, prompt: 'kubecon> ' }),
    terminal: interactive,
  });
  if (interactive) rl.prompt();
  for await (const line of rl) {
    if (/^(exit|quit)$/i.test(line.trim())) break;
    if (line.trim() !== '') output.write(`${await session.answer(line)}\n\n`);
    if (interactive) rl.prompt();
  }
  rl.close();
}
