import { describe, expect, it } from 'vitest';
import { answerForSection, overviewAnswer } from '../../../src/core/answers/answer.js';
import { button, section } from '../../../src/core/answers/block-kit.js';
import { renderAnswer } from '../../../src/core/answers/blocks.js';
import { clip, visible } from '../../../src/core/answers/limits.js';
import { EMPTY_LEXICON } from '../../../src/core/knowledge/lexicon.js';
import { parseNote } from '../../../src/core/knowledge/parse-note.js';
import { buildIndex } from '../../../src/core/search/search-index.js';

/** Found by tests/core/fuzz-notes.test.ts; each kept here as the smallest case that showed it. */

describe('visible and clip', () => {
  it('drop control characters, bidi overrides, the BOM and lone surrogates, and keep newlines', () => {
    expect(visible('a\u0000b\u0007c\u0085d\u202ee\ufefff\ud800g\nh\ti')).toBe('abcdefg\nh i');
  });

  it('never cut an emoji in half', () => {
    const cut = clip(`${'a'.repeat(8)}🙂🙂`, 10);
    expect(cut).toBe(`${'a'.repeat(8)}…`);
    expect(clip('a🙂🙂🙂', 4)).toBe('a🙂…');
  });

  it('leave no element empty: Slack refuses an empty text', () => {
    expect(section('\u0007').text?.text).toBe('…');
    expect(button(' ', 'x').text.text).toBe('…');
  });
});

const provoking = await parseNote('n.md', '---\ntitle: "<!channel> istio"\n---\nistio istio\n', []);

describe('a note written to provoke', () => {
  const note = provoking;
  const knowledge = {
    version: 'v',
    notes: [note],
    topics: [],
    tips: [],
    lexicon: EMPTY_LEXICON,
    sections: new Map(note.sections.map((s) => [s.id, s])),
  };

  it('cannot ping a channel through a fallback text', () => {
    const index = buildIndex(knowledge);
    const overview = renderAnswer(overviewAnswer(knowledge, 'highlights', index.search('highlights')));
    const section = answerForSection(knowledge, 'n#top', 'istio');
    for (const message of [overview, section && renderAnswer(section)])
      expect(JSON.stringify(message)).not.toContain('<!');
    expect(section?.results[0]?.path).toContain('<!channel>');
  });

  it('keeps section ids short enough for a button value, whatever the heading', async () => {
    const long = await parseNote('n.md', `# <https://e.com/${'a'.repeat(5000)}>\n\ntext\n`, []);
    expect(long.sections.every((s) => s.id.length < 200)).toBe(true);
  });
});
