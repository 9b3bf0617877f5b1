import MarkdownIt, { type MarkdownIt as Parser, type StateBlock, type Token } from 'markdown-it';
import type {
  Blockquote,
  Code,
  Heading,
  List,
  ListItem,
  Nodes,
  Paragraph,
  Parents,
  PhrasingContent,
  Root,
  Table,
  TableCell,
  TableRow,
} from 'mdast';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';

/**
 * A note's body (markdown, CommonMark with GitHub's extensions) as the mdast tree that sections.ts reads.
 *
 * Two parsers give the same tree. **The fast path** is markdown-it (CommonMark and GitHub's tables) with its
 * tokens turned into mdast, then GitHub's bare-URL links found as remark-gfm finds them: about ten times
 * cheaper than remark, which spends most of a note's parse building events and positions nothing here
 * reads. Only headings carry a position (their line), the one a section needs. **The full path**, remark
 * with remark-gfm, takes every body that uses syntax the fast path does not implement (footnotes,
 * strikethrough, task lists: see FULL_PATH_SYNTAX). `tests/core/knowledge/markdown.test.ts` checks both
 * give the same tree on the notes' syntax.
 */

/**
 * Syntax only the full path implements, or that markdown-it reads otherwise than remark: a body with any of
 * these goes to remark. Each test is cheap, linear and over-eager (a `[^` in a code sample sends a note to
 * remark, harmlessly). GitHub's strikethrough (`~one~`, `~~two~~`) is one more: a note whose text (not its
 * code) has a `~` goes to remark too, once markdown-it has shown where its text is (see TextSeen).
 */
export const FULL_PATH_SYNTAX: readonly ((body: string) => boolean)[] = [
  /** GitHub footnotes: `[^1]` and `[^1]: …`. */
  (body) => body.includes('[^'),
  /** GitHub task list items: `- [ ] …`, `1. [x] …`. */
  (body) => /^[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[[ xX]\]/m.test(body),
  /** A tab-indented line after a quote: markdown-it reads a nested quote's lazy line as code. */
  (body) => /^[ \t]*>/m.test(body) && /^ *\t/m.test(body),
];

/** Text where GitHub's bare-URL links (`https://…`, `www.…`, `a@b.c`, `mailto:`, `xmpp:`) may be. */
const LITERAL_LINK_HINT = /https?:\/\/|www\.|@/i;

/** remark with remark-gfm, imported the first time a body needs it: most processes never do. */
let full: Promise<{ parse(body: string): Root }> | undefined;
const fullParser = () => {
  full ??= Promise.all([import('remark'), import('remark-gfm')]).then(([{ remark }, gfm]) =>
    remark().use(gfm.default),
  );
  return full;
};

/**
 * markdown-it stops reading what is nested deeper than this (remark has no such limit), so a body that
 * reaches it goes to remark. The screening (screen-note.ts) rejects lists and quotes that deep first.
 */
const MAX_NESTING = 200;

/** markdown-it as CommonMark with GitHub's tables; links kept as written (no encoding, no URL filter). */
const fast = new MarkdownIt('commonmark', { html: true, maxNesting: MAX_NESTING }).enable('table');
fast.normalizeLink = (url) => url;
fast.normalizeLinkText = (text) => text;
fast.validateLink = () => true;
keepDefinitions(fast);
countCells(fast);

const [findLiteralLinks] = gfmAutolinkLiteralFromMarkdown().transforms ?? [];

/** Parses a note's body (the text after its frontmatter). */
export async function parseMarkdown(body: string): Promise<Root> {
  if (FULL_PATH_SYNTAX.some((uses) => uses(body))) return parseMarkdownFully(body);
  const env: FastEnv = {};
  const seen: TextSeen = { tilde: false, literalLinks: false, unknown: false };
  const tree = toMdast(fast.parse(body, env), seen);
  if (seen.tilde || seen.unknown || env.differs) return parseMarkdownFully(body);
  if (seen.literalLinks) findLiteralLinks?.(tree);
  return tree;
}

/** Parses a body with remark alone (the full path): what the fast path is checked against. */
export async function parseMarkdownFully(body: string): Promise<Root> {
  return (await fullParser()).parse(body);
}

/**
 * What the fast path saw in the text: a `~` (strikethrough, maybe), what may be a bare-URL link, a token
 * it has no mdast node for (none today; remark would then parse the note).
 */
interface TextSeen {
  tilde: boolean;
  literalLinks: boolean;
  unknown: boolean;
}

/** What the wrapped rules tell: `differs` when markdown-it reads a block otherwise than remark does. */
type FastEnv = { differs?: true; [key: string]: unknown };

/** The start of a table's delimiter row (`|---|:-:`), on a line inside a paragraph: a table remark sees. */
const DELIMITER_ROW = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\||$)/m;

