import { fstatSync } from 'node:fs';
import { ConfigError } from '../core/errors.js';

/**
 * Which front end `npm start` runs: Slack itself when credentials are set; otherwise the local Slack, with
 * the terminal shell when standard input is a pipe or a file (answer each line, exit at the end) and the
 * playground page when it is a terminal or nothing (a container, a process manager). `--shell` and
 * `--playground` choose one of the two whatever the credentials. With NODE_ENV=production there is never a
 * local Slack: a pod whose Secret is misnamed must fail to start, not look alive.
 */

export type FrontEnd = 'slack' | 'playground' | 'shell';

/** What standard input is: a terminal, a pipe or file (or socket), or nothing to read. */
export type Stdin = 'terminal' | 'pipe' | 'none';

export interface FrontEndInput {
  /** The command line after the script (`--shell`, `--playground`). */
  readonly args: readonly string[];
  /** Whether Slack credentials are configured (the config chose Socket Mode or HTTP). */
  readonly hasCredentials: boolean;
  readonly production: boolean;
  readonly stdin: Stdin;
}

/** The one-line start-up error of a production process without Slack credentials. */
export const PRODUCTION_NEEDS_SLACK =
  'SLACK_BOT_TOKEN is not set, nor SLACK_APP_TOKEN or SLACK_SIGNING_SECRET: with NODE_ENV=production kubecon-bot needs Slack credentials and never runs the local playground';

/** Picks the front end; throws a ConfigError in production without credentials or with a local flag. */
export function chooseFrontEnd({ args, hasCredentials, production, stdin }: FrontEndInput): FrontEnd {
  const forced = args.includes('--shell')
    ? 'shell'
    : args.includes('--playground')
      ? 'playground'
      : undefined;
  if (production && forced !== undefined)
    throw new ConfigError([`--${forced} never runs with NODE_ENV=production`]);
  if (forced !== undefined) return forced;
  if (hasCredentials) return 'slack';
  if (production) throw new ConfigError([PRODUCTION_NEEDS_SLACK]);
  return stdin === 'pipe' ? 'shell' : 'playground';
}

/** What file descriptor 0 is. A closed one, or /dev/null (a character device that is not a TTY), is none. */
export function stdinKind(isTTY: boolean): Stdin {
  if (isTTY) return 'terminal';
  try {
    const stat = fstatSync(0);
    return stat.isFIFO() || stat.isFile() || stat.isSocket() ? 'pipe' : 'none';
  } catch {
    return 'none';
  }
}
