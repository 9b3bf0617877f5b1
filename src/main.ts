import { config as loadDotenv } from 'dotenv';
import { type Config, configWarnings, parseConfig } from './config.js';
import { warmUpSteps } from './core/answers/warm-up.js';
import { ConfigError, KnowledgeErrors } from './core/errors.js';
import type { SearchIndex } from './core/search/search-index.js';
import type { TipStore } from './core/stores.js';
import { createSchedule, type TipSchedule } from './core/tips/schedule.js';
import type { Clock } from './core/types.js';
import { chooseFrontEnd, stdinKind } from './local-slack/front-end.js';
import type { LocalRun } from './local-slack/start.js';
import { createLogger, type Logger, prettyDestination, secretsOf } from './logger.js';
import { opsRoutes, startOpsServer } from './ops/health.js';
import { inFlight as createInFlight, type InFlight } from './ops/in-flight.js';
import { createMetrics, type Metrics } from './ops/metrics.js';
import { readinessOf } from './ops/readiness.js';
import { createAnswerThread } from './runtime/answer-thread.js';
import {
  type KnowledgeHolder,
  openKnowledge,
  type ReloadOutcome,
  watchKnowledge,
} from './runtime/knowledge-holder.js';
import { cacheDirOf } from './runtime/note-cache-file.js';
import { createParsePool } from './runtime/parse-pool.js';
import { startTipScheduler } from './runtime/tip-scheduler.js';
import type { SlackStatus } from './slack/app.js';
import { createDailyTip, type DailyTip, type TipOutcome } from './slack/daily-tip.js';
import { SlackFatalError } from './slack/fatal-error.js';
import { createDeps } from './slack/listeners/deps.js';
import { createStores, type Stores } from './stores/create-stores.js';

/**
 * The composition root, read top to bottom: config -> knowledge -> stores -> daily tip -> Slack app ->
 * start -> shutdown. The only module that reads process.env, starts servers and timers, and handles signals.
 * Bolt and the Web API client are imported with `import()` in step 2, not above: they take about half a
 * second to load, which then overlaps the knowledge's loading (its notes parse in worker threads).
 */

/** Shutdown must finish within Kubernetes' default grace period; answers in flight get most of it. */
const SHUTDOWN = { drainMs: 7000, hardExitMs: 9500 } as const;

/**
 * Warms an index one question per turn of the event loop (core/answers/warm-up.ts), so an answer that
 * arrives meanwhile waits for one warm-up question at most.
 */
function warmUpInTurns(index: SearchIndex): void {
  const steps = warmUpSteps(index);
  const next = () => {
    const step = steps.shift();
    if (step === undefined) return;
    step();
    setImmediate(next).unref();
  };
  setImmediate(next).unref();
}

/** How long after ready the first index is warmed (see core/answers/warm-up.ts). */
const START_WARM_UP_DELAY_MS = 1000;

