import type {
  ActionsBlock,
  ActionsBlockElement,
  Button,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  MrkdwnElement,
  PlainTextElement,
  SectionBlock,
} from '@slack/types';
import { clip, LIMITS } from './limits.js';

/**
 * Block Kit builders: typed blocks (@slack/types) whose text is always clipped to Slack's limits, and never
 * empty (Slack refuses an empty text; a heading of nothing but HTML, say, leaves nothing to show).
 */

/** What an element shows when its text has nothing visible left. */
const NOTHING = '…';

export const mrkdwn = (text: string, max: number = LIMITS.sectionText): MrkdwnElement => ({
  type: 'mrkdwn',
  text: clip(text, max).trim() || NOTHING,
});

export const plain = (text: string, max: number): PlainTextElement => ({
  type: 'plain_text',
  text: clip(text, max).trim() || NOTHING,
  emoji: true,
});

export const section = (text: string): SectionBlock => ({ type: 'section', text: mrkdwn(text) });

export const context = (...texts: string[]): ContextBlock => ({
  type: 'context',
  elements: texts.map((t) => mrkdwn(t)),
});

export const header = (text: string): HeaderBlock => ({
  type: 'header',
  text: plain(text, LIMITS.headerText),
});

export const divider = (): DividerBlock => ({ type: 'divider' });

export const actions = (elements: ActionsBlockElement[], blockId?: string): ActionsBlock => ({
  type: 'actions',
  ...(blockId !== undefined && { block_id: blockId }),
  elements,
});

/** A button; `url` makes it a link button, `value` carries state back to the bot. */
export function button(
  text: string,
  actionId: string,
  extra: { value?: string; url?: string; style?: 'primary' | 'danger' } = {},
): Button {
  return { type: 'button', text: plain(text, LIMITS.buttonText), action_id: actionId, ...extra };
}
