import { ATOMIC, cutMrkdwn, cutMrkdwnAround } from '../knowledge/cut.js';
import { phrasePattern, phraseWords } from '../search/quote.js';
import { indexTokenize, processTerm } from '../search/terms.js';
import type { Passage } from '../types.js';

/**
 * The **excerpt**: the passage of a section that is about the question, not the whole section. Passages
 * are scored by the weight of the question's terms they contain (terms the heading already states count
 * less: the heading is shown anyway); the best one (the first on a tie) is cut to whole sentences, or
 * whole list items, from the one the question's own words weigh most in, and its words are put in bold.
 * A short excerpt, or one ending on a lead-in ("three angles on this:"), takes what follows along.
 */

export const EXCERPT_OPTIONS = {
  /** Target length in characters: about a phone screen of chat. */
  maxLength: 700,
  /** Below this, the following passage is added for context. */
  minLength: 280,
  /** A term the section's heading already contains counts this much in choosing a passage. */
  headingTermShare: 0.5,
  /** Each further occurrence of a term in a passage adds this much of its weight. */
  repeatShare: 0.1,
  /** A following passage added for context gets at least this many characters, even past maxLength. */
  minFollowingLength: 120,
} as const;

/** What an excerpt is cut from: a section's passages, heading and subsection headings. */
export interface ExcerptSource {
  readonly heading: string;
  readonly passages: readonly Passage[];
}

/**
 * The excerpt of a section for the matched index terms and their weights, in mrkdwn. `following` lists
 * the headings of the subsections, named when the section's own text ends on a lead-in. `said`: the
 * weights of the terms the question itself says (its words, their abbreviations' full forms), which
 * choose where a long passage is cut from; `weights` when not given.
 */
export function excerpt(
  section: ExcerptSource,
  weights: ReadonlyMap<string, number>,
  following: readonly string[] = [],
  said: ReadonlyMap<string, number> = weights,
  quote?: string,
): string {
  const { passages } = section;
  if (passages.length === 0) return '';
  const terms = new Set(weights.keys());
  const inHeading = headingTerms(section);
  const pattern = quote === undefined ? undefined : phrasePattern(quote);
  const quoted = pattern === undefined ? -1 : passages.findIndex((p) => pattern.test(p.text));
  const scores = Array.from(passages, (p) => scorePassage(passageTerms(p), weights, inHeading));
  const best = quoted >= 0 ? quoted : scores.indexOf(Math.max(...scores));
  // Cut where the question's own words are, when the passage has any; else where its expansions are.
  const from = said.size > 0 && scorePassage(passageTerms(passages[best] as Passage), said, inHeading) > 0;
  let out =
    quoted >= 0 && quote !== undefined
      ? cutAtQuote(passages[best] as Passage, quote, EXCERPT_OPTIONS.maxLength)
      : cutPassage(passages[best], from ? said : weights, inHeading, EXCERPT_OPTIONS.maxLength);
  for (let next = best + 1; next < passages.length && wantsMore(out); next++) {
    out += `\n\n${cutPassage(passages[next], NO_WEIGHTS, inHeading, Math.max(EXCERPT_OPTIONS.maxLength - out.length, EXCERPT_OPTIONS.minFollowingLength))}`;
  }
  if (endsOnLeadIn(out) && following.length > 0) out += `\n${following.map((h) => `• ${h}`).join('\n')}`;
  return highlight(out, terms);
}

/** Whether an excerpt needs the next passage: it is short, or it ends on a lead-in, and it was not cut. */
function wantsMore(out: string): boolean {
  if (out.endsWith('…')) return false;
  return out.length < EXCERPT_OPTIONS.minLength || endsOnLeadIn(out);
}

/** A lead-in announces what follows: "We actually have three different angles on this:". */
function endsOnLeadIn(text: string): boolean {
  return /:\s*$/.test(text);
}

