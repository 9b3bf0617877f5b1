import path from 'node:path';
import { WebClient } from '@slack/web-api';
import { mrkdwnToTerminal } from '../answers/terminal.js';
import type { Config } from '../config.js';
import { toBoltLogger } from '../logger.js';
import { buildIndex } from '../search/search-index.js';
import { RETRY_CONFIG } from '../slack/retry-config.js';
import { redisStores } from '../stores/redis-stores.js';
import { createDailyTip, type TipOutcome } from '../tips/daily-tip.js';
import { createSchedule } from '../tips/schedule.js';
import { fileTipStore, type TipStore } from '../tips/tip-store.js';
import type { Knowledge } from '../types.js';
import { connectRedis, stderrLogger } from './edges.js';

type Print = (text: string) => void;

/** `tip --next`: the next daily tip and when it posts; `tip --post`: today's tip now, once. */
export async function tipCommand(
  config: Config,
  knowledge: Knowledge,
  args: readonly string[],
  print: Print,
): Promise<number> {
  const onCorrupt = (where: string) =>
    print(`note: the tip rotation state was corrupt; set aside as ${where}`);
  const redis =
    config.redisUrl !== undefined ? await connectRedis(config.redisUrl, stderrLogger(config)) : undefined;
  const store = redis
    ? redisStores(redis, 'kubecon:', onCorrupt).tips
    : fileTipStore({ dir: path.join(config.dataDir, 'tips'), onCorrupt });
  try {
    return await runTip(config, knowledge, store, args, print);
  } finally {
    await redis?.quit();
  }
}

/** Runs `tip` against a tip store: posts with `--post`, else prints the next tip and when it posts. */
async function runTip(
  config: Config,
  knowledge: Knowledge,
  store: TipStore,
  args: readonly string[],
  print: Print,
): Promise<number> {
  const schedule = createSchedule(config.tips.schedule, config.tips.timezone);
  const index = buildIndex(knowledge);
  const channel = config.tips.channel;
  const logger = stderrLogger(config);
  const client = new WebClient(config.slack.botToken, {
    ...(config.slack.apiUrl !== undefined && { slackApiUrl: config.slack.apiUrl }),
    retryConfig: RETRY_CONFIG,
    logger: toBoltLogger(logger),
  });
  const dailyTip = createDailyTip({
    client,
    store,
    channel: channel ?? '',
    schedule,
    graceMinutes: config.tips.graceMinutes,
    index: () => index,
    logger,
    seed: channel ?? '',
  });
  if (args.includes('--post')) {
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
    ? `${next.toLocaleString('en-GB', { timeZone: config.tips.timezone, dateStyle: 'full', timeStyle: 'short' })} (${config.tips.timezone})`
    : 'never (the schedule has no future run)';
  print(tip ? `next tip: ${tip.id}\n${mrkdwnToTerminal(tip.text)}` : 'no tips in the knowledge');
  print(channel ? `posts ${when} to ${channel}` : `would post ${when}, but TIP_CHANNEL is not set`);
  return 0;
}
