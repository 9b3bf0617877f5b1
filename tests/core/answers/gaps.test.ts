import { describe, expect, it } from 'vitest';
import { GAPS_TEXT } from '../../../src/core/answers/copy.js';
import { gapLines, gapReport, renderGaps } from '../../../src/core/answers/gaps.js';
import { messageViolations } from '../../../src/core/answers/limits.js';
import type { DeclinedQuestion, Vote } from '../../../src/core/stores.js';
import { reportIndex } from '../../helpers.js';

const asked = (query: string): DeclinedQuestion => ({ query, source: 'command', at: 't' });
const vote = (sectionId: string, value: Vote['value']): Vote => ({ sectionId, query: 'q', value, at: 't' });

describe('gapReport', () => {
  it('groups declined questions by their words, most asked first', async () => {
    const { knowledge } = await reportIndex();
    const report = gapReport(
      [asked('Kafka?'), asked('kafka'), asked('helm charts'), asked('KAFKA!'), asked('  ')],
      [],
      knowledge,
    );
    expect(report.questions).toEqual([
      { query: 'Kafka?', count: 3 },
      { query: 'helm charts', count: 1 },
    ]);
  });

  it('lists only sections with a 👎, the worst net rating first, by heading', async () => {
    const { knowledge } = await reportIndex();
    const id = 'kubecon-2019-barcelona#service-meshes';
    const report = gapReport(
      [],
      [
        vote(id, 'unhelpful'),
        vote(id, 'unhelpful'),
        vote(id, 'helpful'),
        vote('gone#x', 'unhelpful'),
        vote('gone#x', 'unhelpful'),
        vote('ok#y', 'helpful'),
      ],
      knowledge,
    );
    expect(report.sections).toEqual([
      { sectionId: 'gone#x', heading: 'gone#x', helpful: 0, unhelpful: 2 },
      { sectionId: id, heading: 'Service Meshes', helpful: 1, unhelpful: 2 },
    ]);
  });

  it('says "none yet" for an empty report, and renders inside Slack’s limits', async () => {
    const { knowledge } = await reportIndex();
    const empty = gapReport([], [], knowledge);
    expect(gapLines(empty).filter((l) => l === GAPS_TEXT.none)).toHaveLength(2);
    const many = gapReport(
      Array.from({ length: 500 }, (_, i) => asked(`question ${i} ${'x'.repeat(300)}`)),
      [],
      knowledge,
    );
    expect(many.questions).toHaveLength(10);
    expect(messageViolations(renderGaps(many))).toEqual([]);
  });
});
