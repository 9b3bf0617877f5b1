import { z } from 'zod';
import { answerQuestion } from '../answers/answer.js';
import type { SearchIndex } from './search-index.js';

/**
 * Scoring a relevance set: each case is a query and the heading its top result should have (a
 * case-insensitive substring), a list of acceptable ones (`any`), or `null` when the bot should decline.
 */

export const RelevanceSetSchema = z.object({
  about: z.string().optional(),
  queries: z.array(
    z.object({
      q: z.string(),
      expect: z.string().nullable().optional(),
      any: z.array(z.string()).optional(),
    }),
  ),
});

export type RelevanceSet = z.infer<typeof RelevanceSetSchema>;

export interface CaseResult {
  readonly q: string;
  readonly top: string | null;
  readonly declined: boolean;
  readonly headings: readonly string[];
  readonly expected: readonly string[] | null;
  /** 1-based rank of the first acceptable result; 0 when none (or, for a no-match case, when declined). */
  readonly rank: number;
  readonly correct: boolean;
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
}

/** Runs every case of the set against the index. */
export function evaluate(index: SearchIndex, set: RelevanceSet): { summary: Summary; results: CaseResult[] } {
  const results = set.queries.map((c): CaseResult => {
    const answer = answerQuestion(index, c.q);
    const headings = answer.results.map((r) => r.heading);
    const expected = c.any ?? (c.expect === null || c.expect === undefined ? null : [c.expect]);
    const fits = (h: string) => expected?.some((e) => h.toLowerCase().includes(e.toLowerCase())) ?? false;
    const rank = headings.findIndex(fits) + 1;
    return {
      q: c.q,
      top: headings[0] ?? null,
      declined: answer.declined,
      headings: headings.slice(0, 3),
      expected,
      rank,
      correct: expected === null ? answer.declined : rank === 1,
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
    },
    results,
  };
}
