import stemmer from 'wink-porter2-stemmer';

/**
 * Terms: how text becomes searchable words, the same way for sections and queries. A **term** is a
 * lower-cased word, Porter2-stemmed (so "meshes" finds "mesh"), that is not a stop word.
 */

/**
 * Function words: closed-class words that build a sentence (articles, pronouns, prepositions, auxiliaries).
 * A phrase keeps its meaning without them ("traffic BETWEEN services", "hop BY hop").
 */
const FUNCTION_WORDS =
  'a about above after again against all am an and any anything are as at be because been before being ' +
  'below between both but by can could did do does doing done down during each else ever few for from ' +
  'further get got had has have having he her here hers herself him himself his how i if in into is it ' +
  'its itself just let lets me more most my myself no nor not now of off on once only or other our ours ' +
  'ourselves out over own same she should so some such tell than that the their theirs them themselves ' +
  'then there these they this those through to too under until up very was we were what when where which ' +
  'while who whom why will with would you your yours yourself yourselves ' +
  // The rest of English's prepositions and subordinating conjunctions, as closed a class as the above: "policy
  // enforcement VIA gatekeeper", "WHETHER to adopt it". Not those that say where or when ("around", "behind",
  // "inside", "since"), nor "versus", a frame word that compares.
  'via per upon within without among amongst amid amidst across along alongside beside beneath underneath ' +
  'despite toward towards unlike onto throughout regarding till unless whether although though whilst ' +
  'whereas either neither';

/** Whether a word is a function word (see FUNCTION_WORDS), not one people wrap a question in ("call"). */
export function isFunctionWord(word: string): boolean {
  return FUNCTION_WORD_SET.has(word);
}

const FUNCTION_WORD_SET: ReadonlySet<string> = new Set(FUNCTION_WORDS.split(' '));

/** Words that carry no subject: function words, and the words people wrap questions in. */
const STOP_WORDS = new Set(
  (
    `${FUNCTION_WORDS} ` +
    'please know say said says think ' +
    'thoughts learn learned anyone someone something thing things really also us hey hi hello thanks thank ' +
    'bot info information explain give show find went go goes going gone main use used using like want ' +
    'wanted need needed way ways call calls calling called talked discuss discussed mention mentioned cover ' +
    'covered look looked take took make made much many lot lots ' +
    // Those that point at what a text says, in their other forms: "what the report COVERS", "it MENTIONS".
    'mentions mentioning covers covering discusses discussing ' +
    // Indefinite pronouns and adverbs: closed-class words that point at no subject ("is there a write-up
    // ANYWHERE", "did ANYONE cover").
    'anybody anyhow anyway anywhere somebody somehow somewhere everybody everyone everything everywhere ' +
    'nobody nothing nowhere whatever whoever whichever wherever whenever ' +
    // How people type in chat: contractions without the apostrophe, and shorthand that frames a message.
    'im ive dont doesnt didnt isnt arent wasnt werent cant couldnt shouldnt wouldnt wont hasnt havent hadnt aint ' +
    'mustnt neednt whats hows wheres whos ' +
    'thats theres youre theyre weve wat wot abt tho thru cuz coz pls plz ppl thx ty btw fyi imo imho afaik iirc tbh lol yeah yep ok okay u ur ' +
    // Chat shorthand for thanks and for one's own schedule ("back from PTO", "need it by EOD").
    'ta tia np lmk idk asap eod eow pto ooo wfh bc rn nah ' +
    // Chat shorthand that hedges, asks an opinion or reacts ("NGL the mesh part", "WDYT"), informal
    // contractions ("GONNA", "LEMME"), fillers and the abbreviations of Latin a sentence leans on ("AKA",
    // "ETC"): English's dictionary lacks most of them, so each counted as a name the notes lack.
    'ngl fwiw tbf tbqh wdyt afaict ofc srsly smh icymi irl ikr jk omg bcuz ' +
    'gonna wanna gotta kinda sorta lemme gimme dunno yea hmm hm um uh aka etc ie eg ' +
    // Courtesy, as a team writing English as a second language adds it ("in few words KINDLY", "BITTE").
    'kindly bitte danke merci gracias grazie obrigado cheers hiya howdy ' +
    // A word that only says whose word it is ("ACCORDING to the author").
    'according'
  ).split(' '),
);

