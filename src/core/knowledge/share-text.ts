import type { Note, Passage, Section } from '../types.js';

/**
 * **Shared text**: a section's text is its passages' texts joined by a blank line (parse-note.ts), and most
 * passages' mrkdwn reads as their text (no markup). A note from a parser thread or the note cache's file has
 * each as a string of its own (assemble.ts and note-cache.ts share them); here a passage's text becomes a slice of its section's text (no copy) and mrkdwn
 * equal to the text that same string. The same values in less memory (the Linkerd docs parsed by the
 * parse pool: 49 MB of heap, 35 with their text shared).
 */

/** Between two passages' texts in their section's text. */
export const PASSAGE_SEPARATOR = '\n\n';

/** The note with its passages sharing their sections' text; equal to it in every value. */
export function shareText(note: Note): Note {
  return { ...note, sections: note.sections.map(shareSectionText) };
}

/** A section whose passages' texts are slices of its text, where its text has them in order. */
function shareSectionText(section: Section): Section {
  const { text } = section;
  let at = 0;
  const passages = section.passages.map((p): Passage => {
    if (!text.startsWith(p.text, at)) return p;
    const own = text.slice(at, at + p.text.length);
    at += p.text.length + PASSAGE_SEPARATOR.length;
    return { text: own, mrkdwn: p.mrkdwn === p.text ? own : p.mrkdwn };
  });
  return { ...section, passages };
}
