import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNote } from '../../../src/core/knowledge/parse-note.js';

const fixtures = path.join(import.meta.dirname, '../../fixtures/notes');

describe('splitting a note into sections', () => {
  for (const name of readdirSync(fixtures)) {
    it(`splits ${name} as expected.json says`, async () => {
      const source = readFileSync(path.join(fixtures, name, 'input.md'), 'utf8');
      const expected = JSON.parse(readFileSync(path.join(fixtures, name, 'expected.json'), 'utf8'));
      if (expected.rejected)
        return void (await expect(parseNote(`${name}.md`, source, [])).rejects.toThrow(expected.rejected));
      const note = await parseNote(`${name}.md`, source, []);
      expect(note.title).toBe(expected.title);
      const actual = note.sections.map((s, i) => ({
        heading: s.heading,
        path: s.path,
        depth: s.depth,
        line: s.line,
        text: s.text,
        children: s.children.length,
        ...(expected.sections[i]?.links && { links: s.links }),
      }));
      expect(actual).toEqual(expected.sections);
    });
  }

  it('gives every section a stable id made of the note id and its heading path', async () => {
    const source = readFileSync(path.join(fixtures, 'nested-headings', 'input.md'), 'utf8');
    const ids = (await parseNote('team/nested.md', source, [])).sections.map((s) => s.id);
    expect(ids).toEqual([
      'team/nested#top',
      'team/nested#alpha',
      'team/nested#alpha-alpha-one',
      'team/nested#alpha-alpha-one-deep',
      'team/nested#alpha-alpha-two',
      'team/nested#beta',
    ]);
  });

  it('keeps ids unique when two headings share a path', async () => {
    const note = await parseNote('dup.md', '## Same\n\nOne.\n\n## Same\n\nTwo.\n', []);
    expect(note.sections.map((s) => s.id)).toEqual(['dup#same', 'dup#same-2']);
  });

  it('never shows the report’s image markers as text, but keeps a visible caption', async () => {
    const source = readFileSync(path.join(fixtures, 'links-and-comments', 'input.md'), 'utf8');
    const [talks] = (await parseNote('links.md', source, [])).sections;
    const shown = talks?.passages.map((p) => p.mrkdwn).join('\n');
    expect(shown).not.toMatch(/images|jpg|caption that must not show/);
    expect(shown).toContain('Party time!');
  });
});
