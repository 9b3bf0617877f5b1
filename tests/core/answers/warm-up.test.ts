import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../src/core/answers/answer.js';
import { WARM_UP, warmUp, warmUpQuestions } from '../../../src/core/answers/warm-up.js';
import { buildIndex } from '../../../src/core/search/search-index.js';
import { reportIndex } from '../../helpers.js';

describe('the warm-up an index gets when put in service', () => {
  it('takes the paths real questions take: words as written, a typo, steps, a comparison, a decline', async () => {
    const index = await reportIndex();
    const questions = warmUpQuestions(index.knowledge);
    const [written, typo] = questions.map((q) => index.search(q));
    expect(written?.confident).toBe(true);
    // The typo is a typo of the heading's longest word: found, as a correction of it.
    expect(typo?.terms).not.toEqual(written?.terms);
    expect(typo?.confident).toBe(true);
    expect(questions[2]).toMatch(/^how do i /);
    expect(questions[3]).toMatch(/^\S+ vs \S+$/);
    expect(questions[4]).toMatch(/^what is .+\?$/);
    expect(answerQuestion(index, questions.at(-1) ?? '').declined).toBe(true);
  });

  it('asks about up to WARM_UP.headings headings, spread over the sections', async () => {
    const index = await reportIndex();
    const asked = (knowledge: typeof index.knowledge) =>
      warmUpQuestions(knowledge).filter((q) => [...knowledge.sections.values()].some((s) => s.heading === q));
    // The report's ten sections: each heading that has a word of five letters.
    expect(asked(index.knowledge)).toHaveLength(
      [...index.knowledge.sections.values()].filter((s) => /\p{L}{5}/u.test(s.heading)).length,
    );
    const many = new Map(
      Array.from({ length: 100 }, (_, i) => [`s${i}`, { heading: `Section number${i}` }] as const),
    );
    const large = { ...index.knowledge, sections: many } as unknown as typeof index.knowledge;
    expect(asked(large)).toHaveLength(WARM_UP.headings);
    expect(asked(large).at(-1)).toBe('Section number90');
  });

  it('works on knowledge without sections', async () => {
    const { knowledge } = await reportIndex();
    const empty = buildIndex({ ...knowledge, notes: [], sections: new Map() });
    expect(warmUpQuestions(empty.knowledge)).toEqual(['qqzx']);
    expect(() => warmUp(empty)).not.toThrow();
  });
});
