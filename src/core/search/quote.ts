/**
 * Quotes: a question that quotes the notes ("which tool did he say 'I think we should use' about") is
 * about the section that says those words, whatever they are: a quote is often made of words the search
 * ignores ("I", "think", "we", "should", "use").
 */

export const QUOTE_OPTIONS = {
  /** Words a quote needs to be looked up as written: fewer say too little to pick one section ("'ready'"). */
  minWords: 3,
  /** Characters of a quote looked up at most: a pasted paragraph is a question about it, not a quote. */
  maxLength: 200,
  /** Quotes of one question looked up at most, longest first: each reads sections' text. */
  maxQuotes: 3,
  /**
   * Sections read for a quote made only of words the index ignores ("I think we should use") at most: in
   * a larger folder such words are said in many places and pick no section; a quote with an indexed word
   * is looked for only in the sections that have it.
   */
  maxScannedSections: 2_000,
} as const;

/**
 * The quoted passages of a question, longest first: text between double quotes, straight or curly, or
 * between single quotes that are no apostrophes ("'I think I'll wait'": the one in "I'll" is a letter's).
 */
export function quotedPhrases(query: string): string[] {
  const found = new Set<string>();
  for (const m of query.matchAll(QUOTED)) {
    const phrase = (m[1] ?? m[2] ?? '').trim();
    if (
      phrase.length <= QUOTE_OPTIONS.maxLength &&
      (phrase.match(SPOKEN_WORD) ?? []).length >= QUOTE_OPTIONS.minWords
    )
      found.add(phrase);
  }
  return [...found].sort((a, b) => b.length - a.length).slice(0, QUOTE_OPTIONS.maxQuotes);
}

/**
 * "…", “…” (or either mark at either end), or '…' / ‘…’ whose marks touch no letter on their outer side
 * and hold no mark but an apostrophe between letters: "I'll" is in "'I think I'll wait'", and "kubecon '19
 * about 'too early days'" quotes only "too early days".
 */
const QUOTED =
  /["“”„]([^"“”„\n]+)["“”]|(?<![\p{L}\p{N}])['‘]((?:[^'‘’\n]|(?<=[\p{L}\p{N}])['’](?=[\p{L}\p{N}]))+?)['’](?![\p{L}\p{N}])/gu;

/** A word as spoken: a contraction is one ("doesn't mean" is two words). */
const SPOKEN_WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** A phrase's words: letters and digits, as written. */
function wordsOf(phrase: string): string[] {
  return phrase.match(WORD) ?? [];
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * A pattern finding a phrase's words in a text, in order and whole, whatever stands between them (spaces,
 * punctuation, an apostrophe straight or curly, a line break), in any case: "probably. maybe. we will
 * see" finds "Probably. Maybe. We will see :)".
 */
export function phrasePattern(phrase: string, words = wordsOf(phrase).length): RegExp {
  const parts = wordsOf(phrase).slice(0, words);
  return new RegExp(`(?<![\\p{L}\\p{N}])${parts.join('[^\\p{L}\\p{N}]+')}(?![\\p{L}\\p{N}])`, 'iu');
}

/** How many words a phrase has (see phrasePattern). */
export function phraseWords(phrase: string): number {
  return wordsOf(phrase).length;
}
