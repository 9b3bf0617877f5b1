import { describe, expect, it } from 'vitest';
import { EMPTY_LEXICON } from '../../../src/core/knowledge/lexicon.js';
import { parseNote } from '../../../src/core/knowledge/parse-note.js';
import { DERIVE_OPTIONS, tipPool } from '../../../src/core/tips/pool.js';
import type { Knowledge } from '../../../src/core/types.js';
import { reportIndex } from '../../helpers.js';

describe('the tip pool', () => {
  it('has at least one tip for every section of the report that carries a lesson', async () => {
    const { knowledge } = await reportIndex();
    const pool = tipPool(knowledge);
    const lessons = [...knowledge.sections.values()].filter(
      (s) => s.text.length >= DERIVE_OPTIONS.minSectionText,
    );
    for (const section of lessons)
      expect(pool.filter((t) => t.sectionId === section.id).length, section.id).toBeGreaterThan(0);
    expect(pool.every((t) => t.curated)).toBe(true);
  });

  it('derives a tip, cut to whole sentences, for a section with no curated tip', async () => {
    const text = `${'Sidecars add latency to every call. '.repeat(12)}`;
    const note = await parseNote(
      'other.md',
      `---\ntitle: Other\n---\n## Lesson\n\n${text}\n\n## Aside\n\nShort.\n`,
      [],
    );
    const knowledge: Knowledge = {
      version: 'test',
      notes: [note],
      topics: [],
      tips: [],
      lexicon: EMPTY_LEXICON,
      sections: new Map(note.sections.map((s) => [s.id, s])),
    };
    const [tip, ...rest] = tipPool(knowledge);
    expect(rest).toEqual([]);
    expect(tip).toMatchObject({ id: 'derived-other#lesson', sectionId: 'other#lesson', curated: false });
    expect(tip?.text.length).toBeLessThanOrEqual(DERIVE_OPTIONS.maxLength + 2);
    expect(tip?.text).toMatch(/call\. …$/);
  });
});
