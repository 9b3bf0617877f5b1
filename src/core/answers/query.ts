/** Reading a question as Slack delivers it: markup out, entities decoded, whitespace folded, length capped. */

export const QUERY_OPTIONS = {
  /** Longer questions are cut here; nobody asks a knowledge bot 300 characters' worth of question. */
  maxLength: 300,
  /** A cut question ends at a word when one ends past this share of maxLength. */
  wordEndFrom: 0.5,
} as const;

export const MAX_QUERY_LENGTH = QUERY_OPTIONS.maxLength;

/**
 * normalizeQuery's patterns, in the order it applies them: constants, because a pattern literal in a
 * function body is a new RegExp object at every call, and this runs for every question.
 */
const MARKUP = {
  /** User mentions and <!channel>, <!here>, <!subteam^…>. */
  mention: /<[@!][^>]*>/g,
  /** Channel links keep their name. */
  channel: /<#[A-Z0-9]+\|([^>]*)>/g,
  /** Links keep their label. */
  labelledLink: /<([^>|]+)\|([^>]*)>/g,
  link: /<([^>]+)>/g,
  lt: /&lt;/g,
  gt: /&gt;/g,
  amp: /&amp;/g,
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we remove
  control: /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]|\p{Cs}/gu,
  spaces: /\s+/g,
  highSurrogate: /[\ud800-\udbff]/,
} as const;

/**
 * Slack's emoji shortcodes (":sweat_smile:", ":+1:", ":skin-tone-2:"): a mood, not words to search. A code has
 * a letter (or is :+1: or :-1:), so a time ("10:30:45") is none.
 */
const EMOJI_SHORTCODE = /:(?:[+-]1|(?=[a-z0-9_+'-]*[a-z])[a-z0-9_+'-]+):/gi;

/** What of a question is searched: its words without emoji shortcodes (the question itself keeps them). */
export function searchText(query: string): string {
  return query.includes(':') ? query.replace(EMOJI_SHORTCODE, ' ').replace(MARKUP.spaces, ' ').trim() : query;
}

/** The question a user asked, cleaned of Slack markup, and whether it had to be shortened. */
export function normalizeQuery(raw: string): { query: string; truncated: boolean } {
  const plain = raw
    .replace(MARKUP.mention, ' ')
    .replace(MARKUP.channel, '$1')
    .replace(MARKUP.labelledLink, '$2')
    .replace(MARKUP.link, '$1')
    .replace(MARKUP.lt, '<')
    .replace(MARKUP.gt, '>')
    .replace(MARKUP.amp, '&')
    .replace(MARKUP.control, ' ')
    .replace(MARKUP.spaces, ' ')
    .trim();
  if (plain.length <= MAX_QUERY_LENGTH) return { query: plain, truncated: false };
  const end = MARKUP.highSurrogate.test(plain.charAt(MAX_QUERY_LENGTH - 1))
    ? MAX_QUERY_LENGTH - 1
    : MAX_QUERY_LENGTH;
  const cut = plain.slice(0, end); // never half an emoji
  const space = cut.lastIndexOf(' ');
  return {
    query: (space > MAX_QUERY_LENGTH * QUERY_OPTIONS.wordEndFrom ? cut.slice(0, space) : cut).trim(),
    truncated: true,
  };
}
