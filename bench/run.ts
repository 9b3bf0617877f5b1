import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Knowledge } from '../src/core/types.js';
import { LocalSlack } from '../src/local-slack/local-slack.js';
import { type FaultFigures, faultOptions, soakFaults } from './faults.js';
import { healthDuringHostileReload } from './hostile-reload.js';
import { benchIndex, type KnowledgeFigures, repeated, timedLoad } from './knowledge.js';
import { CORPUS_QUERIES, headingQueries } from './queries.js';
import { type ReferenceFigures, referenceSearch } from './reference.js';
import { benchSlashCommands, type SlackFigures } from './slack.js';
import { buildIfStale, CLI_COMMANDS, cliMs, coldAndWarm, largestFolder } from './startup.js';
import { median, ms } from './stats.js';

/**
 * `npm run bench [-- --quick] [--json] [--only search|startup|hostile|slack|faults] [--corpus NAME] [--rate N]`
 * measures, in one run:
 * 1. search: parse and index time, heap, answer latency p50/p99 on the report, each corpus and the corpora
 *    4x over, beside FlexSearch's document index over the same sections and questions (the reference);
 * 2. startup: `node dist/main.js` start to ready on the report and on the largest folder (the corpora and the
 *    report), cold and warm; each command line on the report; parse time per note file on one core;
 * 3. hostile: `/healthz` latency while a reload parses hostile note files (they parse in worker threads);
 * 4. slack: signed /kubecon requests over HTTP at fixed rates against the bot and a bare Bolt app: the acks,
 *    the answers (in the ack, or posted to a response URL served by bench/response-sink.ts), CPU per request;
 * 5. faults: a soak run in Socket Mode with Redis (bench/faults.ts): refreshes, a Slack outage, a Redis
 *    outage and a Redis data wipe under steady traffic; what was acked, answered, recorded and posted.
 * A full run writes bench/results.md (--quick: results.quick.md); --json prints the figures as JSON on
 * standard output (the tables go to standard error). Speed is measured here, never asserted in tests.
 */

const PARTS = ['search', 'startup', 'hostile', 'slack', 'faults'] as const;
type Part = (typeof PARTS)[number];

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    only: { type: 'string', multiple: true },
    corpus: { type: 'string', multiple: true },
    rate: { type: 'string', multiple: true },
  },
  strict: true,
});
const quick = args.quick;
const root = path.join(import.meta.dirname, '..');
const corpusRoot = path.join(root, '..', 'shared', 'corpus');

/** Where a corpus keeps its pages (beside its licence and site code); any other folder is read whole. */
const CONTENT: Record<string, string> = {
  'linkerd-website': 'linkerd.io/content',
  'opentelemetry.io': 'content/en',
};
/** --quick: one small part of one corpus, to finish in under a minute. */
const QUICK_CORPUS = { 'opentelemetry.io/docs/concepts': 'opentelemetry.io/content/en/docs/concepts' };
const REPEATS = quick ? 1 : 3;
const RATES = selectedRates(args.rate) ?? (quick ? [50] : [50, 200, 500]);
const SECONDS = quick ? 4 : 20;

const parts = selectedParts(args.only);
const corpora = await selectedCorpora(args.corpus);
const complete = args.only === undefined && args.corpus === undefined && args.rate === undefined;
/** Tables and progress: standard output, or standard error when standard output carries the JSON. */
const say = (line: string) => (args.json ? process.stderr : process.stdout).write(`${line}\n`);

/** The figures of this run, as --json prints them (times in milliseconds). */
const figures = {
  at: new Date().toISOString(),
  node: process.version,
  quick,
  repeats: REPEATS,
  search: [] as SearchRow[],
  startup: [] as { start: 'cold' | 'warm'; knowledge: string; ms: number }[],
  cli: [] as { command: string; ms: number }[],
  parse: [] as { corpus: string; files: number; msPerFile: number }[],
  hostile: [] as Awaited<ReturnType<typeof healthDuringHostileReload>>[],
  slack: [] as SlackRow[],
  faults: [] as FaultFigures[],
};
interface SearchRow {
  corpus: string;
  notes: number;
  sections: number;
  parseMs?: number;
  indexMs: number;
  heapMb: number;
  /** Typed arrays' memory, outside heapMb (the frozen postings and score caches live there). */
  arrayBuffersMb: number;
  p50: number;
  p99: number;
  /** The slowest single answer, the first after the build included (median of the runs' slowest). */
  max: number;
  reference: ReferenceFigures;
}
interface SlackRow {
  rate: number;
  requests: number;
  ackP50: number;
  ackP99: number;
  under3s: number;
  answered?: number;
  /** From sending the request to the answer's arrival (in the ack, or at the response URL). */
  answerP50?: number;
  answerP99?: number;
  /** CPU time per request (Linux), in µs: the bot's, and bare Bolt's under `bare`. */
  cpuUsPerRequest?: number;
  bare: { ackP50: number; ackP99: number; under3s: number; cpuUsPerRequest?: number };
}

