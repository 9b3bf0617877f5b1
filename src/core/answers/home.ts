import type { HomeView, KnownBlock } from '@slack/types';
import { escapeMrkdwn, slackLink } from '../knowledge/mrkdwn.js';
import type { Knowledge, SlackMessage } from '../types.js';
import { context, divider, header, section } from './block-kit.js';
import { HOME_TEXT } from './copy.js';
import { renderHelp } from './help.js';
import { LIMITS } from './limits.js';

export const HOME_OPTIONS = {
  /** Notes listed by title at the bottom of the tab. */
  maxNotes: 20,
} as const;

/** The App Home view: what the bot knows and how to ask (the help), then today's tip when there is one. */
export function renderHome(knowledge: Knowledge, tip?: SlackMessage): HomeView {
  const sections = knowledge.notes.reduce((n, note) => n + note.sections.length, 0);
  const blocks: KnownBlock[] = [
    header(HOME_TEXT.header),
    context(HOME_TEXT.counts(knowledge.notes.length, sections, knowledge.topics.length)),
    ...renderHelp(knowledge).blocks,
  ];
  if (tip) blocks.push(divider(), ...tip.blocks.filter((b) => b.type !== 'actions'));
  const notes = knowledge.notes
    .slice(0, HOME_OPTIONS.maxNotes)
    .map((n) => `• ${n.url ? slackLink(n.url, n.title) : escapeMrkdwn(n.title)}`);
  blocks.push(divider(), section(`${HOME_TEXT.notes}\n${notes.join('\n')}`));
  return { type: 'home', blocks: blocks.slice(0, LIMITS.homeBlocks) };
}
