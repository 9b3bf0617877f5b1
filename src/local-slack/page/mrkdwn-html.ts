import { emojify } from './emoji.js';

/**
 * Slack mrkdwn as HTML, the way Slack's client draws it: `*bold*`, `_italic_`, `~strike~`, `` `code` ``,
 * ```` ```blocks``` ````, `<url|label>` links, `<@U…>` and `<#C…>` mentions, `<!here>`, lines starting `>` as
 * quotes, lines starting `•`, `-` or `1.` as lists (nested by indent), and emoji shortcodes as emoji.
 * Everything else is text, escaped: nothing in a message can inject markup.
 */

/** What the renderer needs to know of the workspace, and where it reports what it could not draw. */
export interface MrkdwnContext {
  /** A person's or channel's display name by id (`UBOT0001` → `kubecon`). */
  readonly nameOf: (id: string) => string | undefined;
  /** Collects shortcodes that are not in the emoji table. */
  readonly unknownEmoji?: Set<string>;
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Slack's three entities back to characters (before escaping for HTML again). */
const decode = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Plain text (a plain_text object) as HTML: escaped, with emoji when the object asks for them. */
export function plainToHtml(text: string, context: MrkdwnContext, emoji = true): string {
  const html = escapeHtml(text);
  return emoji ? emojify(html, context.unknownEmoji) : html;
}

/** A mrkdwn text as HTML. */
export function mrkdwnToHtml(text: string, context: MrkdwnContext): string {
  // Code blocks first: nothing inside them is formatting. split() puts each block's text at odd indexes.
  return text
    .split(/```([\s\S]*?)```/)
    .map((part, i) =>
      i % 2 === 1
        ? `<pre class="code-block">${escapeHtml(decode(part.replace(/^\n|\n$/g, '')))}</pre>`
        : renderLines(part.replace(/^\n|\n$/g, '').split('\n'), context),
    )
    .join('');
}

/** A quote marker (`>` as sent, or `&gt;` escaped) at the start of a line. */
const QUOTE = /^(?:>|&gt;) ?/;
/** A list item: indent, bullet (•, ◦, ▪, -) or number, a space, the text. */
const ITEM = /^(\s*)(•|◦|▪|-|(\d+)\.)\s+(.*)$/;

/** Lines as paragraphs, quotes and lists. */
function renderLines(lines: readonly string[], context: MrkdwnContext): string {
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    const line = lines[i] ?? '';
    if (QUOTE.test(line)) {
      const quoted: string[] = [];
      for (; i < lines.length && QUOTE.test(lines[i] ?? ''); i++)
        quoted.push((lines[i] ?? '').replace(QUOTE, ''));
      out.push(`<blockquote>${renderLines(quoted, context)}</blockquote>`);
    } else if (ITEM.test(line)) {
      const items: string[] = [];
      for (; i < lines.length && ITEM.test(lines[i] ?? ''); i++) items.push(lines[i] ?? '');
      out.push(renderList(items, context));
    } else {
      const para: string[] = [];
      for (; i < lines.length && !QUOTE.test(lines[i] ?? '') && !ITEM.test(lines[i] ?? ''); i++)
        para.push(lines[i] ?? '');
      out.push(renderParagraph(para, context));
    }
  }
  return out.join('');
}

/** Consecutive text lines: one paragraph, line breaks kept. */
function renderParagraph(lines: readonly string[], context: MrkdwnContext): string {
  const html = lines.map((l) => inline(l, context)).join('<br>');
  return html === '' ? '' : `<p>${html}</p>`;
}

/** List lines as nested lists: each indent step deeper opens a list inside the previous item. */
function renderList(lines: readonly string[], context: MrkdwnContext): string {
  let html = '';
  const open: { indent: number; tag: 'ul' | 'ol' }[] = [];
  for (const line of lines) {
    const [, indent = '', , number, text = ''] = ITEM.exec(line) ?? [];
    const tag = number !== undefined ? 'ol' : 'ul';
    while (open.length > 0 && (open.at(-1)?.indent ?? 0) > indent.length)
      html += `</li></${open.pop()?.tag}>`;
    if (open.at(-1)?.indent === indent.length && open.at(-1)?.tag !== tag)
      html += `</li></${open.pop()?.tag}>`;
    const top = open.at(-1);
    if (!top || top.indent < indent.length) {
      html += `<${tag}${number !== undefined && number !== '1' ? ` start="${number}"` : ''}>`;
      open.push({ indent: indent.length, tag });
    } else html += '</li>';
    html += `<li>${inline(text, context)}`;
  }
  while (open.length > 0) html += `</li></${open.pop()?.tag}>`;
  return html;
}

/** Inline formatting of one line: code and `<…>` sequences are kept whole, then bold, italic, strike. */
export function inline(line: string, context: MrkdwnContext): string {
  const atoms: string[] = [];
  const keep = (html: string) => `\uE000${atoms.push(html) - 1}\uE001`;
  let text = line.replace(/`([^`\n]+)`/g, (_, code: string) =>
    keep(`<code>${escapeHtml(decode(code))}</code>`),
  );
  text = text.replace(/<([^<>\n]+)>/g, (_, inner: string) => keep(controlSequence(inner, context)));
  text = emojify(escapeHtml(decode(text)), context.unknownEmoji);
  for (const [marker, tag] of [
    ['\\*', 'strong'],
    ['_', 'em'],
    ['~', 'del'],
  ] as const) {
    const pattern = new RegExp(
      `(?<![\\p{L}\\p{N}${marker}])${marker}(?!\\s)([^\\n]*?[^\\s])${marker}(?![\\p{L}\\p{N}${marker}])`,
      'gu',
    );
    text = text.replace(pattern, (_, inner: string) => `<${tag}>${inner}</${tag}>`);
  }
  return text.replace(/\uE000(\d+)\uE001/g, (_, i: string) => atoms[Number(i)] ?? '');
}

/** `<…>`: a link, a mention of a person or channel, or a special mention. */
function controlSequence(inner: string, context: MrkdwnContext): string {
  const bar = inner.indexOf('|');
  const target = bar >= 0 ? inner.slice(0, bar) : inner;
  const label = bar >= 0 ? inner.slice(bar + 1) : undefined;
  const mention = (text: string) => `<span class="mention">${escapeHtml(text)}</span>`;
  if (target.startsWith('@'))
    return mention(`@${context.nameOf(target.slice(1)) ?? label ?? target.slice(1)}`);
  if (target.startsWith('#'))
    return mention(`#${context.nameOf(target.slice(1)) ?? label ?? target.slice(1)}`);
  if (target.startsWith('!')) {
    const special = target.slice(1).split('^')[0] ?? '';
    if (['here', 'channel', 'everyone'].includes(special)) return mention(`@${special}`);
    return escapeHtml(decode(label ?? special));
  }
  const url = decode(target);
  const text = label !== undefined ? inline(label, context) : escapeHtml(url);
  if (!/^(https?:|mailto:)/i.test(url)) return text;
  return `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${text}</a>`;
}