const lines = [
  '# Benchmarks',
  '',
  `${figures.at.slice(0, 16)}Z, Node ${process.version}, ${process.platform}/${process.arch}, ${quick ? 'quick run (`--quick`)' : `index and answer figures are medians of ${REPEATS} runs`}; ` +
    'parse times are one cold load, the ×4 row, start-to-ready and each Slack row one run (a Slack row is ' +
    'thousands of requests). The app under test runs in its own process; the load generator and the fake ' +
    'Slack share the other core.',
];
const add = (line: string) => {
  lines.push(line);
  say(line);
};

if (parts.includes('search')) await benchSearch();
const fake = await new LocalSlack().start();
if (parts.includes('startup')) await benchStartup(fake);
if (parts.includes('hostile')) await benchHostile(fake);
if (parts.includes('slack')) await benchSlack(fake);
if (parts.includes('faults')) await benchFaults(fake);
await fake.stop();

if (complete) {
  const out = path.join(import.meta.dirname, quick ? 'results.quick.md' : 'results.md');
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${lines.join('\n')}\n`);
  say(`written to ${path.relative(root, out)}`);
} else say('(a partial run: bench/results.md left as it was)');
if (args.json) process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);

/** --only, checked: every part when absent. */
function selectedParts(only: readonly string[] | undefined): readonly Part[] {
  if (only === undefined) return PARTS;
  const unknown = only.filter((p) => !(PARTS as readonly string[]).includes(p));
  if (unknown.length > 0) usage(`--only takes ${PARTS.join(', ')} (not ${unknown.join(', ')})`);
  return only as Part[];
}

/** --corpus NAME (a folder under ../shared/corpus, or `report`), checked: every corpus when absent. */
async function selectedCorpora(names: readonly string[] | undefined): Promise<Record<string, string>> {
  const available = (await readdir(corpusRoot, { withFileTypes: true }).catch(() => []))
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  const all = ['report', ...available];
  if (names === undefined)
    return quick
      ? { report: contentDir('report'), ...relative(QUICK_CORPUS) }
      : Object.fromEntries(all.map((name) => [name, contentDir(name)]));
  const unknown = names.filter((n) => !all.includes(n));
  if (unknown.length > 0) usage(`--corpus takes ${all.join(', ')} (not ${unknown.join(', ')})`);
  return Object.fromEntries(names.map((name) => [name, contentDir(name)]));
}

/** A corpus's folder of pages; the report is the shipped knowledge. */
function contentDir(name: string): string {
  return name === 'report' ? path.join(root, 'knowledge') : path.join(corpusRoot, name, CONTENT[name] ?? '');
}

function relative(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, path.join(corpusRoot, v)]));
}

/** --rate, checked: the Slack path's request rates (per second); the defaults when absent. */
function selectedRates(rates: readonly string[] | undefined): number[] | undefined {
  if (rates === undefined) return undefined;
  const bad = rates.filter((r) => !/^[1-9]\d*$/.test(r));
  if (bad.length > 0) usage(`--rate takes a whole number of requests per second (not ${bad.join(', ')})`);
  return rates.map(Number);
}

function usage(problem: string): never {
  process.stderr.write(`bench: ${problem}\n`);
  process.exit(2);
}

/** Median of each numeric figure over `REPEATS` runs. */
async function medianOf<T extends object>(run: () => Promise<T> | T): Promise<T> {
  const results: T[] = [];
  for (let i = 0; i < REPEATS; i++) results.push(await run());
  const first = results[0] as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(first).map(([key, value]) => [
      key,
      typeof value === 'number' ? median(results.map((r) => (r as Record<string, number>)[key] ?? 0)) : value,
    ]),
  ) as T;
}

/** The report's relevance questions, or for a corpus its hand-written questions plus some of its headings. */
async function questionsFor(name: string, knowledge: Knowledge): Promise<string[]> {
  if (name === 'report') return reportQuestions();
  const headings = [...knowledge.sections.values()].map((s) => s.heading);
  return [...CORPUS_QUERIES, ...headingQueries(headings, quick ? 40 : 300)];
}

/** The project's relevance questions for the trip report. */
async function reportQuestions(): Promise<string[]> {
  const file = path.join(root, 'tests/eval/queries.json');
  return (JSON.parse(await readFile(file, 'utf8')).queries as { q: string }[]).map((q) => q.q);
}

/** One search row: the bot's search and answer, and the reference engine, on the same questions. */
async function searchRow(name: string, knowledge: Knowledge, questions: string[], parseMs?: number) {
  const small = knowledge.sections.size < 100;
  const builds = quick || parseMs === undefined ? 1 : 3;
  const rounds = small ? 20 : 3;
  const measured: KnowledgeFigures =
    parseMs === undefined
      ? benchIndex(name, knowledge, questions, builds, rounds)
      : await medianOf(() => benchIndex(name, knowledge, questions, small ? 5 : builds, rounds, parseMs));
  const reference = referenceSearch(knowledge, questions, rounds);
  const row: SearchRow = {
    corpus: name,
    notes: measured.notes,
    sections: measured.sections,
    ...(measured.parseMs !== undefined && { parseMs: measured.parseMs }),
    indexMs: measured.indexMs,
    heapMb: measured.heapMb,
    arrayBuffersMb: measured.arrayBuffersMb,
    p50: measured.queryP50Ms,
    p99: measured.queryP99Ms,
    max: measured.queryMaxMs,
    reference,
  };
  figures.search.push(row);
  add(
    `| ${name} | ${row.notes} | ${row.sections} | ${row.parseMs === undefined ? '(copies)' : ms(row.parseMs)} | ${ms(row.indexMs)} | ${row.heapMb.toFixed(0)} | ${row.arrayBuffersMb.toFixed(0)} | ${ms(row.p50)} | ${ms(row.p99)} | ${ms(row.max)} | ${ms(reference.p50)} | ${ms(reference.p99)} |`,
  );
}

/** The search table: each selected corpus, then (full runs) the corpora four times over. */
async function benchSearch() {
  lines.push('', '## Search', '');
  lines.push(
    "Answer latency is the whole answer (search, confidence, excerpt). The reference is FlexSearch's " +
      'default document index over the same sections and questions in the same run: candidates only, no ' +
      'confidence rule or excerpt. Answer max is the slowest single answer, the first one after the index ' +
      'is built included: how long a question can block the event loop.',
    '',
  );
  add(
    '| knowledge | notes | sections | parse ms | index ms | heap MB | typed arrays MB | answer p50 ms | answer p99 ms | answer max ms | FlexSearch p50 ms | FlexSearch p99 ms |',
  );
  add('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const loaded: Knowledge[] = [];
  for (const [name, dir] of Object.entries(corpora)) {
    const { knowledge, ms: parseMs } = await timedLoad(dir);
    await searchRow(name, knowledge, await questionsFor(name, knowledge), parseMs);
    if (name !== 'report') loaded.push(knowledge);
  }
  if (quick || loaded.length === 0) return;
  const [first] = loaded as [Knowledge];
  const all: Knowledge = {
    ...first,
    notes: loaded.flatMap((k) => k.notes),
    sections: new Map(loaded.flatMap((k) => [...k.sections])),
  };
  const name = `${loaded.length > 1 ? 'the corpora' : 'the corpus'} ×4`;
  await searchRow(name, repeated(all, 4), await questionsFor(name, all));
}

/**
 * Start to ready (`node dist/main.js`, built first when stale) on the report and on the largest folder, cold
 * and warm; the command lines on the report; the parse time per note file on one core.
 */
async function benchStartup(local: LocalSlack) {
  buildIfStale();
  const names = Object.keys(corpora);
  const knowledge = names.join(' + ');
  lines.push('', `## Start-up (compiled: \`node dist/main.js\`, HTTP mode; medians of ${REPEATS} runs)`, '');
  add('| knowledge | cold ms to /readyz 200 | warm ms (notes and index cached in DATA_DIR) |');
  add('|---|---:|---:|');
  const folders: [string, string][] = [['report', path.join(root, 'knowledge')]];
  const big = names.some((n) => n !== 'report')
    ? await largestFolder(corpora, path.join(root, 'knowledge'))
    : undefined;
  if (big) folders.push([knowledge, big]);
  try {
    for (const [name, dir] of folders) {
      const { cold, warm } = await coldAndWarm(local, dir, REPEATS);
      figures.startup.push(
        { start: 'cold', knowledge: name, ms: cold },
        { start: 'warm', knowledge: name, ms: warm },
      );
      add(`| ${name} | ${ms(cold)} | ${ms(warm)} |`);
    }
  } finally {
    if (big) await rm(big, { recursive: true, force: true });
  }
  lines.push(
    '',
    '`node dist/cli.js …` on the report, spawn to exit (`npm run` adds about 0.2 s of its own):',
    '',
  );
  add('| command | ms |');
  add('|---|---:|');
  for (const args of CLI_COMMANDS) {
    const command = args.map((a) => (a.includes(' ') ? JSON.stringify(a) : a)).join(' ');
    const cli = await cliMs(args, REPEATS);
    figures.cli.push({ command, ms: cli });
    add(`| ${command} | ${ms(cli)} |`);
  }
  lines.push('', 'Parsing, one core (this process, no worker pool), every note file of each folder:', '');
  add('| knowledge | files | ms per file |');
  add('|---|---:|---:|');
  for (const [name, dir] of Object.entries(corpora)) {
    if (name === 'report') continue;
    const { knowledge: loaded, ms: total } = await timedLoad(dir);
    const files = loaded.notes.length + new Set((loaded.rejected ?? []).map((r) => r.file)).size;
    figures.parse.push({ corpus: name, files, msPerFile: total / files });
    add(`| ${name} | ${files} | ${ms(total / files)} |`);
  }
}

