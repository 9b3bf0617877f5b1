import path from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { type Config, configWarnings, parseConfig } from './config.js';
import { renderTip } from './core/answers/tip-message.js';
import { ConfigError, KnowledgeErrors } from './core/errors.js';
import { memoryNoteCache } from './core/knowledge/note-cache.js';
import type { TipStore } from './core/stores.js';
import { createSchedule, type TipSchedule } from './core/tips/schedule.js';
import { createLogger, type Logger, secretsOf } from './logger.js';
import { opsRoutes, startOpsServer } from './ops/health.js';
import { inFlight as createInFlight } from './ops/in-flight.js';
import { createMetrics } from './ops/metrics.js';
import { createQuestions } from './ops/questions.js';
import { loadIndex, NOTES_CACHE, readNoteCache } from './runtime/knowledge-cache.js';
import { createKnowledgeHolder, type KnowledgeHolder, watchKnowledge } from './runtime/knowledge-holder.js';
import { startTipScheduler } from './runtime/tip-scheduler.js';
import { runShell } from './shell/shell.js';
import { createSlackApp, type SlackApp } from './slack/app.js';
import { createDailyTip, type DailyTip } from './slack/daily-tip.js';
import { createDeps } from './slack/listeners/deps.js';
import { createStores } from './stores/create-stores.js';

/**
 * The composition root, read top to bottom: config -> knowledge -> index -> app -> listeners -> scheduler
 * -> start -> shutdown. The only module that reads process.env, starts servers and timers, and handles signals.
 */

/** Shutdown must finish within Kubernetes' default grace period; answers in flight get most of it. */
const DRAIN_MS = 7000;
const HARD_EXIT_MS = 9500;

