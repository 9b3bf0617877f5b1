import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Config } from '../config.js';
import { ConfigError } from '../core/errors.js';
import type { TipSchedule } from '../core/tips/schedule.js';
import type { Clock } from '../core/types.js';
import { prettyDestination } from '../logger.js';
import type { KnowledgeHolder } from '../runtime/knowledge-holder.js';
import type { DailyTip, TipOutcome } from '../slack/daily-tip.js';
import { LocalSlack } from './local-slack.js';
import { createPlayground, type Playground, type PlaygroundHooks } from './page/server.js';
import { runShell } from './shell.js';
import { WORKSPACE } from './workspace.js';

/**
 * Running the bot against the local Slack (main.ts calls this when there are no Slack credentials): the
 * local Slack starts first, the bot's configuration is pointed at it (tokens, API URL, #team as the tip
 * channel, a temporary data folder), and once the real app is up, the front end starts: the playground
 * page, or the terminal shell, which stops the bot at the end of its input.
 */

/** What the front end shows of the running bot. */
export interface BotParts {
  readonly config: Config;
  readonly knowledge: KnowledgeHolder;
  readonly schedule: TipSchedule;
  readonly dailyTip?: DailyTip;
  readonly now: Clock;
}

export interface LocalRun {
  /** Variables that point the bot at the local Slack; they win over the environment. */
  readonly env: Readonly<Record<string, string>>;
  /** Where and how much the bot logs (the shell keeps standard output for the conversation). */
  readonly logging: { readonly level?: 'warn'; readonly destination: { write(line: string): unknown } };
  /** Starts the front end once the bot runs; the shell calls `done` at the end of its input. */
  run(bot: BotParts, done: () => void): Promise<void>;
  stop(): Promise<void>;
}

export interface LocalOptions {
  readonly frontEnd: 'playground' | 'shell';
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The configuration as the environment gives it (for PORT). */
  readonly config: Config;
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream;
}

/** Credentials shaped like Slack's, valid only against the local Slack. */
const LOCAL_TOKENS = { SLACK_BOT_TOKEN: 'xoxb-local-playground', SLACK_APP_TOKEN: 'xapp-local-playground' };

/** How much the local Slack remembers of calls, responses and acks (it runs for days). */
const KEEP = 200;

