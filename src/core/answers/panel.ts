import { escapeMrkdwn } from '../knowledge/mrkdwn.js';
import type { Knowledge, Note, SlackMessage } from '../types.js';
import { monthOf } from './answer.js';
import { section } from './block-kit.js';
import { PANEL_TEXT } from './copy.js';
import { clip, LIMITS } from './limits.js';
import { normalizeQuery } from './query.js';

/**
 * Slack's assistant side panel, from the knowledge: the greeting that says what the bot knows, the
 * suggested prompts (one per main topic), and a thread's title from its first question. A **main topic**
 * is one of the topics tagged on the most sections, ties kept in topics.yml's order.
 */

export const PANEL_OPTIONS = {
  /** Events named in the greeting; more are counted ("and 2 more"). */
  maxEvents: 3,
  /** A thread's title: its first question, cut at a word to this length. */
  titleLength: 60,
} as const;

/** A suggested prompt as assistant.threads.setSuggestedPrompts takes it. */
export interface SuggestedPrompt {
  readonly title: string;
  readonly message: string;
}

/** The prompts shown when a panel thread opens: one per main topic, at most Slack's four. */
export function suggestedPrompts(knowledge: Knowledge): {
  readonly title: string;
  readonly prompts: readonly SuggestedPrompt[];
} {
  const prompts = mainTopics(knowledge)
    .slice(0, LIMITS.suggestedPrompts)
    .map((label) => ({ title: label, message: PANEL_TEXT.prompt(label) }));
  return { title: PANEL_TEXT.promptsTitle, prompts };
}

/** Topic labels by how many sections are tagged with them, most first; untagged topics left out. */
export function mainTopics(knowledge: Knowledge): string[] {
  const counts = new Map<string, number>();
  for (const note of knowledge.notes)
    for (const s of note.sections) for (const t of s.topics) counts.set(t, (counts.get(t) ?? 0) + 1);
  return knowledge.topics
    .map((topic, order) => ({ label: topic.label, count: counts.get(topic.id) ?? 0, order }))
    .filter((t) => t.count > 0)
    .sort((a, b) => b.count - a.count || a.order - b.order)
    .map((t) => t.label);
}

/** The greeting posted when a panel thread opens: how many notes, from which events and when. */
export function panelGreeting(knowledge: Knowledge): SlackMessage {
  const text = PANEL_TEXT.greeting(
    PANEL_TEXT.notes(knowledge.notes.length),
    eventList(knowledge.notes),
    knowledge.topics.length,
  );
  return { text, blocks: [section(text)] };
}

/** The notes' events, each once with its place and month, the first few by name and the rest counted. */
function eventList(notes: readonly Note[]): string {
  const events = new Map<string, string>();
  for (const note of notes) {
    if (note.event === undefined || events.has(note.event)) continue;
    const where = [note.location, monthOf(note.date)].filter((s) => s !== undefined && s !== '').join(', ');
    events.set(note.event, PANEL_TEXT.event(escapeMrkdwn(note.event), escapeMrkdwn(where)));
  }
  const named = [...events.values()].slice(0, PANEL_OPTIONS.maxEvents);
  const more = events.size - named.length;
  return [...named, ...(more > 0 ? [PANEL_TEXT.moreEvents(more)] : [])].join(', ');
}

/** A panel thread's title: its first question as plain text, cut to a short line. */
export function threadTitle(question: string): string {
  return clip(normalizeQuery(question).query, PANEL_OPTIONS.titleLength);
}