/** `/healthz` latency while a reload parses hostile note files. */
async function benchHostile(local: LocalSlack) {
  lines.push(
    '',
    '## `/healthz` during a hostile reload (SIGHUP after a 700-level list, 5,000 `>`, a binary and a slow note land in the folder)',
    '',
  );
  add('| probes | reload ms | rejected files | p50 ms | p99 ms | max ms |');
  add('|---:|---:|---:|---:|---:|---:|');
  const hostile = await healthDuringHostileReload(local, path.join(root, 'knowledge'));
  figures.hostile.push(hostile);
  add(
    `| ${hostile.probes} | ${ms(hostile.reloadMs)} | ${hostile.rejected} | ${ms(hostile.p50Ms)} | ${ms(hostile.p99Ms)} | ${ms(hostile.maxMs)} |`,
  );
  say(`/healthz p99 during a hostile reload: ${ms(hostile.p99Ms)} ms (target: under 100 ms)`);
}

/** The Slack path at each rate, the bot and a bare Bolt app taking the load in turns (bench/slack.ts). */
async function benchSlack(local: LocalSlack) {
  lines.push(
    '',
    `## Slack path (signed \`/kubecon\` over HTTP for ${SECONDS} s at each rate to each target, in turns of one second, against the local Slack)`,
    '',
  );
  add(
    '| target | rate /s | requests | acks/s | acks < 3 s | ack p50 ms | ack p99 ms | answered | answer p50 ms | answer p99 ms | CPU µs / request |',
  );
  add('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const knowledgeDir = path.join(root, 'knowledge');
  const questions = await reportQuestions();
  buildIfStale(); // the bot runs from dist/, as in production
  const ratios: string[] = [];
  for (const rate of RATES) {
    const { bot, bare } = await benchSlashCommands(local, knowledgeDir, questions, rate, SECONDS);
    add(slackRow(bot));
    add(slackRow(bare));
    figures.slack.push({
      rate,
      requests: bot.requests,
      ackP50: bot.ackP50Ms,
      ackP99: bot.ackP99Ms,
      under3s: bot.under3s,
      ...(bot.answered !== undefined && { answered: bot.answered }),
      ...(bot.answerP50Ms !== undefined && { answerP50: bot.answerP50Ms }),
      ...(bot.answerP99Ms !== undefined && { answerP99: bot.answerP99Ms }),
      ...(bot.cpuUsPerRequest !== undefined && { cpuUsPerRequest: bot.cpuUsPerRequest }),
      bare: {
        ackP50: bare.ackP50Ms,
        ackP99: bare.ackP99Ms,
        under3s: bare.under3s,
        ...(bare.cpuUsPerRequest !== undefined && { cpuUsPerRequest: bare.cpuUsPerRequest }),
      },
    });
    ratios.push(
      `- ${rate}/s: throughput ${(bot.throughput / bare.throughput).toFixed(2)}× bare Bolt, ack p99 ${(bot.ackP99Ms / bare.ackP99Ms).toFixed(2)}× bare Bolt's.`,
    );
  }
  lines.push('', 'kubecon-bot against the bare Bolt app (same run):', '', ...ratios);
  for (const r of ratios) say(r);
}

function slackRow(s: SlackFigures): string {
  const answered = s.answered === undefined ? '–' : `${(s.answered * 100).toFixed(1)}%`;
  const p50 = s.answerP50Ms === undefined ? '–' : ms(s.answerP50Ms);
  const p99 = s.answerP99Ms === undefined ? '–' : ms(s.answerP99Ms);
  const cpu = s.cpuUsPerRequest === undefined ? '–' : s.cpuUsPerRequest.toFixed(0);
  return `| ${s.target} | ${s.rate} | ${s.requests} | ${s.throughput.toFixed(0)} | ${(s.under3s * 100).toFixed(1)}% | ${ms(s.ackP50Ms)} | ${ms(s.ackP99Ms)} | ${answered} | ${p50} | ${p99} | ${cpu} |`;
}

/** The soak run: faults in sequence under steady traffic, one table of what survived them. */
async function benchFaults(local: LocalSlack) {
  const options = faultOptions(quick);
  lines.push(
    '',
    `## Faults (soak: ${options.refreshes} refreshes, Slack away ${options.slackOutageMs / 1000} s, Redis down ${options.redisOutageMs / 1000} s, Redis wiped; Socket Mode, one run)`,
    '',
  );
  const f = await soakFaults(local, path.join(root, 'knowledge'), options, say);
  figures.faults.push(f);
  add('| figure | value |');
  add('|---|---:|');
  for (const [name, value] of faultRows(f)) add(`| ${name} | ${value} |`);
}

/** The soak's figures as table rows, in the order a reader checks them. */
function faultRows(f: FaultFigures): [string, string | number][] {
  const s = (value: number) => `${(value / 1000).toFixed(1)} s`;
  return [
    ['/kubecon sent to the bot', f.commands.sent],
    ['… acked', f.commands.acked],
    ['… answered in the ack', f.commands.answered],
    ['… acked late (> 3 s)', f.commands.late],
    ['… never acked (lost)', f.commands.lost],
    ['worst ack, whole run', `${ms(f.commands.worstAckMs)} ms`],
    [`worst ack around the ${f.refreshes.count} refreshes`, `${ms(f.commands.worstAckAroundRefreshesMs)} ms`],
    ['worst time to replace a refreshed connection', `${ms(f.refreshes.worstReplaceMs)} ms`],
    [
      '/kubecon typed during the Slack outage (Slack would show the user its own error)',
      f.commands.duringSlackOutage,
    ],
    ['/kubecon typed after Slack came back, before the bot reconnected (same)', f.commands.beforeReconnect],
    ['/kubecon typed with no connection open outside the outage', f.commands.noConnection],
    [
      'mentions sent (redelivered by "Slack" a second time)',
      `${f.mentions.sent} (${f.mentions.redelivered})`,
    ],
    ['… answered in thread', f.mentions.answered],
    ['… answered twice (duplicate replies)', f.mentions.duplicateReplies],
    ['mentions typed during the Slack outage (not sent)', f.mentions.duringSlackOutage],
    ['👍 votes sent', f.votes.sent],
    ['… acknowledged to the voter', f.votes.acknowledged],
    ['… of those recorded in Redis', f.votes.recorded],
    ['votes recorded twice', f.votes.recordedTwice],
    ['knowledge-gap questions acked', f.gaps.acked],
    ['… of those recorded in Redis', f.gaps.recorded],
    ['gap records written twice', f.gaps.recordedTwice],
    ['daily tips posted (due every 10 s, one a day allowed)', f.tipsPosted],
    ['Slack outage survived', s(f.slackOutageMs)],
    ['… from Slack back to both connections open and ready', s(f.slackReconnectMs)],
    ['Redis outage survived', s(f.redisOutageMs)],
    ['… most records waiting in the outbox during it', f.outboxPeak],
    ['… from Redis back to the outbox drained', s(f.outboxDrainMs)],
    ['bot still running before SIGTERM', f.botAlive ? 'yes' : 'no'],
    ['unhandled rejections logged', f.unhandledRejections],
    ['exit code on SIGTERM', String(f.exitCode)],
  ];
}
