import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion, overviewAnswer } from '../../src/core/answers/answer.js';
import { renderAnswer } from '../../src/core/answers/blocks.js';
import {
  ADMINS_ONLY,
  FRIENDLY_ERROR,
  NOT_IN_CHANNEL,
  RESTARTING,
  SECTION_GONE,
  THANKS,
} from '../../src/core/answers/copy.js';
import { gapReport, renderGaps } from '../../src/core/answers/gaps.js';
import { renderHelp, renderTopics } from '../../src/core/answers/help.js';
import { renderHome } from '../../src/core/answers/home.js';
import { panelGreeting } from '../../src/core/answers/panel.js';
import { renderTip } from '../../src/core/answers/tip-message.js';
import { buildIndex, type SearchIndex } from '../../src/core/search/search-index.js';
import { tipPool } from '../../src/core/tips/pool.js';
import type { SlackMessage } from '../../src/core/types.js';
import { renderBlocks } from '../../src/local-slack/page/block-kit.js';
import { NAMES } from '../../src/local-slack/page/html.js';
import { commandFailed } from '../../src/local-slack/people.js';
import { type Block, fieldsOf } from '../../src/local-slack/workspace.js';
import { loadKnowledge } from '../../src/runtime/knowledge-files.js';
import { notice } from '../../src/slack/send.js';
import { KNOWLEDGE_DIR, reportIndex } from '../helpers.js';
import { ROOT } from '../run.js';

/**
 * Every message the bot can produce, drawn by the playground's Block Kit renderer: answers to the whole
 * relevance set (with each kind of controls, and paged), declines, follow-ups, help, topics, every tip,
 * the gaps report, App Home and the overviews (of one note and of several). The renderer must draw every
 * block, element, text object and emoji shortcode in them.
 */

/** A block written out in a test, with any fields. */
type AnyBlock = Block & Record<string, unknown>;

const queries = (file: string) =>
  (
    JSON.parse(readFileSync(path.join(ROOT, 'tests/eval', file), 'utf8')) as { queries: { q: string }[] }
  ).queries.map((c) => c.q);

let report: SearchIndex;
/** The shipped knowledge plus a second note, so overviews of several notes are drawn too. */
let twoNotes: SearchIndex;

beforeAll(async () => {
  report = await reportIndex();
  const dir = mkdtempSync(path.join(tmpdir(), 'kubecon-two-notes-'));
  cpSync(KNOWLEDGE_DIR, dir, { recursive: true });
  cpSync(path.join(ROOT, 'tests/fixtures/playground/mesh-trial.md'), path.join(dir, 'mesh-trial.md'));
  twoNotes = buildIndex(await loadKnowledge(dir));
  rmSync(dir, { recursive: true, force: true });
});

/** Every message of the bot, by a name that says where it comes from. */
function everyMessage(): [string, SlackMessage | { blocks: readonly Block[] }][] {
  const all: [string, SlackMessage | { blocks: readonly Block[] }][] = [];
  for (const index of [report, twoNotes]) {
    const { knowledge } = index;
    for (const q of [
      ...queries('queries.json'),
      ...queries('tuning-natural.json'),
      'highlights',
      'summary',
      '',
      'linkerdd',
    ]) {
      const answer = answerQuestion(index, q);
      for (const controls of ['ephemeral', 'thread', 'shared'] as const)
        all.push([`${q} (${controls})`, renderAnswer(answer, { controls, page: 1, sharedBy: 'U0YOU0001' })]);
      all.push([`${q} (first page)`, renderAnswer(answer, { controls: 'ephemeral' })]);
    }
    const followUp = answerQuestion(index, 'is it production ready?', { context: 'what about loki?' });
    all.push(['a follow-up read with its thread', renderAnswer(followUp, { controls: 'thread' })]);
    for (const note of knowledge.notes)
      all.push([
        `overview of ${note.id}`,
        renderAnswer(overviewAnswer(knowledge, note.title, undefined, note.id)),
      ]);
    all.push(['help', renderHelp(knowledge)], ['topics', renderTopics(knowledge)]);
    all.push(['the assistant panel’s greeting', panelGreeting(knowledge)]);
    for (const tip of tipPool(knowledge)) {
      all.push([`tip ${tip.id}`, renderTip(tip, knowledge, { daily: false })]);
      all.push([`daily tip ${tip.id}`, renderTip(tip, knowledge, { daily: true })]);
    }
    const [tip] = tipPool(knowledge);
    all.push(['App Home', renderHome(knowledge, tip && renderTip(tip, knowledge, { daily: true }))]);
    all.push(['App Home without a tip', renderHome(knowledge)]);
    const declined = [
      { query: 'helm charts', source: 'command', at: '2026-01-01T00:00:00Z' },
      { query: 'kafka', source: 'mention', at: '2026-01-01T00:00:00Z' },
    ];
    const votes = [
      { sectionId: [...knowledge.sections.keys()][0] ?? '', query: 'x', value: 'unhelpful' as const, at: '' },
    ];
    all.push(
      ['gaps', renderGaps(gapReport(declined, votes, knowledge))],
      ['no gaps', renderGaps(gapReport([], [], knowledge))],
    );
  }
  const notices = [
    FRIENDLY_ERROR,
    NOT_IN_CHANNEL,
    THANKS.helpful,
    THANKS.unhelpful,
    SECTION_GONE,
    ADMINS_ONLY,
    RESTARTING,
  ];
  for (const text of [...notices, commandFailed('/kubecon', 'operation_timeout')])
    all.push([text, notice(text)]);
  return all;
}

