import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalSlack } from '../src/local-slack/local-slack.js';
import { healthDuringHostileReload } from './hostile-reload.js';
import { benchIndex, type KnowledgeFigures, repeated, timedLoad } from './knowledge.js';
import { CORPUS_QUERIES, headingQueries } from './queries.js';
import { benchSlashCommands, type SlackFigures } from './slack.js';
import { startToReady } from './startup.js';
import { median, ms } from './stats.js';

/**
 * `npm run bench [-- --quick]` measures, in one run, and writes bench/results.md:
 * 1. knowledge: parse and index time, heap, answer latency p50/p99, on the report, each corpus, and the
 *    corpora 4x over; and the time from process start to ready on the largest folder, cold and warm;
 * 2. `/healthz` latency while a reload parses hostile note files (they parse in worker threads);
 * 3. the Slack path: signed /kubecon requests over HTTP at fixed rates against the bot and a bare Bolt app.
 * Speed is measured here, never asserted in tests: the machines are shared and noisy.
 */

const quick = process.argv.includes('--quick');
const root = path.join(import.meta.dirname, '..');
const shared = path.join(root, '..', 'shared');
/** The corpora; --quick takes one small part of one, to finish in under a minute. */
const CORPORA: Record<string, string> = quick
  ? { 'opentelemetry docs/concepts': path.join(shared, 'corpus/opentelemetry.io/content/en/docs/concepts') }
  : {
      linkerd: path.join(shared, 'corpus/linkerd-website/linkerd.io/content'),
      opentelemetry: path.join(shared, 'corpus/opentelemetry.io/content/en'),
    };
const REPEATS = quick ? 1 : 3;
const RATES = quick ? [50] : [50, 200, 500];
const SECONDS = quick ? 4 : 20;
const log = (line: string) => process.stdout.write(`${line}\n`);

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

/** The hand-written corpus questions plus 300 drawn from the corpus's own headings (a quarter with typos). */
const corpusQueries = (knowledge: { sections: ReadonlyMap<string, { heading: string }> }) => [
  ...CORPUS_QUERIES,
  ...headingQueries(
    [...knowledge.sections.values()].map((s) => s.heading),
    quick ? 40 : 300,
  ),
];

const reportQueries = (
  JSON.parse(await readFile(path.join(root, 'tests/eval/queries.json'), 'utf8')).queries as { q: string }[]
).map((q) => q.q);
const lines = [
  '# Benchmarks',
  '',
  `${new Date().toISOString().slice(0, 16)}Z, Node ${process.version}, ${process.platform}/${process.arch}, ${quick ? 'quick run (`--quick`)' : `index and answer figures are medians of ${REPEATS} runs`}; ` +
    'parse times are one cold load, the ×4 row, start-to-ready and each Slack row one run (a Slack row is ' +
    'thousands of requests). The app under test runs in its own process; the load generator and the fake ' +
    'Slack share the other core.',
  '',
  '## Knowledge',
  '',
  '| knowledge | notes | sections | parse ms | index ms | heap MB | answer p50 ms | answer p99 ms |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
];
const row = (k: KnowledgeFigures) =>
  `| ${k.name} | ${k.notes} | ${k.sections} | ${k.parseMs === undefined ? '(copies)' : ms(k.parseMs)} | ${ms(k.indexMs)} | ${k.heapMb.toFixed(0)} | ${ms(k.queryP50Ms)} | ${ms(k.queryP99Ms)} |`;
const add = (line: string) => {
  lines.push(line);
  log(line);
};

const report = await timedLoad(path.join(root, 'knowledge'));
add(row(await medianOf(() => benchIndex('trip report', report.knowledge, reportQueries, 5, 20, report.ms))));
const loaded = [];
for (const [name, dir] of Object.entries(CORPORA)) {
  const corpus = await timedLoad(dir);
  loaded.push(corpus.knowledge);
  add(
    row(
      await medianOf(() =>
        benchIndex(name, corpus.knowledge, corpusQueries(corpus.knowledge), quick ? 1 : 3, 3, corpus.ms),
      ),
    ),
  );
}
if (!quick) {
  const both = {
    ...loaded[0],
    notes: loaded.flatMap((k) => k.notes),
    sections: new Map(loaded.flatMap((k) => [...k.sections])),
  };
  const fourTimes = repeated(both as (typeof loaded)[number], 4);
  add(row(benchIndex('both corpora ×4', fourTimes, corpusQueries(both as (typeof loaded)[number]), 1, 3)));
}

