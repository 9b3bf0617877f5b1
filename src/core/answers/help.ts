import type { ActionsBlock } from '@slack/types';
import { escapeMrkdwn } from '../knowledge/mrkdwn.js';
import type { Knowledge, SlackMessage } from '../types.js';
import { actions, button, section } from './block-kit.js';
import { ACTION, encodeValue } from './blocks.js';
import { HELP_TEXT } from './copy.js';
import { clip, LIMITS } from './limits.js';

/** The help and topics messages: what the bot knows and how to ask it. */

export const HELP_OPTIONS = {
  /** Rows of topic buttons (each up to Slack's 25 buttons): a long topics file still leaves room for the rest. */
  maxTopicRows: 5,
} as const;

/** How to ask, and the topics the notes cover. */
export function renderHelp(knowledge: Knowledge): SlackMessage {
  const notes = knowledge.notes.map((n) => `_${escapeMrkdwn(n.title)}_`).join(', ');
  const blocks = [
    section(HELP_TEXT.intro(notes)),
    section(HELP_TEXT.usage.map((u) => `• ${u}`).join('\n')),
    ...topicBlocks(knowledge),
  ];
  return { text: HELP_TEXT.fallback, blocks };
}

/** The topics, each a button that asks about it. */
export function renderTopics(knowledge: Knowledge): SlackMessage {
  return {
    text: clip(
      HELP_TEXT.topicsFallback(escapeMrkdwn(knowledge.topics.map((t) => t.label).join(', '))),
      LIMITS.fallbackText,
    ),
    blocks: [section(HELP_TEXT.topicsHeading), ...topicBlocks(knowledge)],
  };
}

/** Topic buttons, 25 to an actions block (Slack's limit), at most 5 blocks. */
function topicBlocks(knowledge: Knowledge): ActionsBlock[] {
  const buttons = knowledge.topics.map((t, i) =>
    button(t.label, `${ACTION.suggestion}_${i}`, { value: encodeValue({ q: t.label, i: 0 }) }),
  );
  const blocks: ActionsBlock[] = [];
  for (
    let i = 0;
    i < buttons.length && blocks.length < HELP_OPTIONS.maxTopicRows;
    i += LIMITS.actionsElements
  )
    blocks.push(actions(buttons.slice(i, i + LIMITS.actionsElements), `topics_${i}`));
  return blocks;
}