/** The weight of the distinct terms a passage contains, plus a little for each repeat (not of the heading's). */
function scorePassage(
  terms: readonly string[],
  weights: ReadonlyMap<string, number>,
  inHeading: ReadonlySet<string>,
): number {
  // Both sums in the order the terms occur (first occurrences for the distinct one). No array of the
  // terms found nor set of those seen: this runs for every passage of every hit.
  let found = false;
  let distinct = 0;
  let all = 0;
  for (let i = 0; i < terms.length; i++) {
    const w = terms[i] ?? '';
    const weight = weights.get(w);
    if (weight === undefined) continue;
    found = true;
    const share = weight * (inHeading.has(w) ? EXCERPT_OPTIONS.headingTermShare : 1);
    const first = terms.indexOf(w) === i;
    if (first) distinct += share;
    // The heading's word again and again ("Kubernetes" in every line of its history) says nothing more.
    if (first || !inHeading.has(w)) all += share;
  }
  return found ? distinct + EXCERPT_OPTIONS.repeatShare * all : 0;
}

/** The weight of the distinct terms a unit (sentence, list item) contains: repeats don't choose a line. */
function scoreUnit(
  terms: readonly string[],
  weights: ReadonlyMap<string, number>,
  inHeading: ReadonlySet<string>,
): number {
  let distinct = 0;
  let seen: Set<string> | undefined; // only once a unit has a weighed term, which most don't
  for (const w of terms) {
    const weight = weights.get(w);
    if (weight === undefined || seen?.has(w)) continue;
    seen ??= new Set();
    seen.add(w);
    distinct += weight * (inHeading.has(w) ? EXCERPT_OPTIONS.headingTermShare : 1);
  }
  return distinct;
}

/** The terms of a passage, worked out once per passage (passages live as long as their knowledge). */
const PASSAGE_TERMS = new WeakMap<Passage, readonly string[]>();

function passageTerms(passage: Passage): readonly string[] {
  let terms = PASSAGE_TERMS.get(passage);
  if (terms === undefined) {
    terms = wordsOf(passage.text);
    PASSAGE_TERMS.set(passage, terms);
  }
  return terms;
}

/** The terms of a section's heading, worked out once per section. */
const HEADING_TERMS = new WeakMap<ExcerptSource, ReadonlySet<string>>();

function headingTerms(section: ExcerptSource): ReadonlySet<string> {
  let terms = HEADING_TERMS.get(section);
  if (terms === undefined) {
    terms = new Set(wordsOf(section.heading));
    HEADING_TERMS.set(section, terms);
  }
  return terms;
}

/** The terms of each sentence (or list item) of a passage met so far, by its text: the units cut looks at. */
const UNIT_TERMS = new WeakMap<Passage, Map<string, readonly string[]>>();

const NO_WEIGHTS: ReadonlyMap<string, number> = new Map();

/**
 * A passage cut from its unit (sentence or list item) the question's terms weigh most in, as passages
 * are chosen: a timeline's "2017 - CRD introduced" line for "when did CRDs come out", not the lines from
 * the first that says "Kubernetes". The terms of its units are remembered for the next question.
 */
function cutPassage(
  passage: Passage | undefined,
  weights: ReadonlyMap<string, number>,
  inHeading: ReadonlySet<string>,
  maxLength: number,
): string {
  if (passage === undefined) return cut('', NO_TERMS, maxLength);
  let units = UNIT_TERMS.get(passage);
  if (units === undefined) {
    units = new Map();
    UNIT_TERMS.set(passage, units);
  }
  const known = units;
  if (weights.size === 0) return cutMrkdwn(passage.mrkdwn, maxLength, () => false);
  return cutMrkdwnAround(passage.mrkdwn, maxLength, (unit) => {
    let words = known.get(unit);
    if (words === undefined) {
      words = wordsOf(unit);
      known.set(unit, words);
    }
    return scoreUnit(words, weights, inHeading);
  });
}

const NO_TERMS: ReadonlySet<string> = new Set();

/**
 * A passage cut from the unit where a quote starts: the first unit with as many of the quote's first words
 * as one unit has ("Probably. Maybe. We will see": the unit "Probably.").
 */
