import type { KnownBlock } from '@slack/types';
import type { SlackMessage } from '../types.js';

/** Slack's Block Kit limits, and a checker that lists every way a message breaks them. */

export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  contextElements: 10,
  actionsElements: 25,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionId: 255,
  /** A Home tab holds at most 100 blocks. */
  homeBlocks: 100,
  /** assistant.threads.setSuggestedPrompts shows at most 4 prompts. */
  suggestedPrompts: 4,
  /** Slack truncates `text` at 40,000 characters; we keep the fallback far shorter. */
  fallbackText: 3000,
} as const;

export const CLIP_OPTIONS = {
  /** Clipped text ends at a word when one ends past this share of the length, else mid-word. */
  wordEndFrom: 0.6,
} as const;

/**
 * Characters no reader should get from a file or a request: C0 and C1 controls (newline and tab aside), lone
 * surrogates (invalid UTF-8 on the wire), bidi overrides and isolates (they reorder what follows), the BOM.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters it removes
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]|\p{Cs}/gu;

/**
 * Any character `visible` may change (a tab, an INVISIBLE one, or any surrogate, paired or not): a quick
 * test without the unicode flag, so the usual text, which has none, is returned without being rewritten.
 */
const MAYBE_INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters it looks for
  /[\t\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]/;

/** Text as Slack may show it: tabs become spaces, invisible and control characters go. */
export function visible(text: string): string {
  if (!MAYBE_INVISIBLE.test(text)) return text;
  return text.replace(/\t/g, ' ').replace(INVISIBLE, '');
}

/**
 * Shortens text to at most max characters, ending with an ellipsis when it had to cut; every text of a
 * message passes here, so it also drops what is not `visible`, and never cuts an emoji in half.
 */
export function clip(raw: string, max: number): string {
  const text = visible(raw);
  if (text.length <= max) return text;
  const cut = text.slice(0, /[\ud800-\udbff]/.test(text.charAt(max - 2)) ? max - 2 : max - 1);
  const space = cut.lastIndexOf(' ');
  const base = space > max * CLIP_OPTIONS.wordEndFrom ? cut.slice(0, space) : cut;
  // Never leave half a mrkdwn link or entity at the end.
  return `${base.replace(/<[^>]*$/, '').replace(/&[a-z]*$/, '')}…`;
}

/**
 * A text object as it may arrive: the checker also reads messages captured off the wire in tests, so it
 * trusts no field's type.
 */
type LooseText = { readonly type?: unknown; readonly text?: unknown } | undefined;

/** Every way the message breaks Slack's limits; empty when it is fine. */
export function messageViolations(message: SlackMessage): string[] {
  const problems: string[] = [];
  if (typeof message.text !== 'string' || message.text.length === 0) problems.push('missing text fallback');
  else if (message.text.length > LIMITS.fallbackText)
    problems.push(`text is ${message.text.length} characters`);
  if (message.blocks.length > LIMITS.blocks) problems.push(`${message.blocks.length} blocks`);
  const actionIds = new Set<string>();
  message.blocks.forEach((block, i) => {
    for (const p of blockViolations(block, actionIds)) problems.push(`block ${i} (${block.type}): ${p}`);
  });
  return problems;
}

function blockViolations(block: KnownBlock, actionIds: Set<string>): string[] {
  switch (block.type) {
    case 'header':
      return textViolations(block.text, LIMITS.headerText, 'plain_text');
    case 'section':
      return [
        ...textViolations(block.text, LIMITS.sectionText),
        ...(block.accessory ? elementViolations(block.accessory, actionIds) : []),
      ];
    case 'context': {
      const elements = block.elements ?? [];
      const count =
        elements.length === 0 || elements.length > LIMITS.contextElements
          ? [`${elements.length} elements`]
          : [];
      return [...count, ...elements.flatMap((e) => textViolations(e as LooseText, LIMITS.sectionText))];
    }
    case 'actions': {
      const elements = block.elements ?? [];
      const count =
        elements.length === 0 || elements.length > LIMITS.actionsElements
          ? [`${elements.length} elements`]
          : [];
      return [...count, ...elements.flatMap((e) => elementViolations(e, actionIds))];
    }
    default:
      return [];
  }
}

function textViolations(text: LooseText, max: number, type?: string): string[] {
  if (!text || typeof text.text !== 'string') return ['missing text'];
  if (type !== undefined && text.type !== type) return [`text must be ${type}`];
  if (text.text.length === 0) return ['empty text'];
  return text.text.length > max ? [`text is ${text.text.length} characters (max ${max})`] : [];
}

function elementViolations(element: object, actionIds: Set<string>): string[] {
  const e = element as {
    readonly type?: unknown;
    readonly action_id?: unknown;
    readonly text?: LooseText;
    readonly value?: unknown;
    readonly url?: unknown;
  };
  const problems: string[] = [];
  const id = e.action_id;
  if (typeof id !== 'string' || id.length === 0 || id.length > LIMITS.actionId)
    problems.push('bad action_id');
  else if (actionIds.has(id)) problems.push(`duplicate action_id ${id}`);
  else actionIds.add(id);
  if (e.type === 'button') {
    problems.push(...textViolations(e.text, LIMITS.buttonText, 'plain_text'));
    if (typeof e.value === 'string' && e.value.length > LIMITS.buttonValue) problems.push('value too long');
    if (typeof e.url === 'string' && e.url.length > LIMITS.buttonUrl) problems.push('url too long');
  }
  return problems;
}

/**
 * A message that is sure to be inside Slack's limits: renderers already keep to them, so this only bites on
 * a renderer bug or an unforeseen input, and then it shortens (never drops) the message.
 */
export function withinLimits(message: SlackMessage): SlackMessage {
  if (messageViolations(message).length === 0) return message;
  const blocks = message.blocks.slice(0, LIMITS.blocks).map((block): KnownBlock => {
    if (block.type === 'header')
      return { ...block, text: { ...block.text, text: clip(block.text.text, LIMITS.headerText) || '…' } };
    if (block.type === 'section' && block.text)
      return { ...block, text: { ...block.text, text: clip(block.text.text, LIMITS.sectionText) || '…' } };
    return block;
  });
  const text = clip(message.text || 'kubecon-bot', LIMITS.fallbackText);
  const fitted = { text, blocks };
  return messageViolations(fitted).length === 0 ? fitted : { text, blocks: [] };
}
