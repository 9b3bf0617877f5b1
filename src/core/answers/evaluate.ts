import * as z from 'zod/mini';
import '../schema.js';
import type { SearchIndex } from '../search/search-index.js';
import { answerQuestion } from './answer.js';

/**
 * Scoring a relevance set: each case is a query and the heading its top result should have (a
 * case-insensitive substring), a list of acceptable ones (`any`), `"@overview"` when the question asks
 * for the whole of the knowledge, or `null` when the bot should decline. `context` is the earlier
 * question of the thread, for follow-ups.
 */

/** The expectation that the answer is an overview, not a section. */
export const OVERVIEW = '@overview';

export const RelevanceSetSchema = z.object({
  about: z.optional(z.string()),
  queries: z.array(
    z.object({
      q: z.string(),
      context: z.optional(z.string()),
      expect: z.optional(z.nullable(z.string())),
      any: z.optional(z.array(z.string())),
    }),
  ),
});

export type RelevanceSet = z.infer<typeof RelevanceSetSchema>;

export interface CaseResult {
  readonly q: string;
  readonly context?: string;
  readonly top: string | null;
  readonly declined: boolean;
  readonly headings: readonly string[];
  readonly expected: readonly string[] | null;
  /** 1-based rank of the first acceptable result; 0 when none (or, for a no-match case, when declined). */
  readonly rank: number;
  readonly correct: boolean;
  /** `sections`, `overview` or `declined`. */
  readonly kind: string;
  /** Answered, but with the wrong section (or an overview where a section was expected, or vice versa). */
  readonly wrong: boolean;
  /** Declined although the set expects an answer. */
  readonly falseDecline: boolean;
}

export interface Summary {
  readonly cases: number;
  readonly answerable: number;
  readonly noMatch: number;
  readonly top1: number;
  readonly top3: number;
  readonly mrr: number;
  readonly correctDeclines: number;
  /** Share of all cases handled right: top-1 for answerable, declined for no-match. */
  readonly accuracy: number;
  /** Answerable cases answered with the wrong section, and no-match cases answered at all. */
  readonly wrongAnswers: number;
  /** Answerable cases declined. */
  readonly falseDeclines: number;
}

/** Runs every case of the set against the index. */
export function evaluate(index: SearchIndex, set: RelevanceSet): { summary: Summary; results: CaseResult[] } {
  const results = set.queries.map((c): CaseResult => {
    const answer = answerQuestion(index, c.q, {
      excerpts: false,
      ...(c.context !== undefined && { context: c.context }),
    });
    const headings = answer.results.map((r) => r.heading);
    const expected = c.any ?? (c.expect === null || c.expect === undefined ? null : [c.expect]);
    const fits = (h: string) =>
      expected?.some((e) =>
        e === OVERVIEW
          ? answer.kind === 'overview'
          : answer.kind === 'sections' && h.toLowerCase().includes(e.toLowerCase()),
      ) ?? false;
    const rank = headings.findIndex(fits) + 1;
    const correct = expected === null ? answer.declined : rank === 1;
    return {
      q: c.q,
      ...(c.context !== undefined && { context: c.context }),
      top: headings[0] ?? null,
      declined: answer.declined,
      headings: headings.slice(0, 3),
      expected,
      rank,
      correct,
      kind: answer.kind,
      wrong: !correct && !answer.declined,
      falseDecline: expected !== null && answer.declined,
    };
  });
  const answerable = results.filter((r) => r.expected !== null);
  const noMatch = results.filter((r) => r.expected === null);
  const share = (n: number, of: number) => (of === 0 ? 1 : Math.round((n / of) * 1000) / 1000);
  return {
    summary: {
      cases: results.length,
      answerable: answerable.length,
      noMatch: noMatch.length,
      top1: share(answerable.filter((r) => r.rank === 1).length, answerable.length),
      top3: share(answerable.filter((r) => r.rank >= 1 && r.rank <= 3).length, answerable.length),
      mrr: share(
        answerable.reduce((sum, r) => sum + (r.rank > 0 ? 1 / r.rank : 0), 0),
        answerable.length,
      ),
      correctDeclines: share(noMatch.filter((r) => r.declined).length, noMatch.length),
      accuracy: share(results.filter((r) => r.correct).length, results.length),
      wrongAnswers: results.filter((r) => r.wrong).length,
      falseDeclines: results.filter((r) => r.falseDecline).length,
    },
    results,
  };
}

/** A set's scores as text, with every miss: what `npm run eval` prints for one set, under `label`. */
export function formatEvaluation(label: string, summary: Summary, results: readonly CaseResult[]): string {
  const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
  const lines = [
    `${label}: ${summary.cases} cases (${summary.answerable} answerable, ${summary.noMatch} no-match)`,
    `top-1 ${pct(summary.top1)}  top-3 ${pct(summary.top3)}  MRR ${summary.mrr.toFixed(3)}  correct declines ${pct(summary.correctDeclines)}  overall ${pct(summary.accuracy)}`,
    `wrong answers ${summary.wrongAnswers}  false declines ${summary.falseDeclines}`,
  ];
  const misses = results.filter((r) => !r.correct);
  if (misses.length > 0) lines.push('misses:');
  for (const r of misses) {
    const wanted = r.expected === null ? 'decline' : r.expected.join(' | ');
    const got = r.declined ? 'declined' : r.kind === 'overview' ? 'overview' : r.headings.join(' | ');
    const after = r.context === undefined ? '' : ` (after "${r.context}")`;
    lines.push(`  "${r.q}"${after}: wanted ${wanted}, got ${got}`);
  }
  return lines.join('\n');
}
