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

/**
 * A handle typed as text ("@jo", "@dev-platform": Slack sends a chosen mention as markup, which
 * normalizeQuery removes): whom a message is for or who said something, not what it asks about.
 */
const HANDLE = /(^|[\s(])@[\p{L}\p{N}][\p{L}\p{N}._-]*/gu;

/**
 * A web address, as Slack's link markup leaves it or as typed: its scheme, "www" and top-level domain
 * are no words of a question; the rest of its host and its path are ("https://mosstech.io" → mosstech).
 */
const WEB_ADDRESS = /\bhttps?:\/\/([^\s/?#:]+)(?::\d+)?([/?#]\S*)?/giu;

/** A web address's words: see WEB_ADDRESS. */
function addressWords(_: string, host: string, path = ''): string {
  const labels = host.split('.').filter((label) => label !== '' && label.toLowerCase() !== 'www');
  if (labels.length > 1) labels.pop();
  return ` ${labels.join(' ')} ${path} `;
}

/**
 * What of a question is searched: its words without emoji shortcodes, typed handles or a web address's
 * scheme and domain (the question itself keeps them all).
 */
export function searchText(query: string): string {
  let text = query;
  if (text.includes(':')) text = text.replace(WEB_ADDRESS, addressWords).replace(EMOJI_SHORTCODE, ' ');
  if (text.includes('@')) text = text.replace(HANDLE, '$1 ');
  return text === query ? query : text.replace(MARKUP.spaces, ' ').trim();
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