function cutAtQuote(passage: Passage, quote: string, maxLength: number): string {
  if (passage.mrkdwn.length <= maxLength) return passage.mrkdwn;
  for (let words = phraseWords(quote); words > 0; words--) {
    const start = phrasePattern(quote, words);
    let found = false;
    const out = cutMrkdwnAround(passage.mrkdwn, maxLength, (unit) => {
      const v = !found && start.test(unit) ? 1 : 0;
      if (v > 0) found = true;
      return v;
    });
    if (found) return out;
  }
  return cutPassage(passage, NO_WEIGHTS, NO_TERMS, maxLength);
}

/** A text's terms as the index reads them (its hyphenated compounds joined too: "multi-cloud", multicloud). */
function wordsOf(text: string): string[] {
  const terms: string[] = [];
  for (const w of indexTokenize(text)) {
    const term = processTerm(w);
    if (term !== null) terms.push(term);
  }
  return terms;
}

/** Cuts mrkdwn to whole sentences (or list items), from the first sentence with one of the terms. */
export function cut(mrkdwn: string, terms: ReadonlySet<string>, maxLength: number): string {
  return cutMrkdwn(mrkdwn, maxLength, (unit) => terms.size > 0 && wordsOf(unit).some((w) => terms.has(w)));
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

/** A word: a run of letters and digits (one `&amp;` entity's name or one followed by `;` is never bolded). */
const LETTERS = /[\p{L}\p{N}]+/gu;

/**
 * Bolds each stretch of matched words ("*Service Meshes*", not "*Service* *Meshes*"): words joined only by
 * spaces or hyphens share one pair of stars. One pass over the words; text without a match comes back as it was.
 */
function boldWords(text: string, terms: ReadonlySet<string>): string {
  let out = '';
  let copied = 0;
  // The previous run of letters, in three variables rather than an object made for every word.
  let previousEnd = 0;
  let previousWord = false;
  let previousHit = false;
  const { starts, ends, keys } = lettersOf(text);
  for (let i = 0; i < keys.length; i++) {
    const start = starts[i] ?? 0;
    const key = keys[i];
    const word = key !== undefined;
    const hit = word && terms.has(key);
    const joined = previousWord && word && onlySpacesOrHyphens(text, previousEnd, start);
    if (previousHit) {
      out += text.slice(copied, previousEnd) + (joined && hit ? '' : '*');
      copied = previousEnd;
    }
    if (hit && !(joined && previousHit)) {
      out += `${text.slice(copied, start)}*`;
      copied = start;
    }
    previousEnd = ends[i] ?? 0;
    previousWord = word;
    previousHit = hit;
  }
  if (previousHit) {
    out += `${text.slice(copied, previousEnd)}*`;
    copied = previousEnd;
  }
  return out + text.slice(copied);
}

/**
 * A text's runs of letters (LETTERS): where each starts and ends, and its term as boldWords looks it up
 * ('' for none), or undefined for an entity's name. Remembered by text: excerpts come back question after
 * question, and each word's term is a lookup.
 */
interface Letters {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly keys: readonly (string | undefined)[];
}

function lettersOf(text: string): Letters {
  let letters = LETTER_RUNS.get(text);
  if (letters !== undefined) return letters;
  const starts: number[] = [];
  const ends: number[] = [];
  const keys: (string | undefined)[] = [];
  for (const m of text.matchAll(LETTERS)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    starts.push(start);
    ends.push(end);
    keys.push(text[start - 1] !== '&' && text[end] !== ';' ? (processTerm(m[0]) ?? '') : undefined);
  }
  letters = { starts: Int32Array.from(starts), ends: Int32Array.from(ends), keys };
  if (LETTER_RUNS.size >= MAX_LETTER_RUNS) LETTER_RUNS.clear();
  LETTER_RUNS.set(text, letters);
  return letters;
}

/** Texts whose runs of letters are remembered before starting afresh (excerpts are a few hundred characters). */
const MAX_LETTER_RUNS = 2_000;
const LETTER_RUNS = new Map<string, Letters>();

/** Whether text[from, to) is one or more spaces and hyphens. */
function onlySpacesOrHyphens(text: string, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i++) if (text[i] !== ' ' && text[i] !== '-') return false;
  return true;
}
