import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Knowledge } from '../../../src/core/types.js';
import { loadKnowledge } from '../../../src/runtime/knowledge-files.js';

const knowledgeDir = path.join(import.meta.dirname, '../../../knowledge');
let knowledge: Knowledge;
beforeAll(async () => {
  knowledge = await loadKnowledge(knowledgeDir);
});

const section = (heading: string) => {
  const found = [...knowledge.sections.values()].find((s) => s.heading.includes(heading));
  if (!found) throw new Error(`no section ${heading}`);
  return found;
};

describe('the shipped trip report', () => {
  it('has the frontmatter the bot shows', () => {
    const [note] = knowledge.notes;
    expect(note?.title).toBe('Reflections on a trip to KubeCon/CloudNativeCon 2019');
    expect(note?.event).toBe('KubeCon + CloudNativeCon Europe 2019');
    expect(note?.url).toMatch(/^https:\/\//);
    expect([note?.date, note?.location]).toEqual(['2019-05-20', 'Barcelona, Spain']);
  });

  it('leaves the interlude between two sections out of both', () => {
    const all = [...knowledge.sections.values()].flatMap((s) => s.passages.map((p) => p.text)).join('\n');
    expect(all).not.toContain('what about some actual technologies of interest');
    expect(section('Kubernetes Thing').passages.at(-1)?.text).toMatch(/^Now it is v1\.14/);
  });

  it('keeps the introduction, though rules surround it too', () => {
    expect(section('Reflections').passages[0]?.text).toMatch(/^I was lucky enough/);
  });

  it('keeps the Observability subsections under their parent', () => {
    expect(section('Prometheus at Scale').path).toEqual(['Observability', '1. Prometheus at Scale']);
    expect(section('Observability').children).toHaveLength(3);
  });

  it.each([
    ['This Kubernetes Thing', [["Janet Kuo's keynote", 'https://www.youtube.com/watch?v=w62T1SN4g6Y']]],
    [
      'Service Meshes',
      [
        ['SMI announcement', 'https://www.youtube.com/watch?v=gDLD8gyd7J8'],
        ['1&1 talk', 'https://www.youtube.com/watch?v=vQ2IktsMlgQ'],
        ['Linkerd talk', 'https://www.youtube.com/watch?v=E-zuggDfv0A'],
      ],
    ],
    ['Logging', [['Loki talk', 'https://www.youtube.com/watch?v=CQiawXlgabQ']]],
  ])('names the talks in %s', (heading, talks) => {
    const found = section(heading)
      .links.filter((l) => l.kind === 'talk')
      .map((l) => [l.title, l.url]);
    expect(found).toEqual(talks);
  });

  it('classifies project sites and articles as references', () => {
    const refs = section('Prometheus at Scale').links.map((l) => [l.kind, l.title]);
    expect(refs).toEqual([
      ['reference', 'M3'],
      ['reference', 'Cortex'],
      ['reference', 'Thanos'],
    ]);
  });

  it('shows no image marker anywhere', () => {
    const all = [...knowledge.sections.values()].flatMap((s) => s.passages.map((p) => p.mrkdwn)).join('\n');
    expect(all).not.toMatch(/\/images\/|unsplash|makeameme|Comic Books/);
  });

  it('tags sections with the topics their headings and text are about', () => {
    expect(section('Distributed Tracing').topics).toEqual(['observability', 'tracing']);
    expect(section('Wrap Up').topics).toEqual(['policy']);
    expect(section('Logging').topics).not.toContain('prometheus');
    // 'a set of "platforms" teams' and 'platform builders': a phrase counts across quotes.
    expect(section('Stand-out Themes').topics).toEqual(['platforms', 'multi-cloud', 'community']);
  });
});