async function main(): Promise<void> {
  // 1. Configuration (without Slack: the local Slack's), logs, clock, metrics.
  const { config, logger, local } = await configure();
  const now: Clock = () => new Date();
  keepServingOnRejection(logger);
  for (const warning of configWarnings(config, now())) logger.warn(warning);
  const metrics = createMetrics();

  // 2. The knowledge, live: reloaded when its folder changes or on SIGHUP; notes parse in worker threads,
  //    while this thread loads the Slack app's modules.
  const pool = createParsePool();
  const cacheDir = cacheDirOf(config.dataDir);
  // With ANSWER_WORKER, a worker thread makes the answers from its own copy of every index put in service.
  const answers = config.answerWorker ? createAnswerThread({ cacheDir, logger }) : undefined;
  const [knowledge, { createSlackApp, slackConnection }] = await Promise.all([
    openKnowledge({
      dir: config.knowledgeDir,
      cacheDir,
      pool,
      logger,
      now,
      onIndex: (index, outcome) => {
        countKnowledge(metrics, index, outcome);
        answers?.load(index);
        // A reload's index, warmed once in service (the first is warmed once Slack is connected, below).
        if (outcome?.ok) warmUpInTurns(index);
      },
    }),
    import('./slack/app.js'),
  ]);

  // 3. State (Redis with REDIS_URL, else files under DATA_DIR), and the daily tip when TIP_CHANNEL is set.
  const stores = createStores(config, { logger });
  await stores
    .connect()
    .catch((e: unknown) => logger.error({ error: String(e) }, 'redis: not reachable at start; retrying'));
  const schedule = createSchedule(config.tips.schedule, config.tips.timezone);
  const dailyTip = await createTipPoster(config, schedule, {
    store: stores.tips,
    rotationCopy: stores.rotationCopy,
    index: knowledge.index,
    metrics,
    logger,
  });

  // 4. The Slack app and its listeners, and the health and metrics routes.
  const todaysTip = dailyTip && (() => dailyTip.todaysMessage(now()));
  const { index } = knowledge;
  const deps = createDeps({
    index,
    stores,
    metrics,
    access: config.access,
    logger,
    now,
    random: Math.random,
    todaysTip,
    offThread: answers,
  });
  const connection = slackConnection();
  const ready = () => readiness(config, knowledge, connection.status(), stores);
  const routes = opsRoutes(metrics, ready, now());
  const inFlight = createInFlight();
  const slack = createSlackApp({ config, deps, inFlight, connection, onFatal: exitFatal(logger) });

  // 5. Health first, so /healthz answers (and /readyz says 503) while Slack is waited for: on HEALTH_PORT in
  //    Socket Mode, on PORT in HTTP mode (where the same server hands Slack's requests to the app).
  const opsServer =
    config.transport === 'socket'
      ? await startOpsServer(routes, config.healthPort, config.host)
      : await startOpsServer(routes, config.port, config.host, slack.handle);
  logger.info({ port: opsServer.port }, 'health checks are served; connecting to Slack');
  let scheduler: ReturnType<typeof startTipScheduler> | undefined;
  // The knowledge stays live while Slack is waited for: an edit or SIGHUP reloads it (SIGHUP would
  // otherwise end the process).
  const watcher = config.watchKnowledge ? watchKnowledge(config.knowledgeDir, knowledge, logger) : undefined;
  process.on('SIGHUP', () => void knowledge.reload());

  // 6. Graceful shutdown: stop taking work, finish answers in flight, stop timers, close connections.
  const shutdown = exitOnSignal(logger, inFlight, async () => {
    watcher?.close();
    await scheduler?.stop();
    await Promise.allSettled([slack.stop(), opsServer.close(), pool.close(), answers?.close()]);
    await local?.stop();
    await stores.close();
  });

  // 7. Slack (waiting out an outage; exit 1 with one line for what no retry fixes), then the tip scheduler.
  await slack.connect().catch(exitFatal(logger));
  if (!slack.status().connected) return; // stopped (a signal) while Slack was waited for
  const onOutcome = (outcome: TipOutcome) => outcome.kind === 'posted' && metrics.tipPosted();
  const graceMinutes = config.tips.graceMinutes;
  scheduler = dailyTip && startTipScheduler({ dailyTip, schedule, graceMinutes, now, logger, onOutcome });
  logRunning(logger, config, knowledge, opsServer.port);
  // The first questions on an index pay for compiling their code paths and, on a large one, for the
  // collector's sweep after the build: answered once the start has settled (a moment after ready, so the
  // warm-up never holds up /readyz; one question per turn, so it never holds up an answer), no one's does.
  setTimeout(() => warmUpInTurns(knowledge.index()), START_WARM_UP_DELAY_MS).unref();

  // 8. Without Slack: the playground page, or the shell (which stops the bot at the end of its input).
  await local?.run({ config, knowledge, schedule, ...(dailyTip && { dailyTip }), now }, () =>
    shutdown('end of input'),
  );
}

/**
 * The configuration (.env, if any, under the real environment) and a logger for it. Without Slack
 * credentials (or with --shell / --playground) the local Slack starts first and the configuration points at it.
 */
