import type { Config } from '../config.js';
import { gapLines, gapReport } from '../core/answers/gaps.js';
import { mrkdwnToTerminal } from '../core/answers/terminal.js';
import { createSchedule } from '../core/tips/schedule.js';
import type { Knowledge } from '../core/types.js';
import { createLogger, type Logger, secretsOf } from '../logger.js';
import { createDailyTip, type TipOutcome } from '../slack/daily-tip.js';
import { createStores, type Stores } from '../stores/create-stores.js';

/**
 * The commands that need the bot's stores (Redis with REDIS_URL, else DATA_DIR), and for `tip` the Slack
 * client: `tip` and `gaps`. cli.ts imports this module only when one of them runs.
 */

type Print = (text: string) => void;

export const STORE_COMMAND_OPTIONS = {
  /** Connecting to Redis gives up after this long at most (a command fails within 2 s once connected). */
  redisDeadlineMs: 8000,
} as const;

/**
 * Runs `fn` with the bot's stores (Redis with REDIS_URL, else DATA_DIR), closing them afterwards. An
 * unreachable Redis is one line on standard error and exit code 1, within seconds.
 */
async function withStores(
  config: Config,
  logger: Logger,
  print: Print,
  printError: Print,
  fn: (stores: Stores) => Promise<number>,
): Promise<number> {
  const onCorrupt = (where: string) =>
    print(`note: the tip rotation state was corrupt; set aside as ${where}`);
  const stores = createStores(config, { logger, onCorrupt, once: true });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${STORE_COMMAND_OPTIONS.redisDeadlineMs / 1000} s`)),
      STORE_COMMAND_OPTIONS.redisDeadlineMs,
    );
  });
  try {
    await Promise.race([stores.connect(), deadline]);
    return await fn(stores);
  } catch (error) {
    const status = stores.redisStatus();
    if (status === undefined || status === 'ready') throw error;
    const reason = String((error as Error).message ?? error).replaceAll(config.redisUrl ?? '', '…');
    printError(`cannot reach Redis at REDIS_URL (${reason}); start it or fix REDIS_URL`);
    return 1;
  } finally {
    clearTimeout(timer);
    await stores.close();
  }
}

/** `tip --next`: the next daily tip and when it posts; `tip --post`: today's tip now, once. */
export function tipCommand(
  config: Config,
  knowledge: Knowledge,
  post: boolean,
  print: Print,
  printError: Print = print,
): Promise<number> {
  const logger = stderrLogger(config);
  return withStores(config, logger, print, printError, (stores) =>
    tip(config, knowledge, stores, logger, post, print),
  );
}

/** `gaps`: the questions the bot could not answer and the answers voted down. */
export function gapsCommand(
  config: Config,
  knowledge: Knowledge,
  json: boolean,
  print: Print,
  printError: Print = print,
): Promise<number> {
  return withStores(config, stderrLogger(config), print, printError, async ({ gaps, feedback }) => {
    const report = gapReport(await gaps.list(), await feedback.list(), knowledge);
    print(json ? JSON.stringify(report, null, 2) : mrkdwnToTerminal(gapLines(report).join('\n')));
    return 0;
  });
}

/** Warnings and errors of the stores and the Slack client go to standard error, never into the output. */
function stderrLogger(config: Config): Logger {
  return createLogger({ level: 'warn', secrets: secretsOf(config), destination: process.stderr });
}

async function tip(
  config: Config,
  knowledge: Knowledge,
  stores: Stores,
  logger: Logger,
  post: boolean,
  print: Print,
): Promise<number> {
  const schedule = createSchedule(config.tips.schedule, config.tips.timezone);
  const { channel, graceMinutes, timezone } = config.tips;
  // Without a token (`tip --next` on a laptop) there is no Slack to read or post to: no client, and no
  // loading of @slack/web-api for it.
  const client =
    config.slack.botToken === undefined
      ? undefined
      : (await import('../slack/web-client.js')).createWebClient(config.slack, logger);
  const dailyTip = createDailyTip({
    client,
    store: stores.tips,
    rotationCopy: stores.rotationCopy,
    channel: channel ?? '',
    schedule,
    graceMinutes,
    knowledge: () => knowledge,
    logger,
    seed: channel ?? '',
    // In mentions-only mode the bot may not read the channel's history.
    readHistory: !config.access.mentionsOnly,
  });
  if (post) {
    if (channel === undefined || config.slack.botToken === undefined) {
      print('tip --post needs SLACK_BOT_TOKEN and TIP_CHANNEL (see .env.example)');
      return 2;
    }
    const outcome = await dailyTip.runAt(new Date(), { force: true });
    const messages: Record<TipOutcome['kind'], string> = {
      posted: `posted today's tip to ${channel}`,
      'already-posted': `today's tip was already posted to ${channel}; nothing to do`,
      'in-progress': "another attempt is posting today's tip right now; nothing to do",
      failed: `could not post today's tip: ${'reason' in outcome ? outcome.reason : ''}`,
      'not-due': 'not due',
    };
    print(messages[outcome.kind]);
    return outcome.kind === 'failed' ? 1 : 0;
  }
  const tip = await dailyTip.nextTip();
  const next = schedule.next(new Date());
  const when = next
    ? `${next.toLocaleString('en-GB', { timeZone: timezone, dateStyle: 'full', timeStyle: 'short' })} (${timezone})`
    : 'never (the schedule has no future run)';
  print(tip ? `next tip: ${tip.id}\n${mrkdwnToTerminal(tip.text)}` : 'no tips in the knowledge');
  print(channel ? `posts ${when} to ${channel}` : `would post ${when}, but TIP_CHANNEL is not set`);
  return 0;
}
