import { createInterface } from 'node:readline';
import { messageToTerminal, mrkdwnToTerminal } from '../answers/terminal.js';
import type { LocalSlack } from './local-slack.js';
import { emojify } from './page/emoji.js';
import { postMessage, runCommand } from './people.js';
import { type StoredMessage, WORKSPACE } from './workspace.js';

/**
 * The terminal shell: a client of the local Slack, like the playground page. Each line is what a person
 * would type in Slack: `/kubecon …` runs the command in #team, `@kubecon …` posts a mention there, and
 * anything else is a direct message to the bot. The real app answers, and the shell prints its replies as
 * text, so it can never disagree with Slack.
 */

export const SHELL_BANNER =
  'kubecon-bot is running locally against a built-in Slack (no SLACK_BOT_TOKEN set). ' +
  'Type /kubecon <question>, @kubecon <question>, or a direct message (help, topics, tip). ' +
  'To connect to Slack, fill in .env as the README says (Connect to Slack).';

export interface ShellOptions {
  readonly slack: LocalSlack;
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** Prompt and keep going on a terminal; answer every line and return at end of input otherwise. */
  readonly interactive: boolean;
  /** How long to wait for the bot's reply to a message. */
  readonly replyTimeoutMs?: number;
}

/** What one typed line gets back, as terminal text: the bot's reply, and where it is. */
export async function shellLine(slack: LocalSlack, line: string, replyTimeoutMs = 10_000): Promise<string> {
  const text = line.trim();
  const channel = WORKSPACE.channel.id;
  const since = Number(slack.nextTs());
  const command = /^\/kubecon\b/i.exec(text);
  if (command) {
    await runCommand(slack, {
      user: WORKSPACE.you,
      channel,
      command: '/kubecon',
      text: text.slice(command[0].length).trim(),
    });
    const reply = newFromBot(
      slack.store.timeline(channel, WORKSPACE.you.id).map((e) => e.message),
      since,
    );
    return reply ? `${reply.visibleTo ? '(only you can see this)\n' : ''}${toTerminal(reply)}` : NO_REPLY;
  }
  const mention = /^@kubecon\b/i.test(text);
  const where = mention ? channel : WORKSPACE.dm.id;
  const asked = await postMessage(slack, { user: WORKSPACE.you, channel: where, text });
  const inPlace = () =>
    mention
      ? slack.store.thread(channel, asked.ts, WORKSPACE.you.id)
      : slack.store.timeline(where, WORKSPACE.you.id).map((e) => e.message);
  const reply = await slack
    .waitFor(() => newFromBot(inPlace(), since), replyTimeoutMs)
    .catch(() => undefined);
  return reply ? `${mention ? '(in the thread)\n' : ''}${toTerminal(reply)}` : NO_REPLY;
}

/** What the shell prints when the bot said nothing in time. */
const NO_REPLY = '(no reply from the bot)';

/** The first message the bot posted after `since`. */
function newFromBot(messages: readonly StoredMessage[], since: number): StoredMessage | undefined {
  return messages.find((m) => m.bot_id !== undefined && Number(m.ts) > since);
}

/** A stored message as terminal text: its blocks (or text), emoji shown as emoji. */
function toTerminal(message: StoredMessage): string {
  const text = message.blocks?.length
    ? messageToTerminal({ text: message.text, blocks: message.blocks })
    : mrkdwnToTerminal(message.text);
  return emojify(text);
}

/** Runs the shell until end of input (or `exit`). */
export async function runShell(options: ShellOptions): Promise<void> {
  const { input, output, interactive } = options;
  output.write(`${SHELL_BANNER}\n`);
  const rl = createInterface({
    input,
    ...(interactive && { output, prompt: 'kubecon> ' }),
    terminal: interactive,
  });
  if (interactive) rl.prompt();
  for await (const line of rl) {
    if (/^(exit|quit)$/i.test(line.trim())) break;
    if (line.trim() !== '')
      output.write(`${await shellLine(options.slack, line, options.replyTimeoutMs)}\n\n`);
    if (interactive) rl.prompt();
  }
  rl.close();
}
