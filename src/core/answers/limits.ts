import type { Block, SlackMessage } from '../types.js';

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
  /** Slack truncates `text` at 40,000 characters; we keep the fallback far shorter. */
  fallbackText: 3000,
} as const;

/** Shortens text to at most max characters, ending with an ellipsis when it had to cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  const base = space > max * 0.6 ? cut.slice(0, space) : cut;
  // Never leave half a mrkdwn link or entity at the end.
  return `${base.replace(/<[^>]*$/, '').replace(/&[a-z]*$/, '')}…`;
}

type TextObject = { type?: unknown; text?: unknown };

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

function blockViolations(block: Block, actionIds: Set<string>): string[] {
  const problems: string[] = [];
  const text = block.text as TextObject | undefined;
  if (block.type === 'header') problems.push(...textViolations(text, LIMITS.headerText, 'plain_text'));
  if (block.type === 'section') {
    problems.push(...textViolations(text, LIMITS.sectionText));
    if (block.accessory)
      problems.push(...elementViolations(block.accessory as Record<string, unknown>, actionIds));
  }
  if (block.type === 'context') {
    const elements = (block.elements as TextObject[] | undefined) ?? [];
    if (elements.length === 0 || elements.length > LIMITS.contextElements)
      problems.push(`${elements.length} elements`);
    for (const e of elements) problems.push(...textViolations(e, LIMITS.sectionText));
  }
  if (block.type === 'actions') {
    const elements = (block.elements as Record<string, unknown>[] | undefined) ?? [];
    if (elements.length === 0 || elements.length > LIMITS.actionsElements)
      problems.push(`${elements.length} elements`);
    for (const e of elements) problems.push(...elementViolations(e, actionIds));
  }
  return problems;
}

function textViolations(text: TextObject | undefined, max: number, type?: string): string[] {
  if (!text || typeof text.text !== 'string') return ['missing text'];
  if (type !== undefined && text.type !== type) return [`text must be ${type}`];
  if (text.text.length === 0) return ['empty text'];
  return text.text.length > max ? [`text is ${text.text.length} characters (max ${max})`] : [];
}

function elementViolations(element: Record<string, unknown>, actionIds: Set<string>): string[] {
  const problems: string[] = [];
  const id = element.action_id;
  if (typeof id !== 'string' || id.length === 0 || id.length > LIMITS.actionId)
    problems.push('bad action_id');
  else if (actionIds.has(id)) problems.push(`duplicate action_id ${id}`);
  else actionIds.add(id);
  if (element.type === 'button') {
    problems.push(...textViolations(element.text as TextObject, LIMITS.buttonText, 'plain_text'));
    if (typeof element.value === 'string' && element.value.length > LIMITS.buttonValue)
      problems.push('value too long');
    if (typeof element.url === 'string' && element.url.length > LIMITS.buttonUrl)
      problems.push('url too long');
  }
  return problems;
}

/**
 * A message that is sure to be inside Slack's limits: renderers already keep to them, so this only bites on
 * a renderer bug or an unforeseen input, and then it shortens (never drops) the message.
 */
export function withinLimits(message: SlackMessage): SlackMessage {
  if (messageViolations(message).length === 0) return message;
  const blocks = message.blocks.slice(0, LIMITS.blocks).map((block) => {
    const text = block.text as { type: string; text: string } | undefined;
    const max = block.type === 'header' ? LIMITS.headerText : LIMITS.sectionText;
    return text && typeof text.text === 'string'
      ? { ...block, text: { ...text, text: clip(text.text, max) || '…' } }
      : block;
  });
  const text = clip(message.text || 'kubecon-bot', LIMITS.fallbackText);
  const fitted = { text, blocks };
  return messageViolations(fitted).length === 0 ? fitted : { text, blocks: [] };
}
