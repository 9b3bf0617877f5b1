import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../src/core/answers/answer.js';
import { LIMITS, messageViolations } from '../../../src/core/answers/limits.js';
import {
  mainTopics,
  PANEL_OPTIONS,
  panelGreeting,
  suggestedPrompts,
  threadTitle,
} from '../../../src/core/answers/panel.js';
import { EMPTY_LEXICON } from '../../../src/core/knowledge/lexicon.js';
import { parseNote } from '../../../src/core/knowledge/parse-note.js';
import type { Knowledge, Topic } from '../../../src/core/types.js';
import { reportIndex } from '../../helpers.js';

const TOPICS: Topic[] = [
  { id: 'mesh', label: 'Service meshes', aliases: ['istio'] },
  { id: 'tracing', label: 'Tracing', aliases: ['jaeger'] },
  { id: 'logging', label: 'Logging', aliases: ['loki'] },
  { id: 'unused', label: 'Never mentioned', aliases: ['zyzzyva'] },
  { id: 'history', label: 'History', aliases: ['borg'] },
];

/** Knowledge from notes written for the test, with the topics above. */
async function knowledgeOf(...sources: string[]): Promise<Knowledge> {
  const notes = await Promise.all(sources.map((source, i) => parseNote(`note-${i}.md`, source, TOPICS)));
  return {
    version: 'test',
    notes,
    topics: TOPICS,
    tips: [],
    lexicon: EMPTY_LEXICON,
    sections: new Map(notes.flatMap((n) => n.sections.map((s) => [s.id, s] as const))),
  };
}

const meshNote = [
  '---\ntitle: Mesh day\nevent: MeshCon 2024\nlocation: Paris\ndate: 2024-03-19\n---',
  // A heading that names a topic tags its section.
  '## Istio one\nText.',
  '## Istio and Loki\nText.',
  '## Istio again\nText.',
  '## Jaeger traces\nText.',
  '## Jaeger and Loki\nText.',
  '## Borg once\nText.',
].join('\n\n');

describe('mainTopics', () => {
  it('ranks topics by the sections tagged with them, ties in topics.yml order, untagged ones left out', async () => {
    expect(mainTopics(await knowledgeOf(meshNote))).toEqual([
      'Service meshes',
      'Tracing',
      'Logging',
      'History',
    ]);
  });
});

describe('suggestedPrompts', () => {
  it('suggests one prompt per main topic, at most Slack’s four, each asking about the topic', async () => {
    const { title, prompts } = suggestedPrompts(await knowledgeOf(meshNote));
    expect(title).toBeTruthy();
    expect(prompts.map((p) => p.title)).toEqual(['Service meshes', 'Tracing', 'Logging', 'History']);
    expect(prompts).toHaveLength(LIMITS.suggestedPrompts);
    for (const p of prompts) expect(p.message).toContain(p.title);
  });

  it('suggests nothing when no section has a topic', async () => {
    expect(
      suggestedPrompts(await knowledgeOf('---\ntitle: Plain\n---\n\n## Only\nNothing known.')).prompts,
    ).toEqual([]);
  });

  it('suggests, for the shipped notes, prompts that each get a confident answer', async () => {
    const index = await reportIndex();
    const { prompts } = suggestedPrompts(index.knowledge);
    expect(prompts.length).toBeGreaterThan(0);
    const labels = index.knowledge.topics.map((t) => t.label);
    for (const prompt of prompts) {
      expect(labels).toContain(prompt.title);
      expect(answerQuestion(index, prompt.message).declined).toBe(false);
    }
  });
});

describe('panelGreeting', () => {
  it('says how many notes there are, from which events, where and when, and how many topics', async () => {
    const other =
      '---\ntitle: Other\nevent: KubeCon EU 2019\nlocation: Barcelona\ndates:\n  start: 2019-05-20\n  end: 2019-05-23\n---\n\n## A\nBorg.';
    const greeting = panelGreeting(await knowledgeOf(meshNote, other));
    expect(greeting.text).toContain(
      '2 notes from MeshCon 2024 (Paris, March 2024), KubeCon EU 2019 (Barcelona, May 2019)',
    );
    expect(greeting.text).toContain(`${TOPICS.length} topics`);
    expect(messageViolations(greeting)).toEqual([]);
  });

  it('names the first few events and counts the rest, each event once', async () => {
    const note = (event: string) => `---\ntitle: ${event}\nevent: ${event}\n---\n\n## A\nIstio.`;
    const events = ['E1', 'E2', 'E2', 'E3', 'E4', 'E5'].map(note);
    const text = panelGreeting(await knowledgeOf(...events)).text;
    expect(text).toContain(`6 notes from E1, E2, E3, 2 more`);
    expect(PANEL_OPTIONS.maxEvents).toBe(3);
  });

  it('escapes what the notes say, so an event name cannot format or ping', async () => {
    const text = panelGreeting(
      await knowledgeOf('---\ntitle: T\nevent: "<!here> & co"\n---\n\n## A\nIstio.'),
    ).text;
    expect(text).toContain('&lt;!here&gt; &amp; co');
  });
});

describe('threadTitle', () => {
  it.each([
    ['What did the team think of Istio vs Linkerd?', 'What did the team think of Istio vs Linkerd?'],
    ['  service   mesh &amp; <@U123> loki  ', 'service mesh & loki'],
    ['', ''],
  ])('titles %j as %j', (question, title) => {
    expect(threadTitle(question)).toBe(title);
  });

  it('cuts a long question at a word, with an ellipsis', () => {
    const title = threadTitle(`what about ${'observability '.repeat(20)}`);
    expect(title.length).toBeLessThanOrEqual(PANEL_OPTIONS.titleLength);
    expect(title).toMatch(/observability…$/);
  });
});
