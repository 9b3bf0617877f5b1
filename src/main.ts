import path from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { createSlackApp, type SlackApp } from './app.js';
import { type Config, configWarnings, parseConfig } from './config.js';
import { ConfigError, KnowledgeErrors } from './errors.js';
import {
  createKnowledgeHolder,
  type KnowledgeHolder,
  loadIndex,
  NOTES_CACHE,
  watchKnowledge,
} from './knowledge/holder.js';
import { readNoteCache } from './knowledge/note-cache.js';
import { createDeps } from './listeners/deps.js';
import { chooseFrontEnd, stdinKind } from './local-slack/front-end.js';
import type { LocalRun } from './local-slack/start.js';
import { createLogger, type Logger, prettyDestination, secretsOf } from './logger.js';
import { opsRoutes, startOpsServer } from './ops/health.js';
import { inFlight as createInFlight } from './ops/in-flight.js';
import { createMetrics } from './ops/metrics.js';
import { fileFeedbackStore } from './stores/feedback-store.js';
import { fileGapStore } from './stores/gap-store.js';
import { createRedis } from './stores/redis-client.js';
import { redisStores } from './stores/redis-stores.js';
import { createDailyTip, type DailyTip } from './tips/daily-tip.js';
import { renderTip } from './tips/message.js';
import { createSchedule, type TipSchedule } from './tips/schedule.js';
import { startTipScheduler } from './tips/scheduler.js';
import { fileTipStore, type TipStore } from './tips/tip-store.js';

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
  // No Slack credentials (or --shell / --playground): the same bot against the built-in local Slack.
  const local = await startLocal(parseConfig(process.env));
  const config = parseConfig({ ...process.env, ...local?.env });
  // Readable lines in a terminal when pino-pretty is installed (development); JSON lines otherwise.
  const destination =
    local?.logging.destination ?? (process.stdout.isTTY ? await prettyDestination() : undefined);
  const logger = createLogger({
    level: local?.logging.level ?? config.logLevel,
    secrets: secretsOf(config),
    ...(destination !== undefined && { destination }),
  });
  const now = () => new Date();
  for (const warning of configWarnings(config, now())) logger.warn(warning);
  const metrics = createMetrics();

  // 2. Knowledge and its index, live: reloaded when the folder changes or on SIGHUP.
  const cacheDir = path.join(config.dataDir, 'cache');
  const noteCache = await readNoteCache(path.join(cacheDir, NOTES_CACHE));
  const initial = await loadIndex(config.knowledgeDir, noteCache, cacheDir, logger);
  metrics.knowledge(initial.knowledge.notes.length, initial.knowledge.sections.size);
  const knowledge = createKnowledgeHolder({
    dir: config.knowledgeDir,
    initial,
    cache: noteCache,
    cacheDir,
    logger,
    now,
    onReload: (outcome, index) => {
      metrics.reload(outcome.ok ? 'ok' : 'error');
      metrics.knowledge(index.knowledge.notes.length, index.knowledge.sections.size);
    },
  });
  // 4. State: in Redis when REDIS_URL is set (several replicas), else in files under DATA_DIR.
  const redis = config.redisUrl !== undefined ? createRedis(config.redisUrl, logger) : undefined;
  await redis
    ?.connect()
    .catch((error: unknown) =>
      logger.error({ error: String(error) }, 'redis: not reachable at start; retrying'),
    );
  const onCorrupt = (where: string, error: unknown) =>
    logger.error({ err: error, where }, 'daily tip: corrupt rotation state set aside; rebuilding it');
  const shared = redis && redisStores(redis, 'kubecon:', onCorrupt);
  const gaps = shared?.gaps ?? fileGapStore(config.dataDir);

  // 5. The Slack app and its listeners; the daily tip shares the app's Web API client.
  let dailyTip: DailyTip | undefined;
  const inFlight = createInFlight();
  const deps = createDeps({
    index: knowledge.index,
    feedback: shared?.feedback ?? fileFeedbackStore(config.dataDir),
    gaps,
    ...(shared && { seenEvents: shared.seenEvents, threads: shared.threads }),
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
  const routes = opsRoutes(metrics, () => readiness(config, knowledge, slack, redis?.status), startedAt);
  slack = createSlackApp({ config, deps, inFlight, routes });
  const schedule = createSchedule(config.tips.schedule, config.tips.timezone);
  const tipStore = shared?.tips ?? fileTipStore({ dir: path.join(config.dataDir, 'tips'), onCorrupt });
  dailyTip = createTipRunner(config, schedule, slack, knowledge, tipStore, logger);

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
    await local?.stop();
    await redis?.quit().catch(() => undefined);
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  await local?.run(
    { config, knowledge, schedule, ...(dailyTip && { dailyTip }), now },
    () => void shutdown('end of input'),
  );
}

/** The local Slack when `npm start` runs without Slack (never with NODE_ENV=production); undefined otherwise. */
async function startLocal(config: Config): Promise<LocalRun | undefined> {
  const frontEnd = chooseFrontEnd({
    args: process.argv.slice(2),
    hasCredentials: config.transport !== 'shell',
    production: process.env.NODE_ENV === 'production',
    stdin: stdinKind(Boolean(process.stdin.isTTY)),
  });
  if (frontEnd === 'slack') return undefined;
  // Loaded only here: a production process never loads the local Slack.
  const { startLocal: start } = await import('./local-slack/start.js');
  const { stdin, stdout, stderr } = process;
  return start({ frontEnd, env: process.env, config, stdin, stdout, stderr });
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