const fake = await new LocalSlack().start();
lines.push(
  '',
  `## Start to ready (\`npm start\`, HTTP mode, on ${quick ? 'the report' : 'both corpora and the report: the largest folder'})`,
  '',
);
lines.push('| start | ms to /readyz 200 |', '|---|---:|');
const big = await mkdtemp(path.join(tmpdir(), 'kubecon-bench-knowledge-'));
if (!quick)
  for (const [name, dir] of Object.entries(CORPORA)) await cp(dir, path.join(big, name), { recursive: true });
await cp(path.join(root, 'knowledge'), big, { recursive: true });
const dataDir = await mkdtemp(path.join(tmpdir(), 'kubecon-bench-data-'));
add(
  `| cold (nothing cached) | ${ms(await startToReady(fake, big, dataDir, path.join(dataDir, 'cache', 'notes.json')))} |`,
);
add(
  `| warm (notes and index cached in DATA_DIR) | ${ms(median(await Promise.all([0].map(() => startToReady(fake, big, dataDir)))))} |`,
);
await rm(big, { recursive: true, force: true });

lines.push(
  '',
  '## `/healthz` during a hostile reload (SIGHUP after a 700-level list, 5,000 `>`, a binary and a slow note land in the folder)',
  '',
  '| probes | reload ms | rejected files | p50 ms | p99 ms | max ms |',
  '|---:|---:|---:|---:|---:|---:|',
);
const hostile = await healthDuringHostileReload(fake, path.join(root, 'knowledge'));
add(
  `| ${hostile.probes} | ${ms(hostile.reloadMs)} | ${hostile.rejected} | ${ms(hostile.p50Ms)} | ${ms(hostile.p99Ms)} | ${ms(hostile.maxMs)} |`,
);
log(`/healthz p99 during a hostile reload: ${ms(hostile.p99Ms)} ms (target: under 100 ms)`);

lines.push(
  '',
  `## Slack path (signed \`/kubecon\` over HTTP for ${SECONDS} s at each rate, against the local fake Slack)`,
  '',
);
lines.push(
  '| target | rate /s | requests | acks/s | acks < 3 s | ack p50 ms | ack p99 ms | answered | answer p50 ms | answer p99 ms |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
);
const slackRow = (s: SlackFigures) =>
  `| ${s.target} | ${s.rate} | ${s.requests} | ${s.throughput.toFixed(0)} | ${(s.under3s * 100).toFixed(1)}% | ${ms(s.ackP50Ms)} | ${ms(s.ackP99Ms)} | ${s.answered === undefined ? '–' : `${(s.answered * 100).toFixed(1)}%`} | ${s.answerP50Ms === undefined ? '–' : ms(s.answerP50Ms)} | ${s.answerP99Ms === undefined ? '–' : ms(s.answerP99Ms)} |`;
const ratios: string[] = [];
for (const rate of RATES) {
  const bot = await benchSlashCommands(
    'kubecon-bot',
    fake,
    path.join(root, 'knowledge'),
    reportQueries,
    rate,
    SECONDS,
  );
  const bare = await benchSlashCommands(
    'bare Bolt',
    fake,
    path.join(root, 'knowledge'),
    reportQueries,
    rate,
    SECONDS,
  );
  add(slackRow(bot));
  add(slackRow(bare));
  ratios.push(
    `- ${rate}/s: throughput ${(bot.throughput / bare.throughput).toFixed(2)}× bare Bolt, ack p99 ${(bot.ackP99Ms / bare.ackP99Ms).toFixed(2)}× bare Bolt's.`,
  );
}
lines.push('', 'kubecon-bot against the bare Bolt app (same run):', '', ...ratios);
for (const r of ratios) log(r);
await fake.stop();

const out = path.join(import.meta.dirname, quick ? 'results.quick.md' : 'results.md');
await mkdir(path.dirname(out), { recursive: true });
await writeFile(out, `${lines.join('\n')}\n`);
log(`written to ${path.relative(root, out)}`);
