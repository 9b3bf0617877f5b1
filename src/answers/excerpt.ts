import { processTerm } from '../search/terms.js';
import type { Passage } from '../types.js';

/**
 * The **excerpt**: the best passage of a section for a query, not the whole section. The passage that
 * matches the most query terms wins (the first one on a tie); it is cut to whole sentences around its
 * first match, query words are put in bold, and a short excerpt takes the next passage along.
 */

export const EXCERPT_OPTIONS = {
  /** Target length in characters: about a phone screen of chat. */
  maxLength: 700,
  /** Below this, the following passage is added for context. */
  minLength: 280,
} as const;

/** A piece of mrkdwn that must not be split or bolded: a link, code, or an existing formatting span. */
const ATOMIC = /<[^>\n]*>|```[\s\S]*?```|`[^`\n]*`|(?<![\p{L}\p{N}])[*_~][^*_~\n]+[*_~](?![\p{L}\p{N}])/gu;

/** The excerpt of passages for the matched index terms, in mrkdwn. */
export function excerpt(passages: readonly Passage[], matchedTerms: readonly string[]): string {
  if (passages.length === 0) return '';
  const terms = new Set(matchedTerms);
  const scores = passages.map((p) => scorePassage(p.text, terms));
  const best = scores.indexOf(Math.max(...scores));
  let out = cut(passages[best]?.mrkdwn ?? '', terms, EXCERPT_OPTIONS.maxLength);
  const next = passages[best + 1];
  if (out.length < EXCERPT_OPTIONS.minLength && next && !out.endsWith('…')) {
    out += `\n\n${cut(next.mrkdwn, new Set(), EXCERPT_OPTIONS.maxLength - out.length)}`;
  }
  return highlight(out, terms);
}

/** Distinct matched terms (weighted) plus occurrences: how much a passage is about the query. */
function scorePassage(text: string, terms: ReadonlySet<string>): number {
  const found = wordsOf(text).filter((w) => terms.has(w));
  return new Set(found).size * 10 + found.length;
}

function wordsOf(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).flatMap((w) => processTerm(w) ?? []);
}

/** Cuts mrkdwn to whole sentences (or lines), starting at the first sentence with a match. */
export function cut(mrkdwn: string, terms: ReadonlySet<string>, maxLength: number): string {
  if (mrkdwn.length <= maxLength) return mrkdwn;
  const units = sentences(mrkdwn);
  const first = Math.max(
    0,
    units.findIndex((u) => wordsOf(u).some((w) => terms.has(w))),
  );
  let out = '';
  for (let i = first; i < units.length; i++) {
    const unit = units[i] ?? '';
    if (out.length + unit.length > maxLength) break;
    out += unit;
  }
  if (out.trim() === '') out = hardCut(units[first] ?? mrkdwn, maxLength);
  const prefix = first > 0 ? '…' : '';
  const complete = mrkdwn.endsWith(out);
  return `${prefix}${out.trim()}${complete ? '' : ' …'}`;
}

/** Splits mrkdwn after sentence ends and line breaks, never inside a link or code span. */
export function sentences(mrkdwn: string): string[] {
  const masked = mask(mrkdwn);
  const units: string[] = [];
  let start = 0;
  for (const m of masked.matchAll(/[.!?](?=\s)\s+|\n+/g)) {
    const end = (m.index ?? 0) + m[0].length;
    units.push(mrkdwn.slice(start, end));
    start = end;
  }
  if (start < mrkdwn.length) units.push(mrkdwn.slice(start));
  return units;
}

/** The text with every atomic span replaced by same-length filler, so positions still line up. */
function mask(mrkdwn: string): string {
  return mrkdwn.replace(ATOMIC, (span) => 'x'.repeat(span.length));
}

/** A cut at a word boundary for a single sentence longer than the limit, never inside a link. */
function hardCut(text: string, maxLength: number): string {
  const masked = mask(text);
  const space = masked.lastIndexOf(' ', maxLength);
  return text.slice(0, space > 0 ? space : maxLength);
}

/** Puts words whose term matched in bold, outside links, code and formatted spans. */
export function highlight(mrkdwn: string, terms: ReadonlySet<string>): string {
  if (terms.size === 0) return mrkdwn;
  let out = '';
  let last = 0;
  for (const m of mrkdwn.matchAll(ATOMIC)) {
    out += boldWords(mrkdwn.slice(last, m.index), terms) + m[0];
    last = (m.index ?? 0) + m[0].length;
  }
  return out + boldWords(mrkdwn.slice(last), terms);
}

/** Bolds each run of matched words ("*Service Meshes*", not "*Service* *Meshes*"). */
function boldWords(text: string, terms: ReadonlySet<string>): string {
  const word = '(?<![&\\p{L}\\p{N}])[\\p{L}\\p{N}]+(?![\\p{L}\\p{N};])';
  const run = new RegExp(`${word}(?:[ -]+${word})*`, 'gu');
  return text.replace(run, (words) => {
    const parts = words.split(/([ -]+)/);
    const hit = parts.map((p, i) => i % 2 === 0 && terms.has(processTerm(p) ?? ''));
    return parts
      .map((p, i) => {
        if (i % 2 === 1) return p;
        const open = hit[i] && !hit[i - 2] ? '*' : '';
        const close = hit[i] && !hit[i + 2] ? '*' : '';
        return `${open}${p}${close}`;
      })
      .join('')
      .replace(/\*([ -]+)\*/g, '$1');
  });
}