async function configure(): Promise<{ config: Config; logger: Logger; local?: LocalRun }> {
  // DOTENV_CONFIG_PATH points elsewhere (the tests point it nowhere, so a developer's .env never leaks in).
  loadDotenv({ quiet: true, path: process.env.DOTENV_CONFIG_PATH ?? '.env' });
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
  return { config, logger, ...(local && { local }) };
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

/** The daily tip's poster, with its own Web API client; none without TIP_CHANNEL. */
async function createTipPoster(
  config: Config,
  schedule: TipSchedule,
  parts: {
    store: TipStore;
    rotationCopy: Stores['rotationCopy'];
    index: () => SearchIndex;
    metrics: Metrics;
    logger: Logger;
  },
): Promise<DailyTip | undefined> {
  const { channel, graceMinutes } = config.tips;
  if (channel === undefined) return undefined;
  const { createWebClient } = await import('./slack/web-client.js'); // see the file's comment
  const { store, rotationCopy, index, metrics, logger } = parts;
  const client = createWebClient(config.slack, logger, { metrics });
  const readHistory = !config.access.mentionsOnly;
  return createDailyTip({
    client,
    store,
    rotationCopy,
    channel,
    schedule,
    graceMinutes,
    knowledge: () => index().knowledge,
    logger,
    seed: channel,
    readHistory,
  });
}

/** The line that says the bot is up (the tests and the benchmark wait for it, and read its port). */
function logRunning(logger: Logger, config: Config, knowledge: KnowledgeHolder, port: number | undefined) {
  const { version, sections } = knowledge.index().knowledge;
  logger.info(
    {
      transport: config.transport,
      port,
      knowledge: version,
      sections: sections.size,
      tipChannel: config.tips.channel ?? null,
    },
    'kubecon-bot is running',
  );
}

/** The knowledge's size and its reloads, in the metrics. */
function countKnowledge(metrics: Metrics, index: SearchIndex, outcome?: ReloadOutcome): void {
  if (outcome) metrics.reload(outcome.ok ? 'ok' : 'error');
  metrics.knowledge(index.knowledge.notes.length, index.knowledge.sections.size);
}

/**
 * The readiness rules (ops/readiness.ts) applied, with what `/readyz` shows of each dependency. The process
 * stays up (/healthz 200) while Slack is waited for.
 */
function readiness(config: Config, knowledge: KnowledgeHolder, slack: SlackStatus, stores: Stores) {
  const { knowledge: k } = knowledge.index();
  const redisStatus = stores.redisStatus();
  return {
    ...readinessOf({ slackConnected: slack.connected, redisStatus }),
    knowledge: {
      version: k.version,
      notes: k.notes.length,
      sections: k.sections.size,
      tips: k.tips.length,
      loadedAt: knowledge.loadedAt().toISOString(),
    },
    slack: { transport: config.transport, ...slack },
    ...(redisStatus !== undefined && { redis: { status: redisStatus, buffered: stores.buffered() } }),
  };
}

/**
 * A rejection nobody handled (a library's timer, a fire-and-forget call) is a bug to fix, not a reason to stop
 * answering: one line in the log (without the stack, which may quote a request), and the process serves on.
 */
function keepServingOnRejection(logger: Logger): void {
  process.on('unhandledRejection', (reason) => {
    const error = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
    logger.error({ error }, 'unhandled rejection (a bug): logged and ignored, still serving');
  });
}

/**
 * A problem no retry fixes (a rejected, revoked or wrong kind of token): its one line, then exit 1. Anything
 * else reaching here is a bug: one line too, never a stack trace in the log's place of a fix.
 */
function exitFatal(logger: Logger): (error: unknown) => never {
  return (error) => {
    if (error instanceof SlackFatalError) logger.fatal({ slack: error.problem.code }, error.message);
    else logger.fatal({ error: String(error) }, 'Slack connection failed unexpectedly');
    process.exit(1);
  };
}

/**
 * On SIGTERM or SIGINT: drain the work in flight, then `close`, then exit 0; exit 1 if it takes too long.
 * Returns the same shutdown, for a reason other than a signal.
 */
function exitOnSignal(logger: Logger, work: InFlight, close: () => Promise<void>): (why: string) => void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => {
      logger.error({ signal }, 'shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN.hardExitMs).unref();
    logger.info({ signal, inFlight: work.count }, 'shutting down');
    if (!(await work.drain(SHUTDOWN.drainMs)))
      logger.warn({ inFlight: work.count }, 'answers still in flight at shutdown');
    await close();
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  return (why) => void shutdown(why);
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof KnowledgeErrors;
  process.stderr.write(`kubecon-bot could not start: ${known ? (error as Error).message : String(error)}\n`);
  if (!known) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
  process.exitCode = 1;
});
