import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerForSection, answerQuestion, overviewAnswer } from '../../../src/core/answers/answer.js';
import { renderAnswer } from '../../../src/core/answers/blocks.js';
import { renderHelp, renderTopics } from '../../../src/core/answers/help.js';
import { renderHome } from '../../../src/core/answers/home.js';
import { renderTip } from '../../../src/core/answers/tip-message.js';
import { buildIndex, type SearchIndex } from '../../../src/core/search/search-index.js';
import { tipPool } from '../../../src/core/tips/pool.js';
import type { Knowledge, SlackMessage } from '../../../src/core/types.js';
import { renderBlocks } from '../../../src/local-slack/page/block-kit.js';
import { NAMES } from '../../../src/local-slack/page/html.js';
import type { Block } from '../../../src/local-slack/workspace.js';
import { loadKnowledge } from '../../../src/runtime/knowledge-files.js';
import { reportIndex } from '../../helpers.js';

/**
 * `&`, `<` and `>` written in the knowledge (titles, headings, text, link labels, topic labels, curated
 * tips) are text: every message escapes them, so Slack shows them as written and none of them starts a
 * mention. The fixture puts them everywhere, `<!channel>` and friends included.
 */

const FIXTURE = path.join(import.meta.dirname, '../../fixtures/escaping/knowledge');
let index: SearchIndex;
let knowledge: Knowledge;
beforeAll(async () => {
  knowledge = await loadKnowledge(FIXTURE);
  index = buildIndex(knowledge);
});

/** A message, or a view (App Home), as Slack gets it. */
type Shown = SlackMessage | { blocks: readonly Block[] };

/** The message's fallback text and every mrkdwn text in its blocks: what Slack reads as mrkdwn. */
function mrkdwnTexts(message: Shown): string[] {
  const texts: string[] = 'text' in message ? [message.text] : [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const object = value as { type?: unknown; text?: unknown };
      if (object.type === 'mrkdwn' && typeof object.text === 'string') texts.push(object.text);
      Object.values(object).forEach(visit);
    }
  };
  visit(message.blocks);
  return texts;
}

/** What is left of a mrkdwn text that is not a link or the sharer's mention: it must hold no control character. */
function outsideControlSequences(text: string): string {
  return text.replace(/<https?:\/\/[^\s<>|]+(?:\|[^<>]*)?>/g, '').replace(/<@U1>/g, '');
}

function everyMessage(): [string, Shown][] {
  const messages: [string, Shown][] = [];
  const asked = answerQuestion(index, 'istio linkerd');
  for (const controls of ['ephemeral', 'thread', 'shared'] as const)
    messages.push([`answer (${controls})`, renderAnswer(asked, { controls, sharedBy: 'U1' })]);
  for (const id of knowledge.sections.keys()) {
    const answer = answerForSection(knowledge, id, 'a question & <!here>');
    if (answer) messages.push([`section ${id}`, renderAnswer(answer, { controls: 'ephemeral' })]);
  }
  messages.push(['overview of both notes', renderAnswer(overviewAnswer(knowledge, 'overview'))]);
  for (const note of knowledge.notes)
    messages.push([
      `overview of ${note.id}`,
      renderAnswer(overviewAnswer(knowledge, '', undefined, note.id)),
    ]);
  messages.push([
    'decline',
    renderAnswer(answerQuestion(index, 'zebras & <!channel>'), { controls: 'ephemeral' }),
  ]);
  messages.push(['help', renderHelp(knowledge)], ['topics', renderTopics(knowledge)]);
  const tips = tipPool(knowledge).map((tip) => renderTip(tip, knowledge, { daily: true }));
  tips.forEach((tip, i) => {
    messages.push([`tip ${i}`, tip]);
  });
  messages.push(['home', { blocks: renderHome(knowledge, tips[0]).blocks }]);
  return messages;
}

describe('escaping what the knowledge says', () => {
  it('sends a curated tip with "1&1" as 1&amp;1, in its blocks and in its text', async () => {
    const { knowledge: shipped } = await reportIndex();
    const tip = shipped.tips.find((t) => t.id === 'istio-psp-wait-for-operator');
    expect(tip).toBeDefined();
    const message = renderTip(tip as NonNullable<typeof tip>, shipped, { daily: true });
    expect(message.text).toContain('1&amp;1');
    expect(JSON.stringify(message.blocks)).toContain('1&amp;1');
    for (const text of mrkdwnTexts(message)) expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
  });

  it('keeps a curated tip’s Slack link and escapes the rest', () => {
    const [tip] = knowledge.tips;
    expect(tip?.text).toBe(
      'Istio &amp; PodSecurityPolicy do not play nicely together: 1&amp;1 hit it too, so 2 &lt; 3 &gt; 1. ' +
        'See <https://istio.io|Istio &amp; friends>.',
    );
  });

  it('leaves no bare &, < or > in the mrkdwn of any message: answers, overviews, declines, help, tips, home', () => {
    const messages = everyMessage();
    expect(messages.length).toBeGreaterThan(10);
    for (const [name, message] of messages)
      for (const text of mrkdwnTexts(message)) {
        expect(outsideControlSequences(text), name).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/);
        expect(text, name).not.toMatch(/<[!#]|<@(?!U1>)/);
      }
  });

  it('is drawn back as written by the local Slack’s page, never as a mention', () => {
    const tip = tipPool(knowledge).find((t) => t.curated);
    const drawn = renderBlocks(
      renderTip(tip as NonNullable<typeof tip>, knowledge, { daily: true }).blocks,
      NAMES,
    );
    expect(drawn.html).toContain('1&amp;1 hit it too, so 2 &lt; 3 &gt; 1');
    expect(drawn.html).toContain('>Istio &amp; friends</a>');
    expect(drawn.html).not.toContain('&amp;amp;');
    for (const [name, message] of everyMessage()) {
      const html = renderBlocks(message.blocks, NAMES).html;
      expect(html, name).not.toMatch(/class="mention">@(channel|here|everyone)/);
      expect(html, name).not.toContain('&amp;amp;');
    }
  });
});
