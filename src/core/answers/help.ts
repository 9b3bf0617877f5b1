import { escapeMrkdwn } from '../knowledge/mrkdwn.js';
import type { Block, Knowledge, SlackMessage } from '../types.js';
import { ACTION, button, encodeValue } from './blocks.js';
import { HELP_TEXT } from './copy.js';
import { clip, LIMITS } from './limits.js';

/** The help and topics messages: what the bot knows and how to ask it. */

/** How to ask, and the topics the notes cover. */
export function renderHelp(knowledge: Knowledge): SlackMessage {
  const notes = knowledge.notes.map((n) => `_${escapeMrkdwn(n.title)}_`).join(', ');
  const blocks: Block[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(HELP_TEXT.intro(notes), LIMITS.sectionText),
      },
    },
    { type: 'section', text: { type: 'mrkdwn', text: HELP_TEXT.usage.map((u) => `• ${u}`).join('\n') } },
    ...topicBlocks(knowledge),
  ];
  return { text: HELP_TEXT.fallback, blocks };
}

/** The topics, each a button that asks about it. */
export function renderTopics(knowledge: Knowledge): SlackMessage {
  return {
    text: HELP_TEXT.topicsFallback(knowledge.topics.map((t) => t.label).join(', ')),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: HELP_TEXT.topicsHeading } },
      ...topicBlocks(knowledge),
    ],
  };
}

/** Topic buttons, 25 to an actions block (Slack's limit), at most 5 blocks. */
function topicBlocks(knowledge: Knowledge): Block[] {
  const buttons = knowledge.topics.map((t, i) =>
    button(t.label, `${ACTION.suggestion}_${i}`, { value: encodeValue({ q: t.label, i: 0 }) }),
  );
  const blocks: Block[] = [];
  for (let i = 0; i < buttons.length && blocks.length < 5; i += LIMITS.actionsElements) {
    blocks.push({
      type: 'actions',
      block_id: `topics_${i}`,
      elements: buttons.slice(i, i + LIMITS.actionsElements),
    });
  }
  return blocks;
}
