import { createInterface } from 'node:readline';
import { parseRequest } from '../core/answers/commands.js';
import { GAPS_ELSEWHERE, SHELL_TEXT } from '../core/answers/copy.js';
import { replyTo } from '../core/answers/reply.js';
import { messageToTerminal } from '../core/answers/terminal.js';
import type { SearchIndex } from '../core/search/search-index.js';
import type { Answer } from '../core/types.js';

/**
 * The local shell: a terminal stand-in for Slack, used when no Slack credentials are set. It takes what a
 * user would type in Slack and prints the same messages the app would post, blocks rendered as text.
 */

export interface ShellOptions {
  readonly index: () => SearchIndex;
  /** Answers a question (main.ts counts these as questions from the shell). */
  readonly ask: (query: string) => Answer;
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** Prompt and keep going on a terminal; answer every line and return at end of input otherwise. */
  readonly interactive: boolean;
  readonly random: () => number;
}

/** What one typed line gets back, as terminal text. */
export function shellReply(
  line: string,
  index: SearchIndex,
  ask: (query: string) => Answer,
  random: () => number,
): string {
  const text = line.trim();
  const slash = /^\/kubecon\b/i.exec(text);
  const mention = /^@kubecon\b/i.exec(text);
  const rest = text.slice((slash ?? mention)?.[0].length ?? 0);
  const request = mention && rest.trim() !== '' ? { kind: 'ask' as const, query: rest } : parseRequest(rest);
  // The gaps report reads the bot's stores under DATA_DIR: `npm run gaps` prints it.
  if (request.kind === 'gaps') return GAPS_ELSEWHERE.shell;
  const message = replyTo(request, { index, ask, random, controls: slash ? 'ephemeral' : 'thread' });
  const where = slash ? SHELL_TEXT.ephemeral : mention ? SHELL_TEXT.thread : '';
  return [where, messageToTerminal(message)].filter((t) => t !== '').join('\n');
}

/** Runs the shell until end of input (or `exit`). */
export async function runShell(options: ShellOptions): Promise<void> {
  const { input, output, interactive } = options;
  output.write(`${SHELL_TEXT.banner}\n`);
  const rl = createInterface({
    input,
    ...(interactive && { output, prompt: 'kubecon> ' }),
    terminal: interactive,
  });
  if (interactive) rl.prompt();
  for await (const line of rl) {
    if (/^(exit|quit)$/i.test(line.trim())) break;
    if (line.trim() !== '')
      output.write(`${shellReply(line, options.index(), options.ask, options.random)}\n\n`);
    if (interactive) rl.prompt();
  }
  rl.close();
}