/** Link reference definitions leave a `definition` token where they stood, as mdast keeps a node there. */
function keepDefinitions(md: Parser): void {
  const reference = ruleOf(md, 'reference');
  md.block.ruler.at('reference', (state: StateBlock, start: number, end: number, silent: boolean) => {
    if (!reference(state, start, end, silent)) return false;
    if (silent) return true;
    state.push('definition', '', 0).map = [start, state.line];
    // An indented line right after a definition continues its paragraph for remark, not a code block.
    const next = state.line;
    const indented = next < end && !state.isEmpty(next) && (state.sCount[next] ?? 0) - state.blkIndent >= 4;
    if (indented) (state.env as FastEnv).differs = true;
    return true;
  });
}

/**
 * A table row keeps the cells it was written with (`meta.cells`): markdown-it adds empty cells up to the
 * header's count, where mdast keeps a short row short.
 */
function countCells(md: Parser): void {
  const table = ruleOf(md, 'table');
  md.block.ruler.at('table', (state: StateBlock, start: number, end: number, silent: boolean) => {
    const from = state.tokens.length;
    if (!table(state, start, end, silent)) return false;
    if (silent) return true;
    const columns = state.tokens.slice(from).filter((t) => t.type === 'th_open').length;
    const lineOf = (line: number) =>
      state.src.slice((state.bMarks[line] ?? 0) + (state.tShift[line] ?? 0), state.eMarks[line]).trim();
    // remark wants a pipe in the header and delimiter rows of a one-column table (else `---` is a heading).
    if (!lineOf(start).includes('|') || !lineOf(start + 1).includes('|'))
      (state.env as FastEnv).differs = true;
    for (const token of state.tokens.slice(from)) {
      const line = token.type === 'tr_open' ? token.map?.[0] : undefined;
      if (line === undefined || line < start + 2) continue;
      const cells = cellsOf(lineOf(line));
      token.meta = { cells };
      // remark keeps the cells past the header's count; markdown-it drops them.
      if (cells > columns) (state.env as FastEnv).differs = true;
    }
    return true;
  });
}

/** How many cells a table row's text holds, split at unescaped pipes as markdown-it splits it. */
function cellsOf(row: string): number {
  let cells = 1;
  for (let i = 0; i < row.length; i++) if (row[i] === '|' && row[i - 1] !== '\\') cells++;
  if (row.startsWith('|')) cells--;
  if (row.endsWith('|') && row[row.length - 2] !== '\\') cells--;
  return cells;
}

/** A block rule of markdown-it by name, to wrap. */
function ruleOf(md: Parser, name: string): BlockRule {
  const rules = md.block.ruler as unknown as { __rules__: { name: string; fn: BlockRule }[] };
  const rule = rules.__rules__.find((r) => r.name === name)?.fn;
  if (!rule) throw new Error(`markdown: markdown-it has no ${name} rule`);
  return rule;
}

type BlockRule = (state: StateBlock, start: number, end: number, silent: boolean) => boolean;

/** markdown-it's block tokens as an mdast root. */
function toMdast(tokens: readonly Token[], seen: TextSeen): Root {
  const root: Root = { type: 'root', children: [] };
  const stack: Parents[] = [root];
  const shortRows = new Map<TableRow, number>();
  const children = () => (stack.at(-1) as { children: Nodes[] }).children;
  for (const [i, token] of tokens.entries()) {
    seen.unknown ||= token.level >= MAX_NESTING - 1;
    // remark starts a setext heading at the definitions before it (its paragraph's start).
    const setext = token.type === 'heading_open' && (token.markup === '=' || token.markup === '-');
    seen.unknown ||= setext && tokens[i - 1]?.type === 'definition';
    // remark reads `2.` after indented code or a definition as text, as if it interrupted a paragraph.
    const notFromOne = token.type === 'ordered_list_open' && Number(token.attrGet('start') ?? 1) !== 1;
    const after = tokens[i - 1]?.type;
    seen.unknown ||= notFromOne && (after === 'code_block' || after === 'definition');
    if (token.type === 'inline') {
      // remark lets a table interrupt a paragraph; markdown-it does not.
      seen.unknown ||= token.content.includes('\n') && DELIMITER_ROW.test(token.content);
      children().push(...phrasing(token.children ?? [], seen));
    } else if (token.nesting === -1) {
      const closed = closeBlock(token, stack);
      const cells = closed && shortRows.get(closed as TableRow);
      if (closed?.type === 'tableRow' && typeof cells === 'number') closed.children.splice(cells);
    } else {
      const node = blockNode(token);
      if (node === undefined) continue;
      children().push(node);
      if (token.nesting === 1) stack.push(node as Parents);
      const cells = token.meta?.cells;
      if (node.type === 'tableRow' && typeof cells === 'number') shortRows.set(node, cells);
    }
  }
  return root;
}

