/**
 * Cutting mrkdwn to a length at whole **units**: sentences in prose, items in a list (a line starting with
 * a bullet, as mrkdwn.ts writes it). A unit is never split inside a link, a code span or a formatted span,
 * and a cut is marked with "…", on its own line in a list, never glued to a bullet.
 */

/** A piece of mrkdwn that must not be split or bolded: a link, code, or an existing formatting span. */
export const ATOMIC =
  /<[^>\n]*>|```[\s\S]*?```|`[^`\n]*`|(?<![\p{L}\p{N}])[*_~][^*_~\n]+[*_~](?![\p{L}\p{N}])/gu;

/** A line of a list, as mrkdwn.ts writes it: "• item" or "1. item". */
const LIST_LINE = /^\s*(?:•|\d+\.)\s/;

/**
 * The mrkdwn cut to at most `maxLength` characters of whole units, from the first unit `startsAt` accepts
 * (the first unit when none does), with "…" where something was left out.
 */
export function cutMrkdwn(
  mrkdwn: string,
  maxLength: number,
  startsAt: (unit: string) => boolean = () => true,
): string {
  if (mrkdwn.length <= maxLength) return mrkdwn;
  const units = unitsOf(mrkdwn);
  return cutFrom(units, Math.max(0, units.findIndex(startsAt)), maxLength, mrkdwn);
}

/**
 * The mrkdwn cut to at most `maxLength` characters of whole units, from the unit `value` gives the most
 * (the first of those; the first unit when it gives none anything): "2017 - CRD introduced" for a question
 * about CRDs, where cutting from the first unit with a word of the question gave the lines 2009 to 2016.
 */
export function cutMrkdwnAround(mrkdwn: string, maxLength: number, value: (unit: string) => number): string {
  if (mrkdwn.length <= maxLength) return mrkdwn;
  const units = unitsOf(mrkdwn);
  let first = 0;
  let best = 0;
  for (let i = 0; i < units.length; i++) {
    const v = value(units[i] ?? '');
    if (v > best) {
      best = v;
      first = i;
    }
  }
  return cutFrom(units, first, maxLength, mrkdwn);
}

/** A passage's units: its lines when it is a list, else its sentences. */
function unitsOf(mrkdwn: string): string[] {
  return LIST_LINE.test(mrkdwn) ? lines(mrkdwn) : sentences(mrkdwn);
}

/** The units from `first`, as many as fit in `maxLength`, with "…" where something was left out. */
function cutFrom(units: readonly string[], first: number, maxLength: number, mrkdwn: string): string {
  let out = '';
  let end = first;
  for (; end < units.length; end++) {
    const unit = units[end] ?? '';
    if (out.length + unit.length > maxLength) break;
    out += unit;
  }
  if (out.trim() === '') out = hardCut(units[first] ?? mrkdwn, maxLength);
  const complete = end === units.length && out !== '';
  const list = LIST_LINE.test(out);
  const prefix = first > 0 ? (list ? '…\n' : '…') : '';
  const suffix = complete ? '' : list || LIST_LINE.test(units[end] ?? '') ? '\n…' : ' …';
  return `${prefix}${out.trim()}${suffix}`;
}

/** Splits mrkdwn after each line break (a list's items). */
function lines(mrkdwn: string): string[] {
  return mrkdwn.split(/(?<=\n)/);
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
