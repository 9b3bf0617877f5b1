import path from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { createSlackApp } from './app.js';
import { parseConfig } from './config.js';
import { ConfigError, KnowledgeErrors } from './errors.js';
import { loadKnowledge } from './knowledge/load.js';
import { createLogger, secretsOf } from './logger.js';
import { buildIndex } from './search/search-index.js';
import { runShell } from './shell/shell.js';
import { fileFeedbackStore } from './stores/feedback-store.js';
import { recentSet } from './stores/recent-set.js';
import { createDailyTip, type DailyTip } from './tips/daily-tip.js';
import { renderTip } from './tips/message.js';
import { createSchedule } from './tips/schedule.js';
import { startTipScheduler, type TipScheduler } from './tips/scheduler.js';
import { fileTipStore } from './tips/tip-store.js';

/**
 * The composition root, read top to bottom: config -> knowledge -> index -> app -> listeners -> start.
 * The only module that reads process.env and starts servers.
 */

async function main(): Promise<void> {
  // 1. Configuration: .env (if any) under the real environment, checked into a typed Config.
  loadDotenv({ quiet: true });
  const config = parseConfig(process.env);
  const secrets = secretsOf(config);
  const shell = config.transport === 'shell';
  const logger = createLogger({
    level: shell ? 'warn' : config.logLevel,
    secrets,
    pretty: Boolean(process.stdout.isTTY) && !shell,
  });

  // 2. Knowledge and its index.
  const knowledge = await loadKnowledge(config.knowledgeDir);
  const index = buildIndex(knowledge);

  // 3. No Slack credentials: the local shell.
  if (shell) {
    await runShell({
      index: () => index,
      input: process.stdin,
      output: process.stdout,
      interactive: Boolean(process.stdin.isTTY),
      random: Math.random,
    });
    return;
  }

  // 4. The Slack app and its listeners; the daily tip shares the app's Web API client.
  const now = () => new Date();
  const schedule = createSchedule(config.tips.schedule, config.tips.timezone);
  const tipStore = fileTipStore({
    dir: path.join(config.dataDir, 'tips'),
    onCorrupt: (file, error) =>
      logger.error({ err: error, file }, 'daily tip: corrupt rotation file set aside; rebuilding it'),
  });
  let dailyTip: DailyTip | undefined;
  const slack = createSlackApp({
    config,
    deps: {
      index: () => index,
      feedback: fileFeedbackStore(config.dataDir),
      seenEvents: recentSet(10_000),
      threads: recentSet(10_000),
      logger,
      random: Math.random,
      now,
      todaysTip: async () => {
        const tip = await dailyTip?.todaysTip(now());
        return tip && renderTip(tip, index.knowledge, { daily: true });
      },
    },
  });
  const { channel } = config.tips;
  if (channel !== undefined) {
    dailyTip = createDailyTip({
      client: slack.app.client,
      store: tipStore,
      channel,
      schedule,
      graceMinutes: config.tips.graceMinutes,
      index: () => index,
      logger,
      seed: channel,
    });
  }

  // 5. Start: Slack first, then the tip scheduler.
  const { port } = await slack.start();
  const scheduler: TipScheduler | undefined =
    dailyTip &&
    startTipScheduler({ dailyTip, schedule, graceMinutes: config.tips.graceMinutes, now, logger });
  logger.info(
    {
      transport: config.transport,
      port,
      notes: knowledge.notes.length,
      sections: knowledge.sections.size,
      tipChannel: channel ?? null,
    },
    'kubecon-bot is running',
  );
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    Promise.resolve(scheduler?.stop())
      .then(() => slack.stop())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'error while shutting down');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof KnowledgeErrors;
  process.stderr.write(`kubecon-bot could not start: ${known ? (error as Error).message : String(error)}\n`);
  if (!known) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
  process.exitCode = 1;
});
