import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../src/core/answers/answer.js';
import { warmUp, warmUpQuestions } from '../../../src/core/answers/warm-up.js';
import { buildIndex } from '../../../src/core/search/search-index.js';
import { reportIndex } from '../../helpers.js';

describe('the warm-up an index gets when put in service', () => {
  it('takes the paths real questions take: words as written, a typo, a decline', async () => {
    const index = await reportIndex();
    const questions = warmUpQuestions(index.knowledge);
    expect(questions).toHaveLength(3);
    const [written, typo, stray] = questions.map((q) => index.search(q));
    expect(written?.confident).toBe(true);
    // The typo is a typo of the heading's longest word: found, as a correction of it.
    expect(typo?.terms).not.toEqual(written?.terms);
    expect(typo?.confident).toBe(true);
    expect(stray?.confident).toBe(false);
    expect(answerQuestion(index, questions[2] ?? '').declined).toBe(true);
  });

  it('works on knowledge without sections', async () => {
    const { knowledge } = await reportIndex();
    const empty = buildIndex({ ...knowledge, notes: [], sections: new Map() });
    expect(warmUpQuestions(empty.knowledge)).toEqual(['qqzx']);
    expect(() => warmUp(empty)).not.toThrow();
  });
});
