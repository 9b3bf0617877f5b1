import { escapeMrkdwn } from '../knowledge/mrkdwn.js';
import type { DeclinedQuestion, Vote } from '../stores.js';
import type { Knowledge, SlackMessage } from '../types.js';
import { section } from './block-kit.js';
import { GAPS_TEXT } from './copy.js';
import { clip } from './limits.js';

/** The knowledge-gaps report: the most frequent unanswered questions and the worst-rated sections. */

export const GAP_OPTIONS = {
  /** Questions and sections the report lists, each. */
  top: 10,
  /** A question is shown cut to this many characters. */
  questionLength: 120,
} as const;

export interface GapReport {
  readonly questions: readonly { readonly query: string; readonly count: number }[];
  readonly sections: readonly {
    readonly sectionId: string;
    readonly heading: string;
    readonly helpful: number;
    readonly unhelpful: number;
  }[];
}

/** Groups declined questions by their folded text and ranks sections by net votes (most 👎 first). */
export function gapReport(
  declined: readonly DeclinedQuestion[],
  votes: readonly Vote[],
  knowledge: Knowledge,
  top: number = GAP_OPTIONS.top,
): GapReport {
  const counts = new Map<string, { query: string; count: number }>();
  for (const q of declined) {
    const key = q.query
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
    if (key === '') continue;
    const entry = counts.get(key) ?? { query: q.query, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  const bySection = new Map<string, { helpful: number; unhelpful: number }>();
  for (const v of votes) {
    const entry = bySection.get(v.sectionId) ?? { helpful: 0, unhelpful: 0 };
    entry[v.value]++;
    bySection.set(v.sectionId, entry);
  }
  return {
    questions: [...counts.values()]
      .sort((a, b) => b.count - a.count || a.query.localeCompare(b.query))
      .slice(0, top),
    sections: [...bySection.entries()]
      .filter(([, v]) => v.unhelpful > 0)
      .map(([sectionId, v]) => ({
        sectionId,
        heading: knowledge.sections.get(sectionId)?.heading ?? sectionId,
        ...v,
      }))
      .sort((a, b) => b.unhelpful - b.helpful - (a.unhelpful - a.helpful))
      .slice(0, top),
  };
}

/** The report as lines of text (mrkdwn-safe), shared by Slack and the terminal. */
export function gapLines(report: GapReport): string[] {
  const questions = report.questions.map((q) =>
    GAPS_TEXT.question(q.count, escapeMrkdwn(clip(q.query, GAP_OPTIONS.questionLength))),
  );
  const sections = report.sections.map((s) =>
    GAPS_TEXT.section(escapeMrkdwn(s.heading), s.unhelpful, s.helpful),
  );
  return [
    GAPS_TEXT.questions,
    ...(questions.length > 0 ? questions : [GAPS_TEXT.none]),
    '',
    GAPS_TEXT.sections,
    ...(sections.length > 0 ? sections : [GAPS_TEXT.none]),
  ];
}

export function renderGaps(report: GapReport): SlackMessage {
  return {
    text: GAPS_TEXT.fallback,
    blocks: [section(gapLines(report).join('\n'))],
  };
}
