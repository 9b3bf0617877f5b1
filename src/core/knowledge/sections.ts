import type { Heading, Root, RootContent } from 'mdast';
import type { Link, Passage } from '../types.js';
import { extractLinks } from './links.js';
import { cleanText, escapeMrkdwn, toMrkdwn, toPlainText } from './mrkdwn.js';

/**
 * Splitting a note's body into sections (see `Section` in types.ts). A section runs from a heading to the
 * next heading of the same or shallower depth; its *own text* runs to the next heading of any depth.
 * The note's **title heading** (its only depth-1 heading, when it comes first) heads the title section,
 * which also takes any text before the first heading; it is left out of the other sections' paths.
 */

export const SECTION_OPTIONS = {
  /** An interlude (see isInterlude) is at most this many characters: a line, not a passage. */
  interludeMaxLength: 200,
} as const;

/** A section as split from the tree, before ids and topics are given. */
export interface RawSection {
  readonly heading: string;
  readonly path: readonly string[];
  readonly depth: number;
  readonly line: number;
  readonly passages: Passage[];
  readonly links: Link[];
  readonly children: RawSection[];
}

/** An image marker the report leaves as a bare paragraph: `/images/party.jpg / caption` (the caption is kept). */
const IMAGE_MARKER = /^\/?[\w./-]+\.(?:jpe?g|png|gif|svg|webp)\b/i;

/** Splits a parsed body into sections, in document order. `lineOffset` maps body lines to file lines. */
export function splitSections(tree: Root, title: string, lineOffset: number): RawSection[] {
  const headings = tree.children.filter((n): n is Heading => n.type === 'heading');
  const first = tree.children[0];
  const titleHeading =
    first?.type === 'heading' && first.depth === 1 && headings.filter((h) => h.depth === 1).length === 1
      ? first
      : undefined;
  const topLine = lineOffset + (titleHeading?.position?.start.line ?? 1);
  const top = newSection(titleHeading ? headingText(titleHeading) : title, [], 0, topLine);
  const all: RawSection[] = [top];
  const stack: RawSection[] = [top];
  for (const [i, node] of tree.children.entries()) {
    if (node === titleHeading || isInterlude(tree.children, i, stack.at(-1) ?? top)) continue;
    if (node.type === 'heading') {
      while (stack.length > 1 && (stack.at(-1)?.depth ?? 0) >= node.depth) stack.pop();
      const parent = stack.at(-1) ?? top;
      const text = headingText(node);
      const path = parent === top ? [text] : [...parent.path, text];
      const line = lineOffset + (node.position?.start.line ?? 1);
      const section = newSection(text, path, node.depth, line);
      parent.children.push(section);
      all.push(section);
      stack.push(section);
    } else {
      addBlock(stack.at(-1) ?? top, node);
    }
  }
  return all.filter((s) => s !== top || s.passages.length > 0);
}

/**
 * An **interlude**: a short block set off by thematic breaks just before the next heading, after the
 * section's own text ("Right ... what about some actual technologies of interest?"). It leads from one
 * section to the next and belongs to neither, so it is not part of any section's text.
 */

function isInterlude(nodes: readonly RootContent[], i: number, section: RawSection): boolean {
  const node = nodes[i];
  if (!node || section.passages.length === 0) return false;
  if (node.type !== 'paragraph' && node.type !== 'blockquote') return false;
  const after = nodes[i + 2];
  return (
    nodes[i - 1]?.type === 'thematicBreak' &&
    nodes[i + 1]?.type === 'thematicBreak' &&
    (after === undefined || after.type === 'heading') &&
    toPlainText(node).length <= SECTION_OPTIONS.interludeMaxLength
  );
}

function newSection(heading: string, path: readonly string[], depth: number, line: number): RawSection {
  return {
    heading,
    path: path.length === 0 ? [heading] : path,
    depth,
    line,
    passages: [],
    links: [],
    children: [],
  };
}

/** Plain text of a heading, without `{#anchor}` suffixes. */
export function headingText(node: Heading): string {
  return cleanText(toPlainText(node)).trim();
}

/** Adds a top-level block to a section's own text, unless it is not content (comments, rules, images). */
function addBlock(section: RawSection, node: RootContent): void {
  if (node.type === 'html' || node.type === 'thematicBreak' || node.type === 'definition') return;
  if (node.type === 'yaml' || node.type === 'footnoteDefinition') return;
  const text = toPlainText(node).trim();
  if (text === '') return;
  if (node.type === 'paragraph' && IMAGE_MARKER.test(text)) {
    // The picture is not text; its caption is the author's words ("Party time at KubeCon!").
    const caption = text
      .replace(IMAGE_MARKER, '')
      .replace(/^\s*[/|]\s*/, '')
      .trim();
    if (caption !== '') section.passages.push({ text: caption, mrkdwn: escapeMrkdwn(caption) });
    return;
  }
  section.passages.push({ text, mrkdwn: toMrkdwn(node).trim() });
  section.links.push(...extractLinks(node));
}
