import type { ActionsBlockElement, KnownBlock } from '@slack/types';
import type { SlackMessage } from '../types.js';

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

/** A Block Kit message rendered block by block, buttons listed with their targets. */
export function messageToTerminal(message: SlackMessage): string {
  return message.blocks
    .map(blockToTerminal)
    .filter((t) => t !== '')
    .join('\n\n');
}

function blockToTerminal(block: KnownBlock): string {
  switch (block.type) {
    case 'header':
      return `== ${block.text.text} ==`;
    case 'section':
      return mrkdwnToTerminal(block.text?.text ?? '');
    case 'context':
      return block.elements.map((e) => `  ${mrkdwnToTerminal('text' in e ? e.text : '')}`).join('\n');
    case 'actions':
      return block.elements.map(elementToTerminal).join('\n');
    case 'divider':
      return '────────';
    default:
      return '';
  }
}

function elementToTerminal(element: ActionsBlockElement): string {
  if (element.type !== 'button') return '';
  const label = element.text.text;
  return element.url ? `  [${label}] → ${element.url}` : `  [${label}]`;
}
