import { escapeMrkdwn } from '../knowledge/mrkdwn.js';
import type { Knowledge, SlackMessage, Tip } from '../types.js';
import { actions, button, context, header, section } from './block-kit.js';
import { ACTION, stripMrkdwn } from './blocks.js';
import { ANSWER_TEXT, TIP_TEXT } from './copy.js';
import { clip, LIMITS } from './limits.js';

/** A tip as a Slack message: header, the lesson, where it comes from, the talk, Read more, Another tip. */

export interface TipMessageOptions {
  /** The daily post (header "Tip of the day") rather than a tip someone asked for. */
  readonly daily: boolean;
}

/** The Slack message for a tip. */
export function renderTip(tip: Tip, knowledge: Knowledge, options: TipMessageOptions): SlackMessage {
  const from = knowledge.sections.get(tip.sectionId);
  const note = knowledge.notes.find((n) => n.id === from?.noteId);
  const where = from ? `${escapeMrkdwn(note?.title ?? from.noteId)} › ${escapeMrkdwn(from.heading)}` : '';
  const title = options.daily ? TIP_TEXT.daily : TIP_TEXT.asked;
  const buttons = [
    ...(tip.talk ? [button(ANSWER_TEXT.talk(tip.talk.title), ACTION.talk, { url: tip.talk.url })] : []),
    button(TIP_TEXT.readMore, ACTION.readMore, { value: tip.sectionId }),
    button(TIP_TEXT.another, ACTION.anotherTip, { value: tip.id }),
  ];
  const blocks = [
    header(title),
    section(tip.text),
    ...(where !== '' ? [context(TIP_TEXT.from(where))] : []),
    actions(buttons, 'tip'),
  ];
  return { text: clip(`${title}: ${stripMrkdwn(tip.text)}`, LIMITS.fallbackText), blocks };
}
