import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerForSection, answerQuestion } from '../../../src/core/answers/answer.js';
import { ACTION, decodeValue, renderAnswer } from '../../../src/core/answers/blocks.js';
import { renderHelp, renderTopics } from '../../../src/core/answers/help.js';
import { renderHome } from '../../../src/core/answers/home.js';
import { LIMITS, messageViolations, withinLimits } from '../../../src/core/answers/limits.js';
import { renderTip } from '../../../src/core/answers/tip-message.js';
import { EMPTY_LEXICON } from '../../../src/core/knowledge/lexicon.js';
import { parseNote } from '../../../src/core/knowledge/parse-note.js';
import { buildIndex } from '../../../src/core/search/search-index.js';
import { tipPool } from '../../../src/core/tips/pool.js';
import type { Knowledge, SlackMessage } from '../../../src/core/types.js';
import { reportIndex, SHARED_DIR } from '../../helpers.js';

/** A note built to break every limit: huge paragraphs, lists, code, many talks, very long headings. */
async function hugeKnowledge(): Promise<Knowledge> {
  const talks = Array.from(
    { length: 40 },
    (_, i) => `[talk ${i} on ${'x'.repeat(90)}](https://www.youtube.com/watch?v=${i})`,
  );
  const source = [
    '---\ntitle: Huge\n---',
    `## ${'Very long heading about service mesh '.repeat(20)}`,
    `Service mesh ${'word '.repeat(8000)}. Sentence two about mesh.`,
    Array.from({ length: 300 }, (_, i) => `- item ${i} about the service mesh & <things>`).join('\n'),
    `\`\`\`\n${'code line with mesh\n'.repeat(500)}\`\`\``,
    talks.join(' and '),
    '## Tiny mesh',
    'Mesh.',
  ].join('\n\n');
  const note = await parseNote('huge.md', source, []);
  return {
    version: 'test',
    notes: [note],
    topics: [],
    tips: [],
    lexicon: EMPTY_LEXICON,
    sections: new Map(note.sections.map((s) => [s.id, s])),
  };
}

const queries = JSON.parse(readFileSync(path.join(SHARED_DIR, 'eval/queries.json'), 'utf8')).queries.map(
  (q: { q: string }) => q.q,
) as string[];
const odd = [
  '',
  '   ',
  '<!channel> <!here> <@U123> service mesh',
  'a'.repeat(50_000),
  '🙂🙃 emoji only',
  'DROP TABLE;--',
  '*_~`',
];

function expectWithinLimits(message: SlackMessage) {
  expect(messageViolations(message)).toEqual([]);
}

describe('Block Kit rendering', () => {
  it('keeps every answer to the report inside Slack’s limits, in every presentation and page', async () => {
    const index = await reportIndex();
    for (const query of [...queries, ...odd]) {
      const answer = answerQuestion(index, query);
      for (const controls of ['ephemeral', 'thread', 'shared'] as const) {
        for (let page = 0; page < Math.max(1, answer.results.length); page++) {
          expectWithinLimits(renderAnswer(answer, { controls, page, sharedBy: 'U1' }));
        }
      }
    }
  });

  it('keeps answers from huge sections inside the limits too', async () => {
    const knowledge = await hugeKnowledge();
    const index = buildIndex(knowledge);
    for (const query of ['service mesh', 'mesh', 'code line', 'item 299', 'sentence two']) {
      const answer = answerQuestion(index, query);
      expect(answer.declined).toBe(false);
      const message = renderAnswer(answer, { controls: 'ephemeral' });
      expectWithinLimits(message);
      expect(message.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
    }
    for (const id of knowledge.sections.keys()) {
      const answer = answerForSection(knowledge, id);
      if (answer) expectWithinLimits(renderAnswer(answer));
    }
    for (const tip of tipPool(knowledge)) expectWithinLimits(renderTip(tip, knowledge, { daily: true }));
  });

  it('keeps help, topics, tips and App Home inside the limits', async () => {
    const { knowledge } = await reportIndex();
    expectWithinLimits(renderHelp(knowledge));
    expectWithinLimits(renderTopics(knowledge));
    for (const tip of tipPool(knowledge)) expectWithinLimits(renderTip(tip, knowledge, { daily: true }));
    expect(renderHome(knowledge).blocks.length).toBeLessThanOrEqual(100);
  });

  it('never lets the asker’s words ping anyone', async () => {
    const answer = answerQuestion(await reportIndex(), '&lt;!channel&gt; kafka <!here>');
    const message = renderAnswer(answer);
    const all = JSON.stringify(message);
    expect(all).not.toMatch(/<!(channel|here|everyone)/);
    expect(all).toContain('&lt;!channel&gt;');
  });

  it('gives an ephemeral answer Share, paging, feedback and Dismiss, with values that decode back', async () => {
    const answer = answerQuestion(await reportIndex(), 'istio');
    const message = renderAnswer(answer, { controls: 'ephemeral' });
    const actions = message.blocks
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements as { action_id: string; value?: string }[]);
    const ids = actions.map((a) => a.action_id);
    expect(ids).toEqual(
      expect.arrayContaining(['answer_share', 'answer_dismiss', 'feedback_helpful', 'feedback_unhelpful']),
    );
    const share = actions.find((a) => a.action_id === 'answer_share');
    expect(decodeValue(share?.value)).toMatchObject({ q: 'istio', i: 0 });
    const talks = actions.filter((a) => a.action_id.startsWith('open_talk'));
    expect(talks.length).toBe(3);
  });

  it('shortens a message that breaks the limits instead of rejecting it', () => {
    const broken: SlackMessage = {
      text: 'x'.repeat(10_000),
      blocks: Array.from({ length: 60 }, () => ({
        type: 'section',
        text: { type: 'mrkdwn', text: 'y'.repeat(5000) },
      })),
    };
    const fitted = withinLimits(broken);
    expectWithinLimits(fitted);
    expect(fitted.blocks).toHaveLength(LIMITS.blocks);
  });
});

