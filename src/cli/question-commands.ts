import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { answerQuestion } from '../core/answers/answer.js';
import { renderAnswer } from '../core/answers/blocks.js';
import { evaluate, formatEvaluation, RelevanceSetSchema } from '../core/answers/evaluate.js';
import { messageToTerminal } from '../core/answers/terminal.js';
import { buildIndex } from '../core/search/search-index.js';
import type { Knowledge } from '../core/types.js';
import { packageFile } from '../runtime/package-files.js';

/** `ask` and `eval`: the commands that build the search index (and load its English word list). */

type Print = (text: string) => void;

/** `ask`: one question's answer, as the terminal shows it or (`--json`) as data with its Block Kit message. */
export function askCommand(knowledge: Knowledge, question: string, json: boolean, print: Print): number {
  const answer = answerQuestion(buildIndex(knowledge), question);
  const message = renderAnswer(answer);
  print(json ? JSON.stringify({ ...answer, message }, null, 2) : messageToTerminal(message));
  return 0;
}

const EVAL_DIR = packageFile('tests', 'eval');
const SHARED_EVAL_SET = packageFile('..', 'shared', 'eval', 'queries.json');

/** `eval`: scores relevance sets; `--json` prints the first set's `{ summary, results }` (and every set). */
export async function evalCommand(
  knowledge: Knowledge,
  files: readonly string[],
  json: boolean,
  print: Print,
) {
  const index = buildIndex(knowledge);
  const runs = [];
  for (const file of files.length > 0 ? files : await defaultEvalSets()) {
    const set = RelevanceSetSchema.parse(JSON.parse(await readFile(file, 'utf8')));
    runs.push({ file, part: evalPart(file), ...evaluate(index, set) });
  }
  const [first] = runs;
  if (json && first)
    print(JSON.stringify({ summary: first.summary, results: first.results, sets: runs }, null, 2));
  else {
    const label = (file: string, part: string) => `${path.relative(process.cwd(), file) || file} (${part})`;
    print(runs.map((r) => formatEvaluation(label(r.file, r.part), r.summary, r.results)).join('\n\n'));
  }
  return 0;
}

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
