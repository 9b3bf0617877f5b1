import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchKnowledge, type KnowledgeFigures } from './knowledge.js';
import { benchSlashCommands, type SlackFigures } from './slack.js';
import { median, ms } from './stats.js';

/**
 * `npm run bench [-- --quick]`: knowledge and Slack-path benchmarks, each repeated, medians reported, written
 * to bench/results.md. Speed is measured here, never asserted in tests: the machines are shared and noisy.
 */

const quick = process.argv.includes('--quick');
const root = path.join(import.meta.dirname, '..');
const knowledgeDir = path.join(root, 'knowledge');
const queries = (
  JSON.parse(readFileSync(path.join(root, 'tests/eval/queries.json'), 'utf8')).queries as { q: string }[]
).map((q) => q.q);
const repeats = quick ? 1 : 5;

/** Runs a benchmark `repeats` times and keeps the median of every numeric figure. */
async function medianOf<T extends object>(run: () => Promise<T>): Promise<T> {
  const results: T[] = [];
  for (let i = 0; i < repeats; i++) results.push(await run());
  const first = results[0] as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(first).map(([key, value]) => [
      key,
      typeof value === 'number' ? median(results.map((r) => (r as Record<string, number>)[key] ?? 0)) : value,
    ]),
  ) as T;
}

const lines: string[] = [
  '# Benchmarks',
  '',
  `Run ${new Date().toISOString().slice(0, 16)}Z on Node ${process.version}, ${process.platform}/${process.arch}; ${quick ? 'quick run (1 repeat)' : `median of ${repeats} repeats`} of each row.`,
  '',
  '## Knowledge',
  '',
  '| knowledge | notes | sections | load + parse ms | index build ms | heap MB | answer p50 ms | answer p99 ms |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
];
const k: KnowledgeFigures = await medianOf(() =>
  benchKnowledge('trip report', knowledgeDir, queries, quick ? 3 : 10, quick ? 5 : 20),
);
lines.push(
  `| ${k.name} | ${k.notes} | ${k.sections} | ${ms(k.loadMs)} | ${ms(k.indexMs)} | ${k.heapMb.toFixed(1)} | ${ms(k.queryP50Ms)} | ${ms(k.queryP99Ms)} |`,
);
process.stdout.write(`${lines.at(-1)}\n`);

lines.push('', '## Slack path (HTTP, signed /kubecon, local fake Slack)', '');
lines.push(
  '| rate /s | requests | acks < 3 s | ack p50 ms | ack p99 ms | answer p50 ms | answer p99 ms |',
  '|---:|---:|---:|---:|---:|---:|---:|',
);
for (const rate of quick ? [50] : [50, 200]) {
  const s: SlackFigures = await medianOf(() =>
    benchSlashCommands(knowledgeDir, queries, rate, quick ? 100 : 500),
  );
  lines.push(
    `| ${s.rate} | ${s.requests} | ${(s.under3s * 100).toFixed(1)}% | ${ms(s.ackP50Ms)} | ${ms(s.ackP99Ms)} | ${ms(s.answerP50Ms)} | ${ms(s.answerP99Ms)} |`,
  );
  process.stdout.write(`${lines.at(-1)}\n`);
}

const out = path.join(import.meta.dirname, 'results.md');
writeFileSync(out, `${lines.join('\n')}\n`);
process.stdout.write(`written to ${path.relative(root, out)}\n`);