/** Closes the node a closing token ends and returns it; table sections (thead, tbody) are no node in mdast. */
function closeBlock(token: Token, stack: Parents[]): Parents | undefined {
  return token.type === 'thead_close' || token.type === 'tbody_close' ? undefined : stack.pop();
}

/** The mdast node a block token opens or is; undefined for tokens mdast has no node for (table sections). */
function blockNode(token: Token): Nodes | undefined {
  switch (token.type) {
    case 'paragraph_open':
      return { type: 'paragraph', children: [] } satisfies Paragraph;
    case 'heading_open':
      return {
        type: 'heading',
        depth: Number(token.tag.slice(1)) as Heading['depth'],
        children: [],
        position: { start: { line: (token.map?.[0] ?? 0) + 1, column: 1 }, end: { line: 1, column: 1 } },
      } satisfies Heading;
    case 'bullet_list_open':
    case 'ordered_list_open': {
      const ordered = token.type === 'ordered_list_open';
      const start = ordered ? Number(token.attrGet('start') ?? 1) : null;
      return { type: 'list', ordered, start, spread: false, children: [] } satisfies List;
    }
    case 'list_item_open':
      return { type: 'listItem', spread: false, checked: null, children: [] } satisfies ListItem;
    case 'blockquote_open':
      return { type: 'blockquote', children: [] } satisfies Blockquote;
    case 'fence':
    case 'code_block':
      return { type: 'code', lang: null, meta: null, value: token.content.replace(/\n$/, '') } satisfies Code;
    case 'html_block':
      return { type: 'html', value: token.content.replace(/\n$/, '') };
    case 'hr':
      return { type: 'thematicBreak' };
    case 'definition':
      return { type: 'definition', identifier: '', label: '', url: '', title: null };
    case 'table_open':
      return { type: 'table', align: [], children: [] } satisfies Table;
    case 'tr_open':
      return { type: 'tableRow', children: [] } satisfies TableRow;
    case 'th_open':
    case 'td_open':
      return { type: 'tableCell', children: [] } satisfies TableCell;
    default:
      return undefined;
  }
}

/** Inline tokens as phrasing nodes; adjacent text (soft breaks, escapes, entities) is one text node. */
function phrasing(tokens: readonly Token[], seen: TextSeen): PhrasingContent[] {
  const stack: { children: PhrasingContent[] }[] = [{ children: [] }];
  const add = (node: PhrasingContent) => {
    const children = (stack.at(-1) as { children: PhrasingContent[] }).children;
    const last = children.at(-1);
    if (node.type === 'text' && node.value === '') return;
    if (node.type === 'text' && last?.type === 'text') last.value += node.value;
    else children.push(node);
  };
  const open = (node: PhrasingContent & { children: PhrasingContent[] }) => {
    add(node);
    stack.push(node);
  };
  for (const token of tokens) {
    seen.unknown ||= token.level >= MAX_NESTING - 1;
    switch (token.type) {
      case 'text':
      case 'text_special':
        seen.tilde ||= token.content.includes('~');
        add({ type: 'text', value: token.content });
        break;
      case 'softbreak':
        add({ type: 'text', value: '\n' });
        break;
      case 'hardbreak':
        add({ type: 'break' });
        break;
      case 'code_inline':
        add({ type: 'inlineCode', value: token.content });
        break;
      case 'html_inline':
        add({ type: 'html', value: token.content });
        break;
      case 'image':
        add({ type: 'image', url: String(token.attrGet('src') ?? ''), alt: token.content, title: null });
        break;
      case 'em_open':
        open({ type: 'emphasis', children: [] });
        break;
      case 'strong_open':
        open({ type: 'strong', children: [] });
        break;
      case 'link_open':
        open(
          token.meta?.label === undefined
            ? { type: 'link', url: String(token.attrGet('href') ?? ''), title: null, children: [] }
            : { type: 'linkReference', identifier: '', label: '', referenceType: 'full', children: [] },
        );
        break;
      case 'em_close':
      case 'strong_close':
      case 'link_close':
        stack.pop();
        break;
      default:
        seen.unknown = true;
    }
  }
  const nodes = stack[0]?.children ?? [];
  seen.literalLinks ||= mayHoldLiteralLinks(nodes);
  return nodes;
}

/** True when a text among the nodes (whole, as merged) may hold a bare-URL link. */
function mayHoldLiteralLinks(nodes: readonly PhrasingContent[]): boolean {
  return nodes.some((node) =>
    node.type === 'text'
      ? LITERAL_LINK_HINT.test(node.value)
      : 'children' in node && mayHoldLiteralLinks(node.children),
  );
}