/**
 * A raw word: letters and digits, a dotted version number ("1.14"), names joined by "&" ("1&1"), and an
 * English contraction's ending with its apostrophe, straight or curly ("don't", "we’re"): see rawWords.
 */
const WORD =
  /[\p{L}\p{N}]+(?:&[\p{L}\p{N}]+)*(?:\.\p{N}+)*(?:['’](?:[tT]|[rR][eE]|[vV][eE]|[lL][lL]|[mMdD])(?![\p{L}\p{N}]))?/gu;

/** A contraction's ending: "n't" joins its word, as people type it without the apostrophe ("dont"); the rest go. */
const CONTRACTION = /['’](?:(t)|re|ve|ll|m|d)$/i;

/**
 * The raw words of a text, a contraction read as people type it without its apostrophe: "don't" and
 * "isn't" as "dont" and "isnt" (stop words, like "didnt"), "we're", "I've", "they'll", "I'd" as "we",
 * "I", "they", "I" (so no stray "re", "ve" or "ll" is asked about). "istio's" stays two words, as before.
 */
export function rawWords(text: string): string[] {
  // `match` with the g flag gives the words as strings, without a match object (and an iterator step) each.
  // Most texts have no apostrophe: the plain pattern, with nothing to look for after each word.
  if (!text.includes("'") && !text.includes('’')) return text.match(PLAIN_WORD) ?? [];
  const words = text.match(WORD) ?? [];
  for (let i = 0; i < words.length; i++) {
    const raw = words[i] ?? '';
    if (isContraction(raw)) words[i] = uncontracted(raw);
  }
  return words;
}

/** WORD without contractions. */
const PLAIN_WORD = /[\p{L}\p{N}]+(?:&[\p{L}\p{N}]+)*(?:\.\p{N}+)*/gu;

/** A contraction's apostrophe is second or third from its end: a test of two characters, not a search. */
function isContraction(raw: string): boolean {
  const second = raw.charCodeAt(raw.length - 2);
  const third = raw.charCodeAt(raw.length - 3);
  return second === 39 || second === 0x2019 || third === 39 || third === 0x2019;
}

function uncontracted(raw: string): string {
  return raw.replace(CONTRACTION, (_, t: string | undefined) => t ?? '');
}

/**
 * Splits text into raw words: runs of letters and digits, with dotted version numbers kept whole
 * ("v1.14" reads as "1.14") and names joined by an ampersand too ("1&1", "AT&T", "JL&P"). A CamelCase word also yields its parts, so "PodSecurityPolicy" is found by
 * "pod security policy" and "OpenTracing" by "tracing".
 */
export function tokenize(text: string): string[] {
  const words: string[] = [];
  for (const raw of rawWords(text)) {
    const word = isVersion(raw) ? raw.slice(1) : raw;
    words.push(word);
    // Most words have no lower-case letter followed by an upper-case one: no parts to look for.
    if (!CAMEL.test(word)) continue;
    const parts = word.match(CAMEL_PARTS);
    if (parts !== null && parts.length > 1 && parts.join('') === word) words.push(...parts);
  }
  return words;
}

/**
 * Letters joined by "&", three or more ("JL&P", "AT&T"): not names with digits ("1&1": "11" would be a
 * number), nor two letters ("Q&A" is no "qa", "R&D" no "rd").
 */
const LETTERS_JOINED =
  /(?<![\p{L}\p{M}\p{N}&])(?=(?:\p{L}\p{M}*&?){3})\p{L}[\p{L}\p{M}]*(?:&\p{L}[\p{L}\p{M}]*)+(?![\p{L}\p{M}\p{N}&])/gu;
const AMPERSANDS = /&/g;

/**
 * The words of a text as the index reads them: tokenize's, each hyphenated compound also written as one
 * word ("Stand-out" → standout, "multi-cloud" → multicloud), and letters joined by "&" also without it
 * ("JL&P" → JLP), as people often type them. Only the index reads them so: a question's "stand-out" is
 * its two words, as before.
 */
export function indexTokenize(text: string): string[] {
  const words = tokenize(text);
  if (text.includes('&'))
    for (const [joined] of text.matchAll(LETTERS_JOINED)) words.push(joined.replace(AMPERSANDS, ''));
  if (!HYPHEN.test(text)) return words;
  for (const [compound] of text.matchAll(HYPHENATED)) words.push(compound.replace(HYPHENS, ''));
  return words;
}

/**
 * Letters (with their accents) joined by single hyphens, the ASCII one or Unicode's (U+2010, U+2011):
 * "stand-out", "end-to-end"; not "--flag", "2019-05-20", nor the end of "don't-care".
 */
const HYPHENATED =
  /(?<![\p{L}\p{M}\p{N}'’\-\u2010\u2011])\p{L}[\p{L}\p{M}]*(?:[-\u2010\u2011]\p{L}[\p{L}\p{M}]*)+(?![\p{L}\p{M}\p{N}'’\-\u2010\u2011])/gu;
const HYPHEN = /[-\u2010\u2011]/;
const HYPHENS = /[-\u2010\u2011]/g;

/** A lower-case letter followed by an upper-case one: where a CamelCase word has parts. */
export const CAMEL = /\p{Ll}\p{Lu}/u;

/** "v1.14": a version written with its v (a cheap test of the first letter first: most words are not). */
function isVersion(raw: string): boolean {
  const first = raw.charCodeAt(0);
  return (first === 118 || first === 86) && VERSION.test(raw) && raw.includes('.');
}

const VERSION = /^[vV]\d/;

/** The parts of a CamelCase word: "PodSecurityPolicy" → Pod, Security, Policy; "MTLSConfig" → MTLS, Config. */
const CAMEL_PARTS = /\p{Lu}{2,}(?=\p{Lu}\p{Ll})|\p{Lu}?\p{Ll}+|\p{Lu}+|\p{N}+/gu;

/** Lower case without accents: "Sérvice Mésh" reads as "service mesh". */
export function fold(word: string): string {
  // ASCII has no accents to take off: only its case changes (most words, and the cheap way).
  if (ASCII.test(word)) return word.toLowerCase();
  return word.normalize('NFKD').replace(MARKS, '').toLowerCase();
}

const ASCII = /^\p{ASCII}*$/u;
const MARKS = /\p{M}/gu;

export const TERM_OPTIONS = {
  /** Longer "words" are noise (hashes, base64), not terms. */
  maxWordLength: 40,
  /**
   * Words remembered at most by each of this file's memos (processTerm's stems, phraseStems', intended
   * stop words); a memo is emptied when full. Words over maxWordLength are not remembered.
   */
  maxStems: 200_000,
  /** How many of a misspelt word's last letters respellings() swaps: a long suffix ("ability"), and one more. */
  suffixReach: 6,
  /** The longest word respellings() tries a left-out letter anywhere in ("obsrvability"); longer, near its end. */
  respellAnywhereLength: 16,
} as const;

/** Stems of words already seen: the same few thousand words come back in every excerpt and query. */
const stems = new Map<string, string | null>();

/** The searchable form of a word, or null for stop words and noise. */
export function processTerm(word: string): string | null {
  const known = stems.get(word);
  if (known !== undefined) return known;
  const term = termOf(fold(word));
  if (word.length > TERM_OPTIONS.maxWordLength) return term;
  if (stems.size >= TERM_OPTIONS.maxStems) stems.clear();
  stems.set(word, term);
  return term;
}

/**
 * A digit. The patterns of this file's functions are module constants: a pattern literal in a function
 * body is a new RegExp object each time it runs, and these run for every word of every question.
 */
const DIGIT = /\d/;

/** processTerm of a folded word, not remembered (for one-off words, such as spellings tried). */
function termOf(lower: string): string | null {
  return STOP_WORDS.has(lower) ||
    lower.length > TERM_OPTIONS.maxWordLength ||
    (lower.length === 1 && !DIGIT.test(lower))
    ? null
    : DIGIT.test(lower)
      ? (ORDINALS.get(lower) ?? lower)
      : stemmer(lower);
}

/**
 * Ordinals written with digits, as their words' terms: "1st KubeCon" is the "first KubeCon". Notes and
 * questions write either. Up to the tenth: a higher one is more often a date ("21st May") than a rank.
 */
const ORDINALS: ReadonlyMap<string, string> = new Map(
  ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'].map(
    (word, i) => [`${i + 1}${i === 0 ? 'st' : i === 1 ? 'nd' : i === 2 ? 'rd' : 'th'}`, stemmer(word)],
  ),
);

/**
 * The terms of a misspelt word's spellings with a letter left out after its first (near its end only, in a
 * word longer than respellAnywhereLength), or two letters swapped near its end, where the suffix a stemmer
 * reads is ("deploymnt" → deployment → deploy), and with a letter typed twice anywhere ("logginng" →
 * logging → log), keeping those `accept` takes: a typo in a word with a suffix leaves it unstemmed, too
 * far from its stem for a typo match ("deploymnt" is 3 edits from "deploy", "obsrvability" 4 from
 * "observ"). Another letter too many, or a mistyped one, is not tried: "backend" is not a "backed" with an
 * extra letter, nor "flagger" a mistyped "flagged".
 */
export function respellings(word: string, accept: (spelling: string, term: string) => boolean): string[] {
  const lower = fold(word);
  const found = new Set<string>();
  const swapsFrom = Math.max(1, lower.length - TERM_OPTIONS.suffixReach);
  const tryWord = (w: string) => {
    const term = termOf(w);
    if (term !== null && accept(w, term)) found.add(term);
  };
  // A left-out letter anywhere in a word of a usual length; near the end only in a longer one (the tries
  // grow with the length, and a 30-letter "word" is rarely a word).
  const leftOutFrom = lower.length <= TERM_OPTIONS.respellAnywhereLength ? 1 : swapsFrom;
  for (let i = 1; i <= lower.length; i++) {
    const head = lower.slice(0, i);
    const tail = lower.slice(i);
    if (i >= leftOutFrom) for (const c of LETTERS) tryWord(head + c + tail); // a letter left out
    if (i >= swapsFrom && i + 1 < lower.length)
      tryWord(head + tail.charAt(1) + tail.charAt(0) + tail.slice(2)); // two swapped
  }
  // A key pressed twice, anywhere ("logginng", "servvice"): the one kind of letter too many tried.
  for (let i = 1; i < lower.length; i++)
    if (lower[i] === lower[i - 1] && lower[i] !== lower[i + 1])
      tryWord(lower.slice(0, i) + lower.slice(i + 1));
  return [...found];
}

/** The letters a typo may have left out or mistyped (see respellings, and english.ts's typoOfEveryday). */
export const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * A folded word without its inflection: plural, -ed, -ing, a final e ("providing", "provides", "provided"
 * → provid). Two words with the same inflection base are one word; two with the same stem and different
 * bases are derived from each other ("provider" and "provide", "operator" and "operations"), which a
 * stemmer runs together although they often name different things.
 */
export function inflectionBase(word: string): string {
  let w = word.replace(INFLECTION.possessive, '');
  // A plural first, then -ing or -ed: "settings" → setting → set.
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && INFLECTION.esPlural.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !INFLECTION.notPlural.test(w)) w = w.slice(0, -1);
  const plain = w;
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  // A doubled final consonant ("logging", "planned"), and a final e ("provide" / "provid-ing").
  if (w !== plain && INFLECTION.doubled.test(w) && !INFLECTION.keptDouble.test(w)) w = w.slice(0, -1);
  return w.endsWith('e') && w.length > 3 ? w.slice(0, -1) : w;
}

/** inflectionBase's endings. */
const INFLECTION = {
  possessive: /['’]s$/,
  esPlural: /(?:ss|sh|ch|x|z)es$/,
  notPlural: /(?:ss|us|is)$/,
  doubled: /([b-df-hj-np-tv-z])\1$/,
  keptDouble: /(?:ll|ss|zz)$/,
} as const;

/** A term that is a number (a year, a version, an ordinal: "2019", "1.15", "5th"): it has no typos or prefixes. */
export function isNumber(term: string): boolean {
  // A test of the first character: a pattern literal here would be a new RegExp object at every call.
  const first = term.charCodeAt(0);
  return first >= 48 && first <= 57;
}

/**
 * A misspelt function word: a word English doesn't have, one edit from a stop word of four letters or
 * more and starting with the same letter ("shuold", "waht", "abuot"). It frames the question, like the
 * word it stands for; it is not a subject the notes lack.
 */
export function isMisspeltStopWord(word: string): boolean {
  return intendedStopWord(word) !== undefined;
}

/** The stop word a misspelt function word stands for ("wher" → "where"), if it is one (see above). */
export function intendedStopWord(word: string): string | undefined {
  // Remembered: a question's words come back in the next questions, and each asks every stop word.
  const known = INTENDED.get(word);
  if (known !== undefined) return known === '' ? undefined : known;
  const stop = stopWordMeant(word);
  if (word.length > TERM_OPTIONS.maxWordLength) return stop;
  if (INTENDED.size >= TERM_OPTIONS.maxStems) INTENDED.clear();
  INTENDED.set(word, stop ?? '');
  return stop;
}

/** intendedStopWord's answers by word ('' for none). */
const INTENDED = new Map<string, string>();

function stopWordMeant(word: string): string | undefined {
  const folded = fold(word);
  if (folded.length < 4 || STOP_WORDS.has(folded)) return undefined;
  for (const stop of STOP_WORDS_BY_FIRST.get(folded[0] ?? '') ?? [])
    if (Math.abs(stop.length - folded.length) <= 1 && editDistance(folded, stop, 1) <= 1) return stop;
  return undefined;
}

/** The stop words of four letters or more, by first letter, in list order: the candidates of a misspelling. */
const STOP_WORDS_BY_FIRST: ReadonlyMap<string, readonly string[]> = (() => {
  const byFirst = new Map<string, string[]>();
  for (const stop of STOP_WORDS)
    if (stop.length >= 4) byFirst.set(stop[0] ?? '', [...(byFirst.get(stop[0] ?? '') ?? []), stop]);
  return byFirst;
})();

/**
 * A text's words as stems, stop words kept ("setting up" → set, up): for phrases whose small words
 * matter, which the index's terms drop.
 */
export function phraseStems(text: string): string[] {
  return tokenize(text).map(plainStem);
}

/** A word's stem, stop words too, remembered as processTerm's are (stemming is most of a phrase's cost). */
function plainStem(word: string): string {
  if (word.length > TERM_OPTIONS.maxWordLength) return stemmer(fold(word));
  let stem = plainStems.get(word);
  if (stem === undefined) {
    stem = stemmer(fold(word));
    if (plainStems.size >= TERM_OPTIONS.maxStems) plainStems.clear();
    plainStems.set(word, stem);
  }
  return stem;
}

const plainStems = new Map<string, string>();

/** The distinct terms of a text, in order of first appearance. */
export function termsOf(text: string): string[] {
  const seen = new Set<string>();
  for (const word of tokenize(text)) {
    const term = processTerm(word);
    if (term !== null) seen.add(term);
  }
  return [...seen];
}

/**
 * Edit distance with transpositions (optimal string alignment), bounded: returns max + 1 as soon as the
 * distance must exceed max. "istoi" is one edit from "istio", as a typist would count it.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  // Three rows (two before the current one, for transpositions), reused from call to call.
  const width = b.length + 1;
  if (ROWS[0].length < width) for (let r = 0; r < 3; r++) ROWS[r] = new Int32Array(2 * width);
  let [before, previous, current] = ROWS;
  for (let j = 0; j < width; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const ai = a.charCodeAt(i - 1);
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj)
        value = Math.min(value, (before[j - 2] ?? 0) + 1);
      current[j] = value;
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    const oldest = before;
    before = previous;
    previous = current;
    current = oldest;
  }
  return previous[b.length] ?? max + 1;
}

/** editDistance's rows. */
const ROWS: [Int32Array, Int32Array, Int32Array] = [
  new Int32Array(64),
  new Int32Array(64),
  new Int32Array(64),
];
