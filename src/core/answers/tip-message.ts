import { escapeMrkdwn } from '../knowledge/mrkdwn.js';
import type { Block, Knowledge, SlackMessage, Tip } from '../types.js';
import { ACTION, button, stripMrkdwn } from './blocks.js';
import { ANSWER_TEXT, TIP_TEXT } from './copy.js';
import { clip, LIMITS } from './limits.js';

/** A tip as a Slack message: header, the lesson, where it comes from, the talk, Read more, Another tip. */

export interface TipMessageOptions {
  /** The daily post (header "Tip of the day") rather than a tip someone asked for. */
  readonly daily: boolean;
}

/** The Slack message for a tip. */
export function renderTip(tip: Tip, knowledge: Knowledge, options: TipMessageOptions): SlackMessage {
  const section = knowledge.sections.get(tip.sectionId);
  const note = knowledge.notes.find((n) => n.id === section?.noteId);
  const where = section
    ? `${escapeMrkdwn(note?.title ?? section.noteId)} › ${escapeMrkdwn(section.heading)}`
    : '';
  const header = options.daily ? TIP_TEXT.daily : TIP_TEXT.asked;
  const buttons = [
    ...(tip.talk ? [button(ANSWER_TEXT.talk(tip.talk.title), ACTION.talk, { url: tip.talk.url })] : []),
    button(TIP_TEXT.readMore, ACTION.readMore, { value: tip.sectionId }),
    button(TIP_TEXT.another, ACTION.anotherTip, { value: tip.id }),
  ];
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: header, emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: clip(tip.text, LIMITS.sectionText) } },
    ...(where !== ''
      ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: TIP_TEXT.from(where) }] }]
      : []),
    { type: 'actions', block_id: 'tip', elements: buttons },
  ];
  return { text: clip(`${header}: ${stripMrkdwn(tip.text)}`, LIMITS.fallbackText), blocks };
}