describe('the playground’s Block Kit renderer', () => {
  it('draws every block, element, text and emoji of every message the bot can produce', () => {
    const messages = everyMessage();
    expect(messages.length).toBeGreaterThan(500);
    const undrawn = messages.flatMap(([name, m]) =>
      renderBlocks(m.blocks, NAMES).unsupported.map((u) => `${name}: ${u}`),
    );
    expect(undrawn).toEqual([]);
  });

  it('draws one button per button element, and a link for each URL button, opening in a new tab', () => {
    for (const [, message] of everyMessage().slice(0, 80)) {
      const { html } = renderBlocks(message.blocks, NAMES);
      const elements = message.blocks.flatMap((b) =>
        b.type === 'actions' ? (fieldsOf(b).elements as { url?: string }[]) : [],
      );
      const links = elements.filter((e) => e.url !== undefined).length;
      expect(html.match(/<button type="submit"/g)?.length ?? 0).toBe(elements.length - links);
      expect(
        html.match(/<a class="bk-button[^"]*" href="https:[^"]+" target="_blank" rel="noopener noreferrer"/g)
          ?.length ?? 0,
      ).toBe(links);
    }
  });

  it('reports what it cannot draw, and draws a marked placeholder in its place', () => {
    const blocks: AnyBlock[] = [
      { type: 'image', image_url: 'https://example.com/x.png', alt_text: 'x' },
      { type: 'actions', elements: [{ type: 'static_select', action_id: 'a' }] },
      { type: 'section', text: { type: 'mrkdwn', text: ':no_such_emoji: at 10:30:00' } },
    ];
    const drawn = renderBlocks(blocks, NAMES);
    expect(drawn.unsupported).toEqual(['block image', 'element static_select', 'emoji :no_such_emoji:']);
    expect(drawn.html.match(/class="bk-unsupported"/g)).toHaveLength(2);
  });

  it('draws headers, fields, accessories, context, dividers and styled buttons as Slack does', () => {
    const blocks: AnyBlock[] = [
      { type: 'header', text: { type: 'plain_text', text: ':bulb: Tip', emoji: true } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*When*' },
          { type: 'plain_text', text: 'Today' },
        ],
        accessory: {
          type: 'button',
          action_id: 'go',
          text: { type: 'plain_text', text: 'Go' },
          style: 'danger',
        },
      },
      { type: 'divider' },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'From <https://x.test|the notes>' }] },
    ];
    const { html, unsupported } = renderBlocks(blocks, NAMES);
    expect(unsupported).toEqual([]);
    expect(html).toContain('<h3 class="bk-header">💡 Tip</h3>');
    expect(html).toContain(
      '<div class="bk-fields"><div><p><strong>When</strong></p></div><div>Today</div></div>',
    );
    expect(html).toContain(
      '<button type="submit" class="bk-button bk-danger" name="action" value="go">Go</button>',
    );
    expect(html).toContain('<hr class="bk-divider">');
    expect(html).toContain(
      '<a href="https://x.test" target="_blank" rel="noopener noreferrer">the notes</a>',
    );
  });
});
