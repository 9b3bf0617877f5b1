import { config as loadDotenv } from 'dotenv';
import { createSlackApp } from './app.js';
import { parseConfig } from './config.js';
import { ConfigError, KnowledgeErrors } from './errors.js';
import { loadKnowledge } from './knowledge/load.js';
import { createLogger } from './logger.js';
import { buildIndex } from './search/search-index.js';
import { runShell } from './shell/shell.js';
import { fileFeedbackStore } from './stores/feedback-store.js';
import { recentSet } from './stores/recent-set.js';

/**
 * The composition root, read top to bottom: config -> knowledge -> index -> app -> listeners -> start.
 * The only module that reads process.env and starts servers.
 */

async function main(): Promise<void> {
  // 1. Configuration: .env (if any) under the real environment, checked into a typed Config.
  loadDotenv({ quiet: true });
  const config = parseConfig(process.env);
  const secrets = [config.slack.botToken, config.slack.appToken, config.slack.signingSecret].filter(
    (s): s is string => s !== undefined,
  );
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

  // 4. The Slack app and its listeners.
  const slack = createSlackApp({
    config,
    deps: {
      index: () => index,
      feedback: fileFeedbackStore(config.dataDir),
      seenEvents: recentSet(10_000),
      threads: recentSet(10_000),
      logger,
      random: Math.random,
      now: () => new Date(),
    },
  });

  // 5. Start.
  const { port } = await slack.start();
  logger.info(
    { transport: config.transport, port, notes: knowledge.notes.length, sections: knowledge.sections.size },
    'kubecon-bot is running',
  );
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    slack.stop().then(
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
