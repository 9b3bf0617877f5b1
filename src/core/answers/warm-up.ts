import type { SearchIndex } from '../search/search-index.js';
import type { Knowledge } from '../types.js';
import { answerQuestion } from './answer.js';
import { renderAnswer } from './blocks.js';

/**
 * Answers questions made from the knowledge itself and forgets the answers. The first questions on a
 * new index pay for what no later one does: compiling the code paths they take (words as written, a typo,
 * a request for steps, a comparison, a decline) for sections of a new shape, and, on a large index,
 * waiting for the garbage collector to finish sweeping after the build (bench/results.md: 60–120 ms on
 * the corpora ×4, then 2–5 ms). Run when an index is put in service, so no one's question pays for it.
 */
export const WARM_UP = {
  /**
   * Headings asked about, spread evenly over the sections. Three questions of one heading left most
   * paths to be compiled by real questions, in the background as they came: with sixteen, the Linkerd
   * corpus' answer p99 went from about 7 to 4-6 ms and its slowest answer from 17-26 to 9-12 ms (four
   * interleaved runs each, bench/results.md). On Linkerd its 81 questions take about 0.6 s of CPU, the
   * report's 46 about 70 ms; the bot asks one per turn of the event loop (warmUpSteps), so none holds up
   * an answer for longer than one question.
   */
  headings: 16,
} as const;

/** Answers every warm-up question at once (tests, the benchmark, the answer worker's own thread). */
export function warmUp(index: SearchIndex): void {
  for (const step of warmUpSteps(index)) step();
}

/** The warm-up as one step per question, for a caller that gives the event loop a turn between them. */
export function warmUpSteps(index: SearchIndex): (() => void)[] {
  return warmUpQuestions(index.knowledge).map((question) => () => {
    renderAnswer(answerQuestion(index, question));
  });
}

/**
 * For each of up to WARM_UP.headings headings spread over the sections: the heading as written, the same
 * with two letters of its longest word swapped (a typo), a request for steps, a comparison of its first
 * and last words, and a question about it; then a word no note has (a decline).
 */
export function warmUpQuestions(knowledge: Knowledge): string[] {
  const headings = [...knowledge.sections.values()]
    .map((s) => s.heading)
    .filter((heading) => /\p{L}{5}/u.test(heading));
  const step = Math.max(1, Math.floor(headings.length / WARM_UP.headings));
  const questions: string[] = [];
  for (let i = 0; i < headings.length && i / step < WARM_UP.headings; i += step) {
    const heading = headings[i] ?? '';
    const words = heading.match(/\p{L}+/gu) ?? [];
    const longest = words.reduce((a, w) => (w.length > a.length ? w : a), '');
    // Two different letters swapped, from the third on ("Logging": Loggnig, not the same word again).
    let at = 2;
    while (at < longest.length - 2 && longest[at] === longest[at + 1]) at++;
    const typo = `${longest.slice(0, at)}${longest[at + 1]}${longest[at]}${longest.slice(at + 2)}`;
    questions.push(
      heading,
      heading.replace(longest, typo),
      `how do i ${heading.toLowerCase()}`,
      `${words[0]} vs ${words.at(-1)}`,
      `what is ${heading}?`,
    );
  }
  return [...questions, 'qqzx'];
}
