import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { config as loadDotenv } from 'dotenv';
import { type Config, parseConfig } from './config.js';
import { answerQuestion } from './core/answers/answer.js';
import { renderAnswer } from './core/answers/blocks.js';
import { evaluate, RelevanceSetSchema } from './core/answers/evaluate.js';
import { gapLines, gapReport } from './core/answers/gaps.js';
import { messageToTerminal, mrkdwnToTerminal } from './core/answers/terminal.js';
import { ConfigError, KnowledgeErrors } from './core/errors.js';
import { buildIndex } from './core/search/search-index.js';
import type { TipStore } from './core/stores.js';
import { createSchedule } from './core/tips/schedule.js';
import type { Knowledge } from './core/types.js';
import { createLogger, type Logger, secretsOf } from './logger.js';
import { loadKnowledge } from './runtime/knowledge-files.js';
import { createDailyTip, type TipOutcome } from './slack/daily-tip.js';
import { createWebClient } from './slack/web-client.js';
import { createStores, type Stores } from './stores/create-stores.js';

/**
 * The command line: `ask`, `eval`, `check`, `tip` and `gaps`. Arguments in, text or JSON out; errors are caught once,
 * at the bottom, and turned into a message and an exit code.
 */

const EVAL_DIR = fileURLToPath(new URL('../tests/eval/', import.meta.url));
const SHARED_EVAL_SET = fileURLToPath(new URL('../../shared/eval/queries.json', import.meta.url));

/**
 * The relevance sets `eval` runs without a FILE: the project's own (queries.json first, so `--json`
 * without a FILE reads as before), then the rest of tests/eval, then ../shared's when it is there.
 */
async function defaultEvalSets(): Promise<string[]> {
  const own = (await readdir(EVAL_DIR)).filter((f) => f.endsWith('.json')).sort();
  const ordered = ['queries.json', ...own.filter((f) => f !== 'queries.json')].map((f) =>
    path.join(EVAL_DIR, f),
  );
  const shared = await readFile(SHARED_EVAL_SET, 'utf8').then(
    () => [SHARED_EVAL_SET],
    () => [],
  );
  return [...ordered, ...shared];
}

/** Which part of the relevance work a set is: tuned on, or held back (never tuned on). */
function evalPart(file: string): string {
  return path.basename(file).startsWith('held-back') ? 'held back, never tuned on' : 'tuning';
}

type Print = (text: string) => void;

/** Runs one command; returns the exit code. */
export async function runCli(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  print: Print,
): Promise<number> {
  const [command, ...rest] = argv;
  const json = rest.includes('--json');
  const args = rest.filter((a) => a !== '--json');
  const config = parseConfig(env);
  // Warnings and errors of the stores and the Slack client go to standard error, never into the output.
  const logger = createLogger({
    level: 'warn',
    secrets: secretsOf(config),
    pretty: false,
    destination: process.stderr,
  });
  const knowledge = await loadKnowledge(config.knowledgeDir);
  switch (command) {
    case 'ask': {
      const answer = answerQuestion(buildIndex(knowledge), args.join(' '));
      const message = renderAnswer(answer);
      print(json ? JSON.stringify({ ...answer, message }, null, 2) : messageToTerminal(message));
      return 0;
    }
    case 'eval': {
      const index = buildIndex(knowledge);
      const files = args.length > 0 ? args : await defaultEvalSets();
      const runs = [];
      for (const file of files) {
        const set = RelevanceSetSchema.parse(JSON.parse(await readFile(file, 'utf8')));
        runs.push({ file, part: evalPart(file), ...evaluate(index, set) });
      }
      const [first] = runs;
      if (json && first)
        print(JSON.stringify({ summary: first.summary, results: first.results, sets: runs }, null, 2));
      else print(runs.map((r) => formatEval(`${r.file} (${r.part})`, r.summary, r.results)).join('\n\n'));
      return 0;
    }
    case 'check': {
      const sections = knowledge.notes.reduce((n, note) => n + note.sections.length, 0);
      const { lexicon } = knowledge;
      print(
        `ok: ${knowledge.notes.length} notes, ${sections} sections, ${knowledge.topics.length} topics, ${knowledge.tips.length} tips, lexicon of ${lexicon.abbreviations.length} abbreviations and ${lexicon.related.length} related terms in ${config.knowledgeDir}`,
      );
      return 0;
    }
    case 'tip':
      return withStores(config, logger, print, (stores) =>
        tipCommand(config, knowledge, stores.tips, logger, args, print),
      );
    case 'gaps':
      return withStores(config, logger, print, async ({ gaps, feedback }) => {
        const report = gapReport(await gaps.list(), await feedback.list(), knowledge);
        print(json ? JSON.stringify(report, null, 2) : mrkdwnToTerminal(gapLines(report).join('\n')));
        return 0;
      });
    default:
      print(
        'usage: cli.ts ask [--json] <question> | eval [--json] [FILE] | check | tip --next | tip --post | gaps [--json]',
      );
      return 2;
  }
}

