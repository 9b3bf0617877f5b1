import type { Nodes } from 'mdast';

/**
 * Markdown (mdast) to the two renderings a passage needs: plain text for indexing and Slack mrkdwn for
 * display. Slack mrkdwn: `*bold*`, `_italic_`, `~strike~`, `` `code` ``, `<url|label>`, `> quote`, and
 * `&`, `<`, `>` escaped as entities everywhere else.
 */

const HUGO_SHORTCODE = /\{\{[<%].*?[%>]\}\}/g;
const HEADING_ANCHOR = /\s*\{#[\w-]+\}\s*$/;

/** Nodes that are not content a reader sees: raw HTML (comments, image markers), images, link definitions, rules. */
const NOT_CONTENT = new Set<Nodes['type']>([
  'html',
  'image',
  'imageReference',
  'definition',
  'thematicBreak',
]);

/** Escapes the three characters Slack treats as control characters in mrkdwn. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A Slack link as an author writes it in mrkdwn: `<https://…>` or `<https://…|label>`. */
const AUTHORED_LINK = /<(https?:\/\/[^\s<>|]+)(?:\|([^<>]*))?>/g;

/**
 * Text an author wrote as Slack mrkdwn (a curated tip) made safe to send: its `*bold*`, `_italic_` and
 * `<https://…|label>` links stay, every other `&`, `<` and `>` is escaped, so "1&1" reaches Slack as
 * `1&amp;1` and no stray `<` starts a control sequence.
 */
export function authoredMrkdwn(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(AUTHORED_LINK)) {
    out += escapeMrkdwn(text.slice(last, m.index)) + slackLink(m[1] ?? '', m[2] ?? m[1] ?? '');
    last = m.index + m[0].length;
  }
  return out + escapeMrkdwn(text.slice(last));
}

/** Removes authoring noise that is not content: Hugo shortcodes and `{#anchor}` suffixes. */
export function cleanText(text: string): string {
  return text.replace(HUGO_SHORTCODE, '').replace(HEADING_ANCHOR, '');
}

/** Plain text of a node: what a reader sees, without markup, HTML or image markers. */
export function toPlainText(node: Nodes): string {
  if (NOT_CONTENT.has(node.type)) return '';
  switch (node.type) {
    case 'text':
    case 'inlineCode':
      return cleanText(node.value);
    case 'code':
      return node.value;
    case 'break':
      return '\n';
    case 'list':
    case 'blockquote':
    case 'root':
    case 'table':
      return node.children
        .map(toPlainText)
        .filter((t) => t !== '')
        .join('\n');
    case 'listItem':
    case 'tableRow':
      return node.children
        .map(toPlainText)
        .filter((t) => t !== '')
        .join(node.type === 'tableRow' ? ' | ' : '\n');
    default:
      return 'children' in node ? node.children.map(toPlainText).join('') : '';
  }
}

/** Slack mrkdwn of a node, with every literal `&`, `<` and `>` escaped. */
export function toMrkdwn(node: Nodes, indent = ''): string {
  if (NOT_CONTENT.has(node.type)) return '';
  switch (node.type) {
    case 'text':
      return escapeMrkdwn(cleanText(node.value));
    case 'strong':
      return wrap('*', inline(node.children));
    case 'emphasis':
      return wrap('_', inline(node.children));
    case 'delete':
      return wrap('~', inline(node.children));
    case 'inlineCode':
      return node.value === '' ? '' : `\`${escapeMrkdwn(node.value.replace(/`/g, "'"))}\``;
    case 'code':
      return `\`\`\`\n${escapeMrkdwn(node.value.replace(/```/g, "'''"))}\n\`\`\``;
    case 'link':
      return slackLink(node.url, toPlainText(node));
    case 'break':
      return '\n';
    case 'list':
      return node.children
        .map((item, i) => {
          const bullet = node.ordered ? `${(node.start ?? 1) + i}.` : '•';
          return `${indent}${bullet} ${toMrkdwn(item, `${indent}    `)}`;
        })
        .join('\n');
    case 'listItem':
      return node.children
        .map((child) => (child.type === 'list' ? toMrkdwn(child, indent) : toMrkdwn(child, indent)))
        .filter((t) => t !== '')
        .join('\n');
    case 'blockquote':
      return node.children
        .map((child) => toMrkdwn(child))
        .filter((t) => t !== '')
        .join('\n')
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n');
    case 'heading':
      return wrap('*', inline(node.children));
    case 'table':
      return node.children.map((row) => toMrkdwn(row)).join('\n');
    case 'tableRow':
      return node.children.map((cell) => inline(cell.children)).join(' | ');
    default:
      return 'children' in node ? node.children.map((c) => toMrkdwn(c, indent)).join('') : '';
  }
}

/**
 * A Slack link `<url|label>`; the label loses the characters that would end it early. Only web and mail
 * addresses become links: `<!here|…>` or `<@U…>` from a note would ping people, and a relative link leads
 * nowhere in Slack, so those keep just their label.
 */
export function slackLink(url: string, label: string): string {
  const safeUrl = url.replace(/[<>|\s]/g, encodeURIComponent);
  const safeLabel = escapeMrkdwn(label.replace(/[|]/g, '/').trim());
  if (!/^(?:https?:\/\/|mailto:)/i.test(url)) return safeLabel || escapeMrkdwn(url);
  return safeLabel === '' || label === url ? `<${safeUrl}>` : `<${safeUrl}|${safeLabel}>`;
}

function inline(children: readonly Nodes[]): string {
  return children.map((c) => toMrkdwn(c)).join('');
}

/** Wraps text in a mrkdwn marker, keeping surrounding whitespace outside so Slack still sees the marker. */
function wrap(marker: string, text: string): string {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(text);
  const [, before = '', core = '', after = ''] = match ?? [];
  return core === '' ? text : `${before}${marker}${core}${marker}${after}`;
}