/** Starts the local Slack (and, for the playground, its page); prints the page's URL as the first line. */
export async function startLocal(options: LocalOptions): Promise<LocalRun> {
  const { frontEnd, stdout, stderr } = options;
  const page = frontEnd === 'playground';
  const host = page ? options.env.HOST?.trim() || '127.0.0.1' : '127.0.0.1';
  const bot = runningBot();
  let playground: Playground | undefined;
  const slack = new LocalSlack({
    keep: KEEP,
    fallback: (req, res, url) => playground?.handle(req, res, url) ?? Promise.resolve(false),
  });
  if (page) playground = await createPlayground(slack, bot.hooks);
  await listen(slack, page ? options.config.port : 0, host);
  if (page) announce(stdout, stderr, host, slack.port);
  // The bot's state lives as long as the local Slack's messages: a tip "already posted" to a #team that
  // forgot it, or feedback on answers no one can see, would only confuse. And the clone stays as it was.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kubecon-local-'));
  return {
    env: localEnv(slack, host, dataDir),
    logging: playground
      ? { destination: await teeToPage(stdout, playground) }
      : { level: 'warn', destination: stderr },
    run: async (parts, done) => {
      if (page) {
        bot.set(parts);
        slack.changed(); // the page leaves "starting"
        return;
      }
      const { stdin } = options;
      runShell({ slack, input: stdin, output: stdout, interactive: Boolean(stdin.isTTY) })
        .catch((error: unknown) => stderr.write(`kubecon-bot shell: ${String(error)}\n`))
        .finally(done);
    },
    stop: async () => {
      playground?.close();
      await slack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The page's hooks into the bot, which runs only later: "starting" until `set` hands them its parts. */
function runningBot(): { hooks: PlaygroundHooks; set(parts: BotParts): void } {
  let running: PlaygroundHooks | undefined;
  return {
    hooks: {
      get tip() {
        return running?.tip;
      },
      knowledge: () => running?.knowledge(),
    },
    set: (parts) => {
      running = playgroundHooks(parts);
    },
  };
}

/** Listens, or says in one line which port is taken. */
async function listen(slack: LocalSlack, port: number, host: string): Promise<void> {
  await slack.start({ port, host }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EADDRINUSE') throw error;
    throw new ConfigError([
      `PORT ${port} is in use on ${host}: stop what uses it, or set PORT to another port`,
    ]);
  });
}

/** The first line: the page's URL; and a warning when it listens beyond this machine. */
function announce(stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream, host: string, port: number) {
  stdout.write(
    `kubecon-bot playground: ${pageUrl(host, port)} (the real bot against a local Slack; Ctrl+C stops it)\n`,
  );
  if (!isLoopback(host))
    stderr.write(
      `warning: the playground listens on ${host} (HOST), so anyone who can reach this machine can use it\n`,
    );
}

/** The variables that point the bot at the local Slack. */
function localEnv(slack: LocalSlack, host: string, dataDir: string): Record<string, string> {
  return {
    ...LOCAL_TOKENS,
    SLACK_SIGNING_SECRET: '',
    SLACK_API_URL: slack.apiUrl,
    TIP_CHANNEL: WORKSPACE.channel.id,
    // Health and metrics (Socket Mode serves them apart) on a free port of the same host.
    HOST: host,
    HEALTH_PORT: '0',
    DATA_DIR: dataDir,
  };
}

/** The log to the terminal (readable when pino-pretty is installed), and its notable lines to the page. */
async function teeToPage(stdout: LocalOptions['stdout'], playground: Playground) {
  const terminal = (stdout.isTTY ? await prettyDestination() : undefined) ?? stdout;
  return {
    write: (line: string) => {
      playground.log(line);
      return terminal.write(line);
    },
  };
}

/** What the page shows and does for the daily tip and the knowledge, from the running bot. */
function playgroundHooks(bot: BotParts): PlaygroundHooks {
  const { config, dailyTip, schedule, now } = bot;
  const channel = `#${WORKSPACE.channel.name}`;
  return {
    ...(dailyTip && {
      tip: {
        describe: async () => {
          const next = schedule.next(now());
          const tip = await dailyTip.nextTip();
          return {
            schedule: config.tips.schedule,
            timezone: config.tips.timezone,
            channel,
            nextAt: next
              ? next.toLocaleString('en-GB', {
                  timeZone: config.tips.timezone,
                  dateStyle: 'full',
                  timeStyle: 'short',
                })
              : null,
            ...(tip && { nextTip: tip.text }),
          };
        },
        postToday: async () => tipOutcome(await dailyTip.runAt(now(), { force: true }), channel),
      },
    }),
    knowledge: () => {
      const { knowledge } = bot.knowledge.index();
      return { notes: knowledge.notes.length, sections: knowledge.sections.size, version: knowledge.version };
    },
  };
}

/** What pressing "Post today's tip" did, in a sentence. */
export function tipOutcome(outcome: TipOutcome, channel: string): string {
  switch (outcome.kind) {
    case 'posted':
      return `Posted today’s tip to ${channel}.`;
    case 'already-posted':
      return `Today’s tip is already in ${channel}: the daily tip posts once a day, whoever asks.`;
    case 'in-progress':
      return 'Another attempt is posting today’s tip right now.';
    case 'failed':
      return `Could not post today’s tip: ${outcome.reason}.`;
    case 'not-due':
      return 'No tip is due.';
  }
}

const isLoopback = (host: string) => host === 'localhost' || host.startsWith('127.') || host === '::1';

/** The URL people open: localhost for the loopback and wildcard addresses. */
function pageUrl(host: string, port: number): string {
  const local = isLoopback(host) || host === '0.0.0.0' || host === '::';
  return `http://${local ? 'localhost' : host.includes(':') ? `[${host}]` : host}:${port}/`;
}
