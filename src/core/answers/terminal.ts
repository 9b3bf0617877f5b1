import type { Block, SlackMessage } from '../types.js';

/** Slack messages as terminal text: what the local shell and `npm run ask` print. */

/** Readable text from mrkdwn: links as `label (url)`, markers kept light, entities decoded. */
export function mrkdwnToTerminal(text: string): string {
  return text
    .replace(/<@([A-Z0-9]+)>/g, '@$1')
    .replace(/<(https?:[^>|]+)\|([^>]*)>/g, '$2 ($1)')
    .replace(/<([^>|]+)\|([^>]*)>/g, '$2')
    .replace(/<([^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

type TextObject = { text?: string };
type Element = { type?: string; text?: TextObject | string; url?: string; action_id?: string };

/** A Block Kit message rendered block by block, buttons listed with their targets. */
export function messageToTerminal(message: SlackMessage): string {
  return message.blocks
    .map(blockToTerminal)
    .filter((t) => t !== '')
    .join('\n\n');
}

function blockToTerminal(block: Block): string {
  const text = (block.text as TextObject | undefined)?.text ?? '';
  const elements = (block.elements as Element[] | undefined) ?? [];
  switch (block.type) {
    case 'header':
      return `== ${text} ==`;
    case 'section':
      return mrkdwnToTerminal(text);
    case 'context':
      return elements
        .map((e) => `  ${mrkdwnToTerminal(typeof e.text === 'string' ? e.text : '')}`)
        .join('\n');
    case 'actions':
      return elements.map(elementToTerminal).join('\n');
    case 'divider':
      return '────────';
    default:
      return '';
  }
}

function elementToTerminal(element: Element): string {
  const label = typeof element.text === 'object' ? (element.text.text ?? '') : '';
  return element.url ? `  [${label}] → ${element.url}` : `  [${label}]`;
}
