import { describe, expect, it } from 'vitest';
import { shareText } from '../../../src/core/knowledge/share-text.js';
import type { Note, Section } from '../../../src/core/types.js';
import { loadKnowledge } from '../../../src/runtime/knowledge-files.js';
import { KNOWLEDGE_DIR } from '../../helpers.js';

/** A note of one section with these passages, its text as the parser joins them (or as given). */
function noteOf(passages: Section['passages'], text = passages.map((p) => p.text).join('\n\n')): Note {
  const section: Section = {
    id: 'n#top',
    noteId: 'n',
    heading: 'N',
    path: [],
    depth: 0,
    line: 1,
    passages,
    text,
    links: [],
    topics: [],
    children: [],
    fingerprint: 'n',
  };
  return { id: 'n', file: 'n.md', title: 'N', topics: [], sections: [section] };
}

describe('shareText', () => {
  it('gives every note of the shipped knowledge back equal in every value', async () => {
    const { notes } = await loadKnowledge(KNOWLEDGE_DIR);
    for (const note of notes) expect(shareText(note)).toEqual(note);
  });

  it('keeps passages their section’s text lacks as they are', () => {
    const passages = [
      { text: 'first', mrkdwn: '*first*' },
      { text: 'second', mrkdwn: 'second' },
    ];
    expect(shareText(noteOf(passages, 'first and more'))).toEqual(noteOf(passages, 'first and more'));
    expect(shareText(noteOf(passages))).toEqual(noteOf(passages));
  });
});
