import type { Link as MdLink, Nodes } from 'mdast';
import type { Link } from '../types.js';
import { toPlainText } from './mrkdwn.js';

/**
 * Links of a block, classified. A **talk** is a link to a recording (YouTube, Vimeo); its title is
 * made from its link text and its sentence: "[a talk](…) on [Linkerd](…)" is the "Linkerd talk",
 * "[Janet Kuo](…)" in a sentence about keynotes is "Janet Kuo's keynote", "The [announcement was
 * brief](…)" after "[SMI](…)" is the "SMI announcement". Everything else is a **reference**.
 */

const TALK_URL =
  /^https?:\/\/(?:www\.|m\.)?(?:youtube\.com\/(?:watch|embed|live)|youtu\.be\/|vimeo\.com\/\d)/i;
/** A word for a talk (a recording's kind): "keynote", "talks". */
export const TALK_NOUN = /\b(keynote|talk|announcement|session|presentation|demo|panel|webinar)s?\b/i;
const FILLER = /^(?:a|an|the|this|that|one|was|is|brief|short|great|nice|good|here|on|of|my|our)$/i;

interface Placed {
  readonly node: MdLink;
  readonly label: string;
  readonly start: number;
  readonly end: number;
}

/** Every link in a block (a paragraph, list, quote…), in reading order, classified. */
export function extractLinks(block: Nodes): Link[] {
  const placed: Placed[] = [];
  const text = flatten(block, placed);
  return placed.map((link, i) => classify(link, i, placed, text));
}

/** True when the URL is a recording of a talk. */
export function isTalkUrl(url: string): boolean {
  return TALK_URL.test(url);
}

function classify(link: Placed, index: number, all: readonly Placed[], text: string): Link {
  const url = link.node.url;
  if (!isTalkUrl(url)) return { kind: 'reference', title: referenceTitle(link.label, url), url };
  return { kind: 'talk', title: talkTitle(link, index, all, text), url };
}

/** A reference keeps its link text; a bare URL becomes its host name. */
function referenceTitle(label: string, url: string): string {
  if (label !== '' && label !== url) return label;
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/** A talk's title from its own words, or from the subject its sentence (or paragraph) names. */
function talkTitle(link: Placed, index: number, all: readonly Placed[], text: string): string {
  const sentence = sentenceAround(text, link.start, link.end);
  const noun = (
    TALK_NOUN.exec(link.label)?.[1] ?? (/keynote/i.test(sentence.text) ? 'keynote' : 'talk')
  ).toLowerCase();
  const words = link.label.split(/\s+/).filter((w) => w !== '' && !TALK_NOUN.test(w) && !FILLER.test(w));
  const proper = words.filter((w) => /^[\p{Lu}\d]/u.test(w));
  if (proper.length > 0 && proper.length === words.length) {
    const name = proper.join(' ');
    return TALK_NOUN.test(link.label) ? `${name} ${noun}` : `${name}'s ${noun}`;
  }
  const subject = subjectOf(index, all, sentence.end) ?? (link.label || 'Conference');
  // "Linkerd getting started talk" already says what it is: no second "talk".
  return TALK_NOUN.test(subject) ? subject : `${subject} ${noun}`;
}

/** The next link in the same sentence, else the nearest earlier link in the block. */
function subjectOf(index: number, all: readonly Placed[], sentenceEnd: number): string | undefined {
  const next = all[index + 1];
  if (next && next.start < sentenceEnd && !isTalkUrl(next.node.url)) return next.label;
  for (let i = index - 1; i >= 0; i--) {
    const prev = all[i];
    if (prev && !isTalkUrl(prev.node.url)) return prev.label;
  }
  return undefined;
}

/** The bounds of the sentence that holds [start, end) in text. */
function sentenceAround(text: string, start: number, end: number): { text: string; end: number } {
  const before = text.slice(0, start);
  const from = Math.max(before.lastIndexOf('. '), before.lastIndexOf('! '), before.lastIndexOf('? ')) + 1;
  const after = /[.!?](\s|$)/.exec(text.slice(end));
  const to = after ? end + after.index + 1 : text.length;
  return { text: text.slice(from, to), end: to };
}

/** Plain text of a block, recording where each link's label sits in it. */
function flatten(node: Nodes, placed: Placed[], acc = { text: '' }): string {
  if (node.type === 'link') {
    const label = toPlainText(node).trim();
    const start = acc.text.length;
    acc.text += label;
    placed.push({ node, label, start, end: acc.text.length });
  } else if (node.type === 'text' || node.type === 'inlineCode') {
    acc.text += node.value;
  } else if ('children' in node) {
    for (const child of node.children) flatten(child, placed, acc);
    if (node.type === 'paragraph' || node.type === 'listItem') acc.text += ' ';
  }
  return acc.text;
}