/** Runs `fn` with the bot's stores (Redis with REDIS_URL, else DATA_DIR), closing them afterwards. */
async function withStores<T>(
  config: Config,
  logger: Logger,
  print: Print,
  fn: (stores: Stores) => Promise<T>,
): Promise<T> {
  const onCorrupt = (where: string) =>
    print(`note: the tip rotation state was corrupt; set aside as ${where}`);
  const stores = createStores(config, { logger, onCorrupt });
  await stores.connect();
  try {
    return await fn(stores);
  } finally {
    await stores.close();
  }
}

async function tipCommand(
  config: Config,
  knowledge: Knowledge,
  store: TipStore,
  logger: Logger,
  args: readonly string[],
  print: Print,
): Promise<number> {
  const schedule = createSchedule(config.tips.schedule, config.tips.timezone);
  const index = buildIndex(knowledge);
  const channel = config.tips.channel;
  const client = createWebClient(config.slack, logger);
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

function formatEval(
  file: string,
  summary: ReturnType<typeof evaluate>['summary'],
  results: ReturnType<typeof evaluate>['results'],
): string {
  const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
  const lines = [
    `${path.relative(process.cwd(), file) || file}: ${summary.cases} cases (${summary.answerable} answerable, ${summary.noMatch} no-match)`,
    `top-1 ${pct(summary.top1)}  top-3 ${pct(summary.top3)}  MRR ${summary.mrr.toFixed(3)}  correct declines ${pct(summary.correctDeclines)}  overall ${pct(summary.accuracy)}`,
    `wrong answers ${summary.wrongAnswers}  false declines ${summary.falseDeclines}`,
  ];
  const misses = results.filter((r) => !r.correct);
  if (misses.length > 0) lines.push('misses:');
  for (const r of misses) {
    const wanted = r.expected === null ? 'decline' : r.expected.join(' | ');
    const got = r.declined ? 'declined' : r.kind === 'overview' ? 'overview' : r.headings.join(' | ');
    lines.push(
      `  "${r.q}"${r.context === undefined ? '' : ` (after "${r.context}")`}: wanted ${wanted}, got ${got}`,
    );
  }
  return lines.join('\n');
}

const isMain =
  process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]);
if (isMain) {
  // DOTENV_CONFIG_PATH points elsewhere (the tests point it nowhere, so a developer's .env never leaks in).
  loadDotenv({ quiet: true, path: process.env.DOTENV_CONFIG_PATH ?? '.env' });
  runCli(process.argv.slice(2), process.env, (t) => process.stdout.write(`${t}\n`)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const known = error instanceof KnowledgeErrors || error instanceof ConfigError;
      process.stderr.write(
        `${known ? (error as Error).message : String((error as Error)?.stack ?? error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
