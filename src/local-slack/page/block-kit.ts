import { type Block, fieldsOf } from '../workspace.js';
import { escapeHtml, type MrkdwnContext, mrkdwnToHtml, plainToHtml } from './mrkdwn-html.js';

/**
 * Block Kit as HTML, drawn as Slack's client draws it: header, section (text, fields, accessory), context,
 * divider and actions, with buttons (primary and danger styles; a button with a URL is a link that opens in
 * a new tab). A button is a submit button named `action` whose value is its action id: the message around
 * it is a form, so a click works with or without the page's script. Whatever it cannot draw (an image, a
 * select menu, an unknown emoji) is shown as such and reported, so a test can insist there is none.
 */

/** Drawn blocks, and every block, element or emoji that could not be drawn (`block image`, `emoji :x:`). */
export interface Drawn {
  readonly html: string;
  readonly unsupported: readonly string[];
}

type TextObject = { type?: unknown; text?: unknown; emoji?: unknown };
type Element = Record<string, unknown> & { type?: unknown };

/** The blocks of a message or view as HTML. */
export function renderBlocks(blocks: readonly Block[], context: MrkdwnContext): Drawn {
  const unsupported: string[] = [];
  const unknownEmoji = new Set<string>();
  const ctx = { ...context, unknownEmoji };
  const html = blocks.map((block) => renderBlock(block, ctx, unsupported)).join('');
  for (const emoji of unknownEmoji) unsupported.push(`emoji ${emoji}`);
  return { html, unsupported };
}

/** One block, or a marked placeholder for a block type the playground does not draw. */
function renderBlock(block: Block, ctx: MrkdwnContext, unsupported: string[]): string {
  const fields = fieldsOf(block);
  const id = typeof fields.block_id === 'string' ? ` data-block-id="${escapeHtml(fields.block_id)}"` : '';
  switch (block.type) {
    case 'header':
      return `<h3 class="bk-header"${id}>${text(fields.text as TextObject, ctx, unsupported)}</h3>`;
    case 'divider':
      return `<hr class="bk-divider"${id}>`;
    case 'section':
      return `<div class="bk-section"${id}>${section(block, ctx, unsupported)}</div>`;
    case 'context': {
      const parts = elements(block).map((e) => `<span>${text(e as TextObject, ctx, unsupported)}</span>`);
      return `<div class="bk-context"${id}>${parts.join('')}</div>`;
    }
    case 'actions': {
      const parts = elements(block).map((e) => element(e, ctx, unsupported));
      return `<div class="bk-actions" role="group"${id}>${parts.join('')}</div>`;
    }
    default:
      unsupported.push(`block ${block.type}`);
      return notDrawn(`${block.type} block`);
  }
}

/** A section: its text, then its fields in two columns, its accessory on the right. */
function section(block: Block, ctx: MrkdwnContext, unsupported: string[]): string {
  const { text: blockText, fields: blockFields, accessory: blockAccessory } = fieldsOf(block);
  const body = blockText
    ? `<div class="bk-text">${text(blockText as TextObject, ctx, unsupported)}</div>`
    : '';
  const fields = Array.isArray(blockFields)
    ? `<div class="bk-fields">${(blockFields as TextObject[]).map((f) => `<div>${text(f, ctx, unsupported)}</div>`).join('')}</div>`
    : '';
  const accessory = blockAccessory
    ? `<div class="bk-accessory">${element(blockAccessory as Element, ctx, unsupported)}</div>`
    : '';
  return `<div class="bk-main">${body}${fields}</div>${accessory}`;
}

const elements = (block: Block): Element[] => {
  const { elements: list } = fieldsOf(block);
  return Array.isArray(list) ? (list as Element[]) : [];
};

/** A text object: mrkdwn or plain text (with emoji unless it says `emoji: false`). */
function text(object: TextObject | undefined, ctx: MrkdwnContext, unsupported: string[]): string {
  const value = typeof object?.text === 'string' ? object.text : '';
  if (object?.type === 'mrkdwn') return mrkdwnToHtml(value, ctx);
  if (object?.type === 'plain_text') return plainToHtml(value, ctx, object.emoji !== false);
  unsupported.push(`text ${String(object?.type)}`);
  return notDrawn(`${String(object?.type)} text`);
}

/** An interactive element: a button (a link button when it has a URL). */
function element(e: Element, ctx: MrkdwnContext, unsupported: string[]): string {
  if (e.type !== 'button') {
    unsupported.push(`element ${String(e.type)}`);
    return notDrawn(`${String(e.type)} element`);
  }
  const label = text(e.text as TextObject, ctx, unsupported);
  const style = e.style === 'primary' || e.style === 'danger' ? ` bk-${e.style}` : '';
  const action = escapeHtml(String(e.action_id ?? ''));
  if (typeof e.url === 'string' && /^https?:/i.test(e.url)) {
    const href = escapeHtml(e.url);
    return `<a class="bk-button${style}" href="${href}" target="_blank" rel="noopener noreferrer" data-action="${action}">${label}</a>`;
  }
  return `<button type="submit" class="bk-button${style}" name="action" value="${action}">${label}</button>`;
}

/** The placeholder for something the playground does not draw. */
function notDrawn(what: string): string {
  return `<div class="bk-unsupported">The playground does not draw this ${escapeHtml(what)}.</div>`;
}
