import { escapeMrkdwn } from '../knowledge/mrkdwn.js';
import type { Block, Knowledge, SlackMessage } from '../types.js';
import { ACTION, button, encodeValue } from './blocks.js';
import { clip, LIMITS } from './limits.js';

/** The help and topics messages: what the bot knows and how to ask it. */

/** Usage lines, shared by Slack and the local shell. */
export const USAGE = [
  '`/kubecon &lt;question&gt;`: the best answer from the notes, visible only to you, with buttons to share it',
  '`/kubecon topics`: everything the notes cover',
  '`/kubecon tip`: a tip from the notes, right now',
  '`@kubecon &lt;question&gt;` in a channel: the answer in a thread (follow-ups in that thread need no mention)',
  'A direct message to the bot: the answer right there',
];

/** How to ask, and the topics the notes cover. */
export function renderHelp(knowledge: Knowledge): SlackMessage {
  const notes = knowledge.notes.map((n) => `_${escapeMrkdwn(n.title)}_`).join(', ');
  const blocks: Block[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(`I answer from the team’s conference notes: ${notes}.`, LIMITS.sectionText),
      },
    },
    { type: 'section', text: { type: 'mrkdwn', text: USAGE.map((u) => `• ${u}`).join('\n') } },
    ...topicBlocks(knowledge),
  ];
  return { text: 'How to ask kubecon-bot, and what it knows', blocks };
}

/** The topics, each a button that asks about it. */
export function renderTopics(knowledge: Knowledge): SlackMessage {
  return {
    text: `Topics: ${knowledge.topics.map((t) => t.label).join(', ')}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: '*Topics in the notes*' } },
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