/** The buttons of a message: action id and decoded value. */
function buttonsOf(message: SlackMessage) {
  return message.blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements as { action_id: string; value?: string }[])
    .map((e) => ({ id: e.action_id, value: decodeValue(e.value) }));
}

describe('paging and related results', () => {
  it('never says “Result n of m” without a button to the next result and one back, in any presentation', async () => {
    const index = await reportIndex();
    let counted = 0;
    for (const query of [...queries, ...odd]) {
      const answer = answerQuestion(index, query);
      for (const controls of ['ephemeral', 'thread', 'shared'] as const) {
        for (let page = 0; page < Math.max(1, answer.results.length); page++) {
          const message = renderAnswer(answer, { controls, page, sharedBy: 'U1' });
          const counter = /Result (\d+) of (\d+)/.exec(JSON.stringify(message.blocks));
          if (!counter) continue;
          counted++;
          const [shown, total] = [Number(counter[1]), Number(counter[2])];
          const buttons = buttonsOf(message);
          if (shown < total)
            expect(buttons.find((b) => b.id === ACTION.next)?.value?.i, `${query} ${controls}`).toBe(shown);
          if (shown > 1)
            expect(buttons.find((b) => b.id === ACTION.previous)?.value?.i, `${query} ${controls}`).toBe(
              shown - 2,
            );
        }
      }
    }
    expect(counted).toBeGreaterThan(5);
  });

  it('gives an answer in a thread or DM Next and Previous, without Share or Dismiss', async () => {
    const answer = answerQuestion(await reportIndex(), 'observability');
    expect(answer.results.length).toBeGreaterThan(2);
    const ids = buttonsOf(renderAnswer(answer, { controls: 'thread', page: 1 })).map((b) => b.id);
    expect(ids).toEqual(expect.arrayContaining([ACTION.previous, ACTION.next, ACTION.helpful]));
    expect(ids).not.toContain(ACTION.share);
    expect(ids).not.toContain(ACTION.dismiss);
  });

  it('makes each other result a button that opens the answer at that result, in every presentation', async () => {
    const answer = answerQuestion(await reportIndex(), 'observability');
    for (const controls of ['ephemeral', 'thread', 'shared'] as const) {
      const message = renderAnswer(answer, { controls, page: 1, sharedBy: 'U1' });
      const related = buttonsOf(message).filter((b) => b.id.startsWith(ACTION.related));
      expect(related.map((b) => b.value?.i)).toEqual(answer.results.map((_, i) => i).filter((i) => i !== 1));
      for (const b of related) {
        expect(b.value?.q).toBe('observability');
        expect(b.value?.s).toBe(answer.results[b.value?.i ?? -1]?.sectionId);
      }
      expect(JSON.stringify(message.blocks)).toContain('Also relevant:');
    }
  });

  it('shows a shared answer as the one result its sharer chose, without a counter or paging', async () => {
    const answer = answerQuestion(await reportIndex(), 'observability');
    const message = renderAnswer(answer, { controls: 'shared', page: 2, sharedBy: 'U1' });
    expect(JSON.stringify(message.blocks)).not.toMatch(/Result \d+ of/);
    const ids = buttonsOf(message).map((b) => b.id);
    expect(ids).not.toContain(ACTION.next);
    expect(ids).not.toContain(ACTION.share);
  });
});
