import type { SearchIndex } from '../search/search-index.js';
import type { Knowledge } from '../types.js';
import { answerQuestion } from './answer.js';
import { renderAnswer } from './blocks.js';

/**
 * Answers a few questions made from the knowledge itself and forgets the answers. The first questions on a
 * new index pay for what no later one does: compiling the code paths they take (words as written, a typo,
 * a decline) for sections of a new shape, and, on a large index, waiting for the garbage collector to
 * finish sweeping after the build (bench/results.md: 60–120 ms on the corpora ×4, then 2–5 ms). Run when
 * an index is put in service, so no one's question pays for it.
 */
export function warmUp(index: SearchIndex): void {
  for (const question of warmUpQuestions(index.knowledge)) renderAnswer(answerQuestion(index, question));
}

/**
 * A section's heading as written, the same with two letters of its longest word swapped (a typo), and a
 * word no note has (a decline).
 */
export function warmUpQuestions(knowledge: Knowledge): string[] {
  let heading = '';
  for (const section of knowledge.sections.values()) {
    heading = section.heading;
    if (/\p{L}{5}/u.test(heading)) break;
  }
  const longest = (heading.match(/\p{L}+/gu) ?? []).reduce((a, w) => (w.length > a.length ? w : a), '');
  const typo =
    longest.length >= 5 ? `${longest.slice(0, 2)}${longest[3]}${longest[2]}${longest.slice(4)}` : '';
  return [heading, heading.replace(longest, typo), 'qqzx'].filter((q) => q.trim() !== '');
}
