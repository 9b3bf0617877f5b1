import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { config as loadDotenv } from 'dotenv';
import { answerQuestion } from './answers/answer.js';
import { renderAnswer } from './answers/blocks.js';
import { messageToTerminal } from './answers/terminal.js';
import { parseConfig } from './config.js';
import { ConfigError, KnowledgeErrors } from './errors.js';
import { loadKnowledge } from './knowledge/load.js';
import { evaluate, RelevanceSetSchema } from './search/evaluate.js';
import { buildIndex } from './search/search-index.js';

/**
 * The command line: `ask`, `eval`, `check`, `tip` and `gaps`. Arguments in, text or JSON out; errors are caught once,
 * at the bottom, and turned into a message and an exit code. `tip` and `gaps` live in `cli/` and are imported
 * when run, so a question does not pay for loading the Slack client, Redis or the logger.
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
      return (await import('./cli/tip-command.js')).tipCommand(config, knowledge, args, print);
    case 'gaps':
      return (await import('./cli/gaps-command.js')).gapsCommand(config, knowledge, json, print);
    default:
      print(
        'usage: cli.ts ask [--json] <question> | eval [--json] [FILE] | check | tip --next | tip --post | gaps [--json]',
      );
      return 2;
  }
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