async function main(): Promise<void> {
  // 1. Configuration: .env (if any) under the real environment, checked into a typed Config.
  // DOTENV_CONFIG_PATH points elsewhere (the tests point it nowhere, so a developer's .env never leaks in).
  loadDotenv({ quiet: true, path: process.env.DOTENV_CONFIG_PATH ?? '.env' });
  const config = parseConfig(process.env);
  const shell = config.transport === 'shell';
  const logger = createLogger({
    level: shell ? 'warn' : config.logLevel,
    secrets: secretsOf(config),
    pretty: Boolean(process.stdout.isTTY) && !shell,
  });
  const now = () => new Date();
  for (const warning of configWarnings(config, now())) logger.warn(warning);
  const metrics = createMetrics();

  // 2. Knowledge and its index, live: reloaded when the folder changes or on SIGHUP.
  const cacheDir = shell ? undefined : path.join(config.dataDir, 'cache');
  const noteCache = cacheDir ? await readNoteCache(path.join(cacheDir, NOTES_CACHE)) : memoryNoteCache();
  const initial = await loadIndex(config.knowledgeDir, noteCache, cacheDir, logger);
  metrics.knowledge(initial.knowledge.notes.length, initial.knowledge.sections.size);
  const knowledge = createKnowledgeHolder({
    dir: config.knowledgeDir,
    initial,
    cache: noteCache,
    ...(cacheDir !== undefined && { cacheDir }),
    logger,
    now,
    onReload: (outcome, index) => {
      metrics.reload(outcome.ok ? 'ok' : 'error');
      metrics.knowledge(index.knowledge.notes.length, index.knowledge.sections.size);
    },
  });
  // 3. No Slack credentials: the local shell.
  if (shell) {
    // The shell writes nothing to disk: a try-out on a fresh clone leaves the clone as it was.
    const questions = createQuestions({
      index: knowledge.index,
      metrics,
      gaps: createStores(config, { logger, memory: true }).gaps,
      recordUsers: false,
      logger,
      now,
    });
    await runShell({
      index: knowledge.index,
      ask: (q) => questions.ask(q, 'shell'),
      input: process.stdin,
      output: process.stdout,
      interactive: Boolean(process.stdin.isTTY),
      random: Math.random,
    });
    return;
  }

  // 4. State: in Redis when REDIS_URL is set (several replicas), else in files under DATA_DIR.
  const stores = createStores(config, { logger });
  await stores
    .connect()
    .catch((error: unknown) =>
      logger.error({ error: String(error) }, 'redis: not reachable at start; retrying'),
    );

  // 5. The Slack app and its listeners; the daily tip shares the app's Web API client.
  let dailyTip: DailyTip | undefined;
  const inFlight = createInFlight();
  const deps = createDeps({
    index: knowledge.index,
    stores,
    metrics,
    access: config.access,
    logger,
    now,
    random: Math.random,
    todaysTip: async () => {
      const tip = await dailyTip?.todaysTip(now());
      return tip && renderTip(tip, knowledge.index().knowledge, { daily: true });
    },
  });
  const startedAt = now();
  let slack: SlackApp | undefined;
  const routes = opsRoutes(
    metrics,
    () => readiness(config, knowledge, slack, stores.redisStatus()),
    startedAt,
  );
  slack = createSlackApp({ config, deps, inFlight, routes });
  const schedule = createSchedule(config.tips.schedule, config.tips.timezone);
  dailyTip = createTipRunner(config, schedule, slack, knowledge, stores.tips, logger);

  // 6. Start: Slack, the health server (Socket Mode), the scheduler, the knowledge watcher.
  const { port } = await slack.start();
  const opsServer =
    config.transport === 'socket' ? await startOpsServer(routes, config.healthPort, config.host) : undefined;
  const scheduler =
    dailyTip &&
    startTipScheduler({
      dailyTip,
      schedule,
      graceMinutes: config.tips.graceMinutes,
      now,
      logger,
      onOutcome: (outcome) => outcome.kind === 'posted' && metrics.tipPosted(),
    });
  const watcher = config.watchKnowledge ? watchKnowledge(config.knowledgeDir, knowledge, logger) : undefined;
  process.on('SIGHUP', () => void knowledge.reload());
  logger.info(
    {
      transport: config.transport,
      port: port ?? opsServer?.port,
      knowledge: initial.knowledge.version,
      sections: initial.knowledge.sections.size,
      tipChannel: config.tips.channel ?? null,
    },
    'kubecon-bot is running',
  );

  // 7. Graceful shutdown: stop taking work, finish answers in flight, stop timers, close connections.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => {
      logger.error({ signal }, 'shutdown took too long; exiting');
      process.exit(1);
    }, HARD_EXIT_MS).unref();
    logger.info({ signal, inFlight: inFlight.count }, 'shutting down');
    const finished = await inFlight.drain(DRAIN_MS);
    if (!finished) logger.warn({ inFlight: inFlight.count }, 'answers still in flight at shutdown');
    watcher?.close();
    await scheduler?.stop();
    await Promise.allSettled([slack?.stop(), opsServer?.close()]);
    await stores.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

/** The daily tip, when a tip channel is configured. */
function createTipRunner(
  config: Config,
  schedule: TipSchedule,
  slack: SlackApp,
  knowledge: KnowledgeHolder,
  store: TipStore,
  logger: Logger,
): DailyTip | undefined {
  const { channel } = config.tips;
  if (channel === undefined) return undefined;
  return createDailyTip({
    client: slack.app.client,
    store,
    channel,
    schedule,
    graceMinutes: config.tips.graceMinutes,
    index: knowledge.index,
    logger,
    seed: channel,
  });
}

/** Ready: knowledge loaded, Slack usable (Socket Mode: connected) and, with REDIS_URL, Redis connected. */
function readiness(
  config: Config,
  knowledge: KnowledgeHolder,
  slack: SlackApp | undefined,
  redisStatus?: string,
) {
  const { knowledge: k } = knowledge.index();
  const status = slack?.status() ?? { connected: false, lastEventAt: null };
  return {
    ready: status.connected && (redisStatus === undefined || redisStatus === 'ready'),
    knowledge: {
      version: k.version,
      notes: k.notes.length,
      sections: k.sections.size,
      tips: k.tips.length,
      loadedAt: knowledge.loadedAt().toISOString(),
    },
    slack: { transport: config.transport, ...status },
    ...(redisStatus !== undefined && { redis: { status: redisStatus } }),
  };
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof KnowledgeErrors;
  process.stderr.write(`kubecon-bot could not start: ${known ? (error as Error).message : String(error)}\n`);
  if (!known) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
  process.exitCode = 1;
});
