import { cutMrkdwn } from '../knowledge/cut.js';
import { MAX_TIP_LENGTH } from '../knowledge/tips.js';
import type { Knowledge, Section, Tip } from '../types.js';

/**
 * The tip pool: every curated tip, plus one derived tip for each section that has no curated tip but
 * enough text to carry a lesson. A derived tip is the opening of the section's first substantial passage.
 */

export const DERIVE_OPTIONS = {
  /** A section with less own text than this carries no lesson (a pointer, a one-line aside). */
  minSectionText: 200,
  /** A derived tip is cut to whole sentences within this length. */
  maxLength: 320,
  /** A derived tip opens with the section's first passage at least this long (a lead-in line is skipped). */
  minPassageText: 80,
} as const;

/** Curated tips first (in file order), then derived ones (in document order). */
export function tipPool(knowledge: Knowledge): Tip[] {
  const covered = new Set(knowledge.tips.map((t) => t.sectionId));
  const derived = [...knowledge.sections.values()]
    .filter((s) => !covered.has(s.id) && s.text.length >= DERIVE_OPTIONS.minSectionText)
    .map(deriveTip);
  return [...knowledge.tips, ...derived];
}

function deriveTip(section: Section): Tip {
  const passage =
    section.passages.find((p) => p.text.length >= DERIVE_OPTIONS.minPassageText) ?? section.passages[0];
  const text = cutMrkdwn(passage?.mrkdwn ?? '', Math.min(DERIVE_OPTIONS.maxLength, MAX_TIP_LENGTH));
  const talk = section.links.find((l) => l.kind === 'talk');
  return { id: `derived-${section.id}`, sectionId: section.id, text, curated: false, ...(talk && { talk }) };
}
