import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';
import { TALK_NOUN } from '../knowledge/links.js';
import { topicMatcher } from '../knowledge/topics.js';
import type { GivenBy, Hit, Knowledge, Section, Topic } from '../types.js';
import { ENGLISH_OPTIONS, isEdition, isEnglish, rarity } from './english.js';
import { loadPostings, type SavedPostings, savePostings, type TermPostings } from './postings.js';
import {
  type CompiledLexicon,
  compileLexicon,
  containsRun,
  type PlanTerm,
  planQuery,
  type QueryPlan,
  type TermGroup,
} from './query-plan.js';
import { phrasePattern, QUOTE_OPTIONS, quotedPhrases } from './quote.js';
import {
  type Candidate,
  type MatchedTerms,
  type Scored,
  type ScoreOptions,
  Scorer,
  type TermSpec,
} from './scorer.js';
import {
  CAMEL,
  editDistance,
  fold,
  indexTokenize,
  inflectionBase,
  isNumber,
  phraseStems,
  processTerm,
  respellings,
  termsOf,
  tokenize,
} from './terms.js';

/**
 * The search index: MiniSearch over sections, queried with a plan (see query-plan.ts). Every option that
 * shapes ranking is in SEARCH_OPTIONS; the rule that decides when to decline is in CONFIDENCE.
 *
 * **Evidence**: how strongly a section is about the question. Each term group of the plan adds its weight
 * times how well the section matches its terms, where a term counts by how specific the matched word is
 * in the knowledge (a word in one section of many is strong, a word in every section is not) and how
 * rare the asker's word is in English (a product name is strong, "team" or "ready" is not).
 */

/** Indexed document: one section, its words split into weighted fields. */
interface SectionDoc {
  readonly id: string;
  readonly heading: string;
  readonly path: string;
  readonly topics: string;
  readonly text: string;
  readonly links: string;
}

/** Every option that shapes ranking, in one place. */
export const SEARCH_OPTIONS = {
  /** How many words from what an amount question counts a count may stand ("number 2 on PULL requests"). */
  countReach: 3,
  fields: ['heading', 'path', 'topics', 'text', 'links'],
  boost: { heading: 3, path: 1.5, topics: 1.5, text: 1, links: 0.5 },
  /**
   * Prefix matching from four letters: "promet" finds "prometheus", "io" does not find "iotum". Never for
   * numbers: "2019" is not "20190".
   */
  prefix: (term: string): boolean => term.length >= 4 && !isNumber(term),
  /**
   * Typos: one edit for words of 6-8 letters, two from 9 (shorter words wait for the retry pass). Numbers
   * ("2019", "1.15") have no typos: one digit off is another year or version.
   */
  fuzzy: (term: string): number => (isNumber(term) ? 0 : term.length >= 9 ? 2 : term.length >= 6 ? 1 : 0),
  /** When that finds nothing confident, a second, more forgiving pass: two edits from 5 letters ("linkred"). */
  fuzzyRetry: (term: string): number =>
    isNumber(term) ? 0 : term.length >= 5 ? 2 : term.length >= 4 ? 1 : 0,
  /**
   * A word the notes lack this long or longer is respelt (see respell): "lgos" is logs with two letters
   * swapped. Shorter ones are as often names or shorthand ("k3s", "eks") as typos.
   */
  respellLength: 4,
  /**
   * A sentence with at least this many short parts between commas after its first is a list, a part of
   * at most this many words (no brackets) being one of its items (see saysMoreThanItsName): "plus some
   * weird and wonderful Kubernetes failure scenarios" is an item, not something said of them.
   */
  listItems: 2,
  listItemWords: 8,
  /** Most edits MiniSearch may try for any term (bounds the work per term). */
  maxFuzzy: 2,
  /** Sections about a topic the query names (by label or alias) get this boost. */
  topicBoost: 1.5,
  /**
   * A section about a topic the question names ("ISTIO in production") ranks as if its evidence were this
   * many times as much: "a rough time with istio in production" asks about istio, not the history section
   * that happens to say "rough", "time" and "production". Confidence still reads the evidence itself.
   * Trades the named topic's section first against a section matching more of the question's other words.
   */
  topicOrder: 1.3,
  /**
   * Two neighbouring words of the question that a section has side by side add this share of the lesser of
   * their matches to its place in the ranking (see pairEvidence), not to the evidence that decides whether
   * to answer: "the biggest pods we run" is the section that says "the biggests pods we run", not one with
   * "pod" and "cluster" apart. Trades phrases found as phrases against sections matching more of the
   * question's words one by one.
   */
  pairShare: 1,
  /**
   * The best candidates ranked again with the question's word pairs they have side by side (see
   * pairEvidence): more than an answer shows, few enough that reading their text costs little.
   */
  pairCandidates: 8,
  /** Hits returned per query: enough that collapsing near-duplicates still leaves several answers. */
  maxHits: 50,
  /**
   * Results (by MiniSearch's BM25 score) whose evidence is worked out. BM25 already favours sections
   * matching the question's rarer words; deeper results cannot make the top of an answer, and a common
   * word in a large corpus returns thousands. Document frequencies still count every result.
   */
  maxCandidates: 200,
  /** Terms whose page counts an index remembers (a few dozen bytes each) before starting afresh. */
  maxCachedTerms: 200_000,
  /**
   * Sections read to learn whether the notes write a stem as the question's agent noun does ("provid":
   * provide, providing, but no "provider"): enough to see their usual forms, few enough to read at once.
   */
  formSections: 24,
  /**
   * Terms whose typos (the index terms near them) an index remembers before starting afresh; as many
   * terms' prefix matches (the index terms starting with them).
   */
  maxCachedTypos: 10_000,
  /**
   * (section, BM25 score) pairs of searched terms an index keeps as arrays (8 bytes each, the sections
   * being a view of the frozen postings, so about 16 MB at most) before starting afresh: the Linkerd
   * corpus's benchmark questions use 340,000, four times over 1.4 million.
   */
  maxCachedPostings: 2_000_000,
  /**
   * Ranking is by evidence, with MiniSearch's BM25 score (headings, repeated words) deciding between
   * sections of similar evidence: the score adds up to this share of the evidence.
   */
  scoreShare: 0.1,
} as const;

/** When a hit is good enough to answer with. Calibrated on the tuning sets in tests/eval. */
export const CONFIDENCE = {
  /** Evidence the top hit needs: about one specific, rare word of the question matched exactly. */
  minEvidence: 0.7,
  /**
   * The question's rare words that match nothing anywhere count against it: the top hit's evidence must
   * be at least this share of their rarity. Trades answering questions with stray words ("should we
   * adopt gatekeeper") against declining near misses ("helm charts for our deployments").
   */
  unknownRatio: 1.5,
  /**
   * A word the lexicon knows as a subject of the field, missing from the notes, counts this many times
   * as much: a named product or practice the notes lack is a near miss, not a stray word.
   */
  fieldTermUnknown: 2,
  /** Results after the first must have at least this share of the top hit's evidence. */
  relatedShare: 0.5,
  /**
   * How much of a word's weight depends on how specific it is in the knowledge (the rest is given): a
   * word in every section still says something when English rarely uses it ("retries" in a folder of
   * docs about retries), but less than a word in one section.
   */
  idfShare: 0.6,
  /** How much a prefix match counts as, against 1 for an exact match. */
  prefixQuality: 0.85,
  /** How much a typo match counts as, times its closeness (1 - edits / length). */
  typoQuality: 0.9,
  /** A name matched as a typo this well (one edit in a word of 5+ letters) is found, not also part missing. */
  typoFoundQuality: 0.7,
  /** A "typo" that is itself an English word is probably another word: its match counts this share. */
  englishTypoShare: 0.4,
  /** A word matched only through a section's topic aliases, not its own text: the section is about it less. */
  topicOnlyShare: 0.75,
  /**
   * A word that names a note itself (its title, event, location: "kubecon", "barcelona") says little
   * about which section answers; it counts this share.
   */
  identityShare: 0.3,
  /**
   * A word of a concept the notes lack as a whole ("log" of "log aggregation") is known this much: the
   * notes have the word, not the concept. Trades near misses made of known words ("api gateway")
   * declined against questions that describe a covered subject with a concept the notes don't name.
   */
  brokenConceptShare: 0.5,
  /**
   * An answer must match at least one word of the question this rare (or a topic word, or an expansion):
   * everyday words alone do not make one. Trades short everyday questions about a covered subject
   * ("how was the party") against chatter that happens to share everyday words with a section.
   */
  subjectRarity: 0.3,
  /**
   * When the top hit has a paraphrase of the question, the everyday words the notes lack count this share:
   * they describe the subject the paraphrase found ("hops", "multiple"). Names still count fully. Trades
   * paraphrased questions answered against near misses that happen to contain a paraphrase.
   */
  describedEverydayShare: 0.5,
  /**
   * The everyday words the notes lack, rarest first: this many count in full ("cncf EXECUTIVE DIRECTOR"
   * asks about something the notes don't have)…
   */
  everydayInFull: 2,
  /**
   * …and each further one this share of the one before: a chatty question's stray words ("did we go
   * MAINLY to PICK up TRICKS or to SCOUT...") are one way of asking, not as many missing subjects. Names
   * the notes lack still add up in full. Trades long, conversational questions answered against near
   * misses made of several everyday words declined.
   */
  everydayDecay: 0.8,
  /** A matched word counts at least this share of its match, however common in English ("birthday"). */
  matchedRarityFloor: 0.35,
  /** A frame word ("adopt", "talk", "team") that matches counts this share: it frames, it is not the subject. */
  frameShare: 0.3,
  /**
   * An agent noun the notes have only as its verb ("provider" where they say "providing") counts this
   * share of its match: the stem is shared, the thing named often is not ("cloud provider" is not
   * "providing tooling"). Trades such false friends outranking the section with the question's other
   * words against agent nouns that do mean what their verb does ("a collector" where the notes say
   * "collecting").
   */
  derivedShare: 0.7,
  /**
   * An everyday word the notes lack, said only in a clause about the asker that sets the scene for
   * another that asks ("I'm a DIRECTOR and never read it - what did we learn"), counts this share of it
   * (none): it says how the asker came to ask, not what. Names there still count in full ("we use HELM,
   * any talks on it?"), and so does every word of the clause that asks ("i'm hungry, what's for LUNCH").
   * Trades questions with a sentence of context answered against chatter that starts with "I".
   */
  sceneShare: 0,
  /**
   * A parent section whose evidence is at least this share of its subsection's, the top hit, answers
   * instead: the question asks about the whole as much as the part ("monitoring talks": Observability,
   * not Logging). Trades broad questions answered by the overview of a part against specific ones.
   */
  parentShare: 0.85,
} as const;

/** The result of a search: ranked hits, or the reason there are none worth showing. */
export interface SearchOutcome {
  readonly plan: QueryPlan;
  /** The searchable terms of the question's own words. */
  readonly terms: readonly string[];
  readonly hits: readonly Hit[];
  /** Confident: the top hit's evidence is enough to answer with. */
  readonly confident: boolean;
  /** Topic ids the query names. */
  readonly topics: readonly string[];
  /** The question's own words that match nothing in the knowledge. */
  readonly unmatched: readonly string[];
  /** How much of the question's subject the knowledge lacks: the rarity of its own words found nowhere. */
  readonly unknown: number;
  /**
   * The part of `unknown` that is names: words English doesn't have ("mtls", "etcd") or the lexicon knows
   * as subjects of the field. Everyday words the notes don't use ("wise", "busiest") are not in it.
   */
  readonly unknownNames: number;
  /** Own words found only as a typo of a known word: the word and the known word's term. */
  readonly corrections: readonly { readonly word: string; readonly term: string }[];
  /** A passage the question quotes, as quoted, when one section says it (see quotedFirst). */
  readonly quote?: string;
}

/**
 * The version of what the index holds. Change it whenever tokenizing or indexing changes (2: accents
 * folded, CamelCase parts, whole version numbers; 3: image captions in a section's text; 4: Porter2 stems;
 * 5: names joined by an ampersand kept whole, "1&1", and indefinite words and chat shorthand as stop words;
 * 6: hyphenated compounds also as one word; 7: contractions read without their apostrophe, "don't" as "dont";
 * 8: headings without their list numbers; 9: courtesy words as stop words, "kindly", "danke"; 10: letters
 * joined by "&" also without it, "JL&P" as jlp; 11: postings saved as arrays, postings.ts; 12: ordinals
 * in digits as words, "1st" as first; 13: the rest of English's prepositions and conjunctions as stop
 * words, "via", "whether"; 14: more chat shorthand as stop words, "ngl", "wdyt"; 15: "covers",
 * "mentions", "discusses" and "nah" as stop words), so
 * an index saved by an older version is not loaded.
 */
export const INDEX_FORMAT = 15;

/** A built index over one version of the knowledge. */
export interface SearchIndex {
  readonly knowledge: Knowledge;
  readonly lexicon: CompiledLexicon;
  /** Terms that name the notes themselves (title, event, location): "kubecon", "barcelona". */
  readonly identity: ReadonlySet<string>;
  search(query: string): SearchOutcome;
  /** The MiniSearch index as JSON, to be given back to `buildIndex` instead of indexing again. */
  serialize(): string;
}

/** Builds the index over every section of the knowledge, or loads it from `serialized` (same knowledge). */
export function buildIndex(knowledge: Knowledge, serialized?: string): SearchIndex {
  const mini = serialized !== undefined ? loadSaved(serialized) : indexSections(knowledge);
  const mentions = topicMatcher(knowledge.topics);
  const aliasWords = topicWords(knowledge.topics);
  const lexicon = compileLexicon(knowledge.lexicon);
  const words = knownWords(knowledge, lexicon);
  const scorer = new Scorer(mini, SEARCH_OPTIONS.maxCachedTypos, SEARCH_OPTIONS.maxCachedPostings);
  pageNumbers(scorer, knowledge, words);
  // Whether a section's heading or text has a term (a link's address is not what a section says).
  const said = ['heading', 'text'].map((f) => scorer.fieldId(f) ?? -1);
  const inText = (term: string) => said.some((id) => scorer.sectionsWith(term, id).length > 0);
  const saying = sectionsSaying(scorer, knowledge, words, said);
  return {
    knowledge,
    lexicon,
    identity: words.identity,
    search: (query) => {
      const plan = derivations(
        respell(
          aboutSubjects(
            planQuery(
              joinSplitNames(
                splitUnknownJoined(wholeCamelNames(query, scorer), scorer),
                scorer,
                lexicon,
                inText,
              ),
              lexicon,
            ),
            scorer,
            knowledge,
            words,
          ),
          scorer,
          knowledge,
          words,
        ),
        scorer,
        knowledge,
        words,
      );
      return runSearch(
        scorer,
        knowledge,
        words,
        misspeltTopics(mentions(query), plan, scorer, aliasWords),
        plan,
        quotedIn(query, saying),
      );
    },
    serialize: () => save(mini),
  };
}

/**
 * The hit of the section a question's quote is from, and the quote, given the ranked hits and the top
 * one's evidence: "which tool did he say 'I think we should use'" asks about where the notes say those
 * words, though the search reads none of them. See rank: it answers a question it would decline, and
 * puts first the one section that says the quote of a question it answers anyway.
 */
type Quoted = (hits: readonly Hit[], top: number) => QuotedHit | undefined;

interface QuotedHit {
  readonly hit: Hit;
  readonly quote: string;
  /** No other section says the quote. */
  readonly only: boolean;
}

/**
 * The Quoted of a question: for each of its quotes, longest first, the sections that say it; the first
 * quote said by a ranked section (the best ranked) or by one section alone decides. Undefined for a
 * question that quotes nothing, as most don't; the sections are looked up once, on first use.
 */
function quotedIn(query: string, saying: (quote: string) => Section[]): Quoted | undefined {
  const quotes = quotedPhrases(query);
  if (quotes.length === 0) return undefined;
  let found: { quote: string; sections: Section[] }[] | undefined;
  return (hits, top) => {
    found ??= quotes.map((quote) => ({ quote, sections: saying(quote) }));
    for (const { quote, sections } of found) {
      const only = sections.length === 1;
      const ranked = hits.find((h) => sections.includes(h.section));
      if (ranked !== undefined) return { hit: ranked, quote, only };
      if (only) {
        const evidence = Math.max(top, CONFIDENCE.minEvidence);
        return {
          hit: { section: sections[0] as Section, score: 0, matchedTerms: [], evidence },
          quote,
          only,
        };
      }
    }
    return undefined;
  };
}

/**
 * The sections whose text or heading a quote's pattern finds: among those with its rarest indexed word,
 * or, for a quote of words the index ignores, every section of a folder of QUOTE_OPTIONS.maxScannedSections
 * at most.
 */
function sectionsSaying(
  scorer: Scorer,
  knowledge: Knowledge,
  words: KnownWords,
  fields: readonly number[],
): (quote: string) => Section[] {
  return (quote) => {
    const all = termsOf(quote);
    const terms = all.filter((t) => scorer.has(t));
    let candidates: Iterable<Section>;
    if (terms.length > 0) {
      const docsOf = (t: string) => fields.flatMap((f) => Array.from(scorer.sectionsWith(t, f)));
      const rarest = terms.map(docsOf).reduce((a, b) => (b.length < a.length ? b : a));
      const { sections } = pageNumbers(scorer, knowledge, words);
      candidates = new Set(rarest.flatMap((doc) => sections[doc] ?? []));
    } else if (all.length === 0 && knowledge.sections.size <= QUOTE_OPTIONS.maxScannedSections)
      candidates = knowledge.sections.values();
    else return []; // a word the index lacks: no section says the quote
    const pattern = phrasePattern(quote);
    const found: Section[] = [];
    for (const section of candidates)
      if (pattern.test(section.text) || pattern.test(section.heading)) found.push(section);
    return found;
  };
}

/** MiniSearch's index with its postings as the shared arrays hold them (postings.ts), when they can. */
type SavedIndex = AsPlainObject & { readonly postings?: SavedPostings };

/** MiniSearch's radix tree of terms, which its saved form and `loadJS` read and fill. */
const treeOf = (mini: MiniSearch<SectionDoc>) =>
  (
    mini as unknown as {
      _index: Iterable<[string, TermPostings]> & { set(t: string, p: TermPostings): void };
    }
  )._index;

function save(mini: MiniSearch<SectionDoc>): string {
  const postings = savePostings(treeOf(mini));
  if (!postings) return JSON.stringify(mini);
  // MiniSearch's own JSON of everything but its index: its toJSON on a view of it whose index is empty
  // (not the whole index as JSON objects, thrown away).
  const view = Object.assign(Object.create(mini) as MiniSearch<SectionDoc>, { _index: new Map() });
  return JSON.stringify({ ...view.toJSON(), postings } satisfies SavedIndex);
}

function loadSaved(serialized: string): MiniSearch<SectionDoc> {
  const { postings, ...plain } = JSON.parse(serialized) as SavedIndex;
  const mini = MiniSearch.loadJS<SectionDoc>(plain, miniSearchOptions());
  if (postings) {
    const terms = treeOf(mini);
    loadPostings(postings, (term, fields) => terms.set(term, fields));
  }
  return mini;
}

/**
 * The plan without the members of kinds the notes are not about: a member counts when it is one of their
 * subjects (a topic's label or alias) and their own words (headings, text) have it. A kind is known from
 * what the notes discuss ("tsdb": prometheus), not from a word they use in passing ("container runtime":
 * docker, named once in a history), nor from an alias no note uses (jaeger, a tracing alias).
 */
function aboutSubjects(plan: QueryPlan, scorer: Scorer, knowledge: Knowledge, words: KnownWords): QueryPlan {
  const inText = (t: PlanTerm) => pageCountsOf(t.term, scorer, knowledge, words).own > 0;
  const passing = (g: TermGroup) =>
    g.origin === 'kind' &&
    !(words.subjects.has(g.terms.map((t) => t.term).join(' ')) && g.terms.every(inText));
  return plan.expansions.some(passing)
    ? { ...plan, expansions: plan.expansions.filter((g) => !passing(g)) }
    : plan;
}

/**
 * The plan with its misspelt own words respelt (and words the notes have as written not misspelt): a word
 * of SEARCH_OPTIONS.respellLength letters or more ("lgos": logs) that English doesn't have, or has only
 * at the far end of its frequency list ("loggin"), and whose term the index lacks ("loging" → loge) gets
 * the index terms of its spellings a left-out letter or a swap near its end away, or a doubled letter
 * away (terms.ts, respellings).
 * Numbers match exactly: "2091" is no misspelt 2019.
 */
function respell(plan: QueryPlan, scorer: Scorer, knowledge: Knowledge, words: KnownWords): QueryPlan {
  const misspelt = (t: PlanTerm) =>
    (!t.english || t.rarity >= 1) &&
    !isNumber(t.term) &&
    fold(t.word).length >= SEARCH_OPTIONS.respellLength &&
    !scorer.has(t.term);
  // A word the notes have as written is no misspelt function word ("thanos" is not "thanks").
  const theirs = (t: PlanTerm) => t.misspelt === true && scorer.has(t.term);
  // A comparison's side that the plan read as a misspelt function word is a side when the notes have it.
  if (plan.comparedIfTheirs !== undefined) {
    const { comparedIfTheirs: sides, ...rest } = plan;
    const named = sides.every((t) => t.misspelt !== true || theirs(t));
    const asName = (t: PlanTerm) => (theirs(t) ? { ...t, frame: false, misspelt: false } : t);
    plan = named ? { ...rest, compared: [asName(sides[0]), asName(sides[1])] } : rest;
  }
  if (!plan.own.some((g) => g.terms.some((t) => misspelt(t) || theirs(t)))) return plan;
  const cache = words.respellings;
  const own = Array.from(plan.own, (g) => ({
    ...g,
    terms: Array.from(g.terms, (t) => {
      if (theirs(t)) return { ...t, frame: false, misspelt: false };
      if (!misspelt(t)) return t;
      let respelt = cache.get(t.word);
      if (respelt === undefined) {
        // To a word the notes have: "observabilty" is their observability (English or not). The notes must
        // write the respelling's word, not only its stem: "stateful" with an R left out is "starteful",
        // which stems to start, a word of theirs, but no one writes it.
        respelt = respellings(
          t.word,
          (spelling, m) => scorer.has(m) && writes(m, inflectionBase(spelling), scorer, knowledge, words),
        );
        if (cache.size >= SEARCH_OPTIONS.maxCachedTypos) cache.clear();
        cache.set(t.word, respelt);
      }
      return respelt.length > 0 ? { ...t, respelt } : t;
    }),
  }));
  return { ...plan, own };
}

/** Each topic's one-word label and aliases, folded ("observability", "thanos"), with the topics they name. */
function topicWords(topics: readonly Topic[]): ReadonlyMap<string, readonly string[]> {
  const words = new Map<string, string[]>();
  for (const t of topics)
    for (const phrase of [t.label, ...t.aliases]) {
      const word = fold(phrase);
      if (!/^\p{L}+$/u.test(word)) continue;
      const ids = words.get(word) ?? [];
      if (!ids.includes(t.id)) ids.push(t.id);
      words.set(word, ids);
    }
  return words;
}

/**
 * The topics a question names, with those it names misspelt: an own word the notes lack and English
 * doesn't have (or has only at the far end of its list) that is a slip from one of a topic's one-word
 * aliases, as many edits as a typo of that alias may have (SEARCH_OPTIONS.fuzzy) and the same first
 * letter ("comunity": the community, "monitering": observability). The search finds the section by
 * the typo either way; the topic says what it is about, as it does for the word spelt right.
 */
function misspeltTopics(
  named: string[],
  plan: QueryPlan,
  scorer: Scorer,
  aliases: ReadonlyMap<string, readonly string[]>,
): string[] {
  let topics = named;
  for (const g of plan.own)
    for (const t of g.terms) {
      if ((t.english && t.rarity < 1) || isNumber(t.term) || scorer.has(t.term)) continue;
      const word = fold(t.word);
      for (const [alias, ids] of aliases) {
        const edits = SEARCH_OPTIONS.fuzzy(alias);
        if (edits === 0 || alias[0] !== word[0] || Math.abs(alias.length - word.length) > edits) continue;
        if (editDistance(word, alias, edits) > edits) continue;
        const added = ids.filter((id) => !topics.includes(id));
        if (added.length > 0) topics = [...topics, ...added];
      }
    }
  return topics;
}

/**
 * The plan with its derived words marked (PlanTerm.derived): an English agent noun whose stem is its verb's
 * ("provider": stem provid) is looked up in how the notes write that stem, read from a few of the sections
 * that have it. A word the notes write that way too ("collectors" for their "collector") is theirs.
 */
function derivations(plan: QueryPlan, scorer: Scorer, knowledge: Knowledge, words: KnownWords): QueryPlan {
  const derived = (t: PlanTerm) => {
    if (!t.english || t.frame || !scorer.has(t.term)) return false;
    // An agent noun the stemmer took back to its verb ("provid|er", "oper|ator", "export|er"). Nouns of
    // an action ("graduation", "instrumentation") name what the verb does, and a stem that is only
    // respelt ("polici" for policy) is no derivation.
    const base = inflectionBase(fold(t.word));
    return (
      base.startsWith(t.term) &&
      AGENT_SUFFIX.test(base.slice(t.term.length)) &&
      !writes(t.term, base, scorer, knowledge, words)
    );
  };
  // Each term asked once (most plans have none): the derived ones, if any.
  let found: Set<PlanTerm> | undefined;
  for (const g of plan.own)
    for (const t of g.terms)
      if (derived(t)) {
        found ??= new Set();
        found.add(t);
      }
  if (found === undefined) return plan;
  const marked = found;
  return {
    ...plan,
    own: Array.from(plan.own, (g) => ({
      ...g,
      terms: Array.from(g.terms, (t) => (marked.has(t) ? { ...t, derived: true } : t)),
    })),
  };
}

/**
 * Whether the notes write a stem with a word of this inflection base ("provid": "providing" yes, "provider"
 * no), read from up to SEARCH_OPTIONS.formSections of the sections that have it; remembered.
 */
function writes(
  term: string,
  base: string,
  scorer: Scorer,
  knowledge: Knowledge,
  words: KnownWords,
): boolean {
  const key = `${term} ${base}`;
  const known = words.forms.get(key);
  if (known !== undefined) return known;
  const { sections } = pageNumbers(scorer, knowledge, words);
  const read = new Set<number>();
  let found = false;
  for (const field of ownFieldIds(scorer)) {
    for (const doc of scorer.sectionsWith(term, field.id)) {
      const section = sections[doc];
      if (found || read.size >= SEARCH_OPTIONS.formSections) break;
      if (section === undefined || read.has(doc)) continue;
      read.add(doc);
      for (const word of tokenize(`${section.heading} ${section.text}`))
        if (processTerm(word) === term && inflectionBase(fold(word)) === base) {
          found = true;
          break;
        }
    }
  }
  // A stem no section writes (found through a topic's aliases only) is not written differently either.
  const writesIt = found || read.size === 0;
  if (words.forms.size > SEARCH_OPTIONS.maxCachedTerms) words.forms.clear();
  words.forms.set(key, writesIt);
  return writesIt;
}

function indexSections(knowledge: Knowledge): MiniSearch<SectionDoc> {
  const labels = new Map(knowledge.topics.map((t) => [t.id, [t.label, ...t.aliases].join(' ')]));
  const mini = new MiniSearch<SectionDoc>(miniSearchOptions());
  mini.addAll(
    [...knowledge.sections.values()].map((s) => ({
      id: s.id,
      heading: unnumbered(s.heading),
      path: s.path.map(unnumbered).join(' '),
      topics: s.topics.map((t) => labels.get(t) ?? '').join(' '),
      text: s.text,
      links: s.links.map((l) => `${l.title} ${hostWords(l.url)}`).join(' '),
    })),
  );
  return mini;
}

/**
 * A heading without its list number: "3. Distributed Tracing" is about tracing, not the number 3 ("3
 * bullets for the all-hands"). Only a number followed by a dot or bracket and a space, at the start.
 */
function unnumbered(heading: string): string {
  return heading.replace(LIST_NUMBER, '');
}

const LIST_NUMBER = /^\s*\d{1,3}[.)]\s+(?=\S)/;

function miniSearchOptions(): Options<SectionDoc> {
  return {
    fields: [...SEARCH_OPTIONS.fields],
    storeFields: [],
    tokenize: indexTokenize,
    processTerm,
    searchOptions: { tokenize },
  };
}

function runSearch(
  scorer: Scorer,
  knowledge: Knowledge,
  words: KnownWords,
  topics: string[],
  plan: QueryPlan,
  quoted?: Quoted,
): SearchOutcome {
  // The own terms, and those the lexicon knows as subjects of the field (see `spelt` below), in one pass.
  const terms: string[] = [];
  const field = new Set<string>();
  for (const g of plan.own)
    for (const t of g.terms) {
      terms.push(t.term);
      if (t.field === true) field.add(t.term);
    }
  const groups = [...plan.own, ...plan.expansions];
  const base = { plan, terms, topics };
  if (groups.length === 0)
    return {
      ...base,
      hits: [],
      confident: false,
      unmatched: [],
      unknown: 0,
      unknownNames: 0,
      corrections: [],
    };
  // A question naming no topic boosts no section: no need to look any up.
  const boostDocument =
    topics.length === 0
      ? undefined
      : (id: unknown) => {
          const section = knowledge.sections.get(String(id));
          return section !== undefined && aboutAny(section, topics) ? SEARCH_OPTIONS.topicBoost : 1;
        };
  const run = (parts: TermSpec[][]) =>
    rank(scorer.score(parts, scoreOptions(boostDocument)), scorer, knowledge, plan, words, topics, quoted);
  // A word the index has is never looked up for typos: it is spelt as the notes spell it ("cloud" is not
  // "close"), and the typo walk of a large index is the costliest part of a search. Nor is a word the
  // lexicon knows as a subject of the field: "stateful" the notes lack is a near miss, not "stale".
  const spelt = (term: string) => scorer.has(term) || field.has(term);
  const strictParts = planParts(groups, (t) => (spelt(t) ? 0 : SEARCH_OPTIONS.fuzzy(t)));
  const strict = run(strictParts);
  if (strict.confident) return { ...base, ...strict };
  const forgivingParts = planParts(
    groups,
    (t) => (spelt(t) ? 0 : SEARCH_OPTIONS.fuzzyRetry(t)),
    strictParts[1],
  );
  // No word gets more typo room (all short, or all long): the forgiving pass would find the same.
  if (sameParts(strictParts, forgivingParts)) return { ...base, ...strict };
  const forgiving = run(forgivingParts);
  const better = forgiving.confident || (forgiving.hits[0]?.evidence ?? 0) > (strict.hits[0]?.evidence ?? 0);
  return { ...base, ...(better ? forgiving : strict) };
}

function scoreOptions(boostDocument: ((id: unknown) => number) | undefined): ScoreOptions {
  const options = { boost: SEARCH_OPTIONS.boost, maxFuzzy: SEARCH_OPTIONS.maxFuzzy };
  return boostDocument ? { ...options, boostDocument } : options;
}

/**
 * One OR query of two parts: the question's own words, with the pass's typo tolerance and prefixes, and
 * the lexicon's words, looked up exactly (they are spelled right, and the fuzzy walk of the index is most
 * of a search's cost). Each term carries its group's weight. (As a MiniSearch query tree: an OR of two
 * queries, each the part's terms joined by spaces, with these boostTerm, fuzzy and prefix functions.)
 */
function planParts(
  groups: readonly TermGroup[],
  fuzzy: (term: string) => number,
  lexiconPart?: TermSpec[],
): TermSpec[][] {
  const part = (own: boolean): TermSpec[] => {
    const weights = new Map<string, number>();
    const respelt = new Set<string>();
    for (const g of groups) {
      if ((g.origin === 'own') !== own) continue;
      for (const t of g.terms) {
        weights.set(t.term, Math.max(weights.get(t.term) ?? 0, g.weight));
        for (const r of t.respelt ?? []) {
          // A respelling is spelt as the index spells it: looked up as it is.
          if (!weights.has(r)) respelt.add(r);
          weights.set(r, Math.max(weights.get(r) ?? 0, g.weight));
        }
      }
    }
    const specs: TermSpec[] = [];
    for (const [term, boost] of weights)
      specs.push({
        term,
        boost,
        fuzzy: own && !respelt.has(term) ? fuzzy(term) : 0,
        prefix: own && !respelt.has(term) && SEARCH_OPTIONS.prefix(term),
      });
    return specs;
  };
  // The lexicon's part takes no typo room, so it is the same in every pass: a later pass may pass the first's.
  return [part(true), lexiconPart ?? part(false)];
}

/** Whether two plans' parts are the same query. */
function sameParts(a: readonly (readonly TermSpec[])[], b: readonly (readonly TermSpec[])[]): boolean {
  if (a.length !== b.length) return false;
  for (let p = 0; p < a.length; p++) {
    const x = a[p] ?? [];
    const y = b[p] ?? [];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) {
      const s = x[i];
      const t = y[i];
      if (s?.term !== t?.term || s?.boost !== t?.boost || s?.fuzzy !== t?.fuzzy || s?.prefix !== t?.prefix)
        return false;
    }
  }
  return true;
}

/** Hits ranked by evidence, whether the top one is good enough, and what the question left unmatched. */
function rank(
  results: Scored,
  scorer: Scorer,
  knowledge: Knowledge,
  plan: QueryPlan,
  words: KnownWords,
  topics: readonly string[],
  quoted: Quoted | undefined,
) {
  const n = words.pages;
  const { idfShare } = CONFIDENCE;
  const idf = (count: number | undefined) =>
    idfShare * (Math.log(1 + n / (count ?? 1)) / Math.log(1 + n)) + (1 - idfShare);
  // Per index term (by its number in the run), worked out once a search: its specificity in own words and
  // in headings, and its identity share; NaN until asked.
  const numbers = results.termNumbers();
  const ownWeight = new Float64Array(numbers).fill(Number.NaN);
  const headingWeight = new Float64Array(numbers);
  const identityWeight = new Float64Array(numbers);
  const weightOf = (id: number, m: string, fields: readonly string[] | undefined) => {
    if (Number.isNaN(ownWeight[id])) {
      const counts = pageCountsOf(m, scorer, knowledge, words);
      ownWeight[id] = idf(counts.own || undefined);
      headingWeight[id] = idf(counts.heading || undefined);
      identityWeight[id] = words.identity.has(m) ? CONFIDENCE.identityShare : 1;
    }
    return (
      Math.max(ownWeight[id] ?? 0, fields?.includes('heading') ? (headingWeight[id] ?? 0) : 0) *
      (fields?.every(isTopics) ? CONFIDENCE.topicOnlyShare : 1) *
      (identityWeight[id] ?? 0)
    );
  };
  const maxScore = results.maxScore;
  const quality = memoQuality();
  const ownTerms = new Set<string>();
  let ownCount = 0;
  for (const g of plan.own)
    for (const t of g.terms) {
      ownTerms.add(t.term);
      ownCount++;
    }
  const distinctOwn = ownTerms.size === ownCount;
  // Each candidate is read into the same arrays and only the hits kept become results: a search weighs
  // four times as many candidates as it keeps, and making each one was most of what it allocated.
  const matched: MatchedTerms = { terms: [], fields: [], ids: [], count: 0 };
  const weights: number[] = [];
  let broken: ReadonlySet<string> | undefined;
  // Each plan term's quality against each index term of the run, by the term's number (NaN until asked).
  // With it, the term's rarity as a match (termRarity), the same for every candidate.
  const qualities = new Map<PlanTerm, TermRow>();
  const qualitiesOf = (t: PlanTerm) => {
    let row = qualities.get(t);
    if (row === undefined) {
      row = { qualities: new Float64Array(numbers).fill(Number.NaN), rarity: termRarity(t, words.topics) };
      qualities.set(t, row);
    }
    return row;
  };
  const match = (t: PlanTerm) =>
    broken?.has(t.term) ? 0 : termMatch(t, matched, qualitiesOf(t), weights, quality);
  const docs: number[] = [];
  const sections: Section[] = [];
  const evidences: number[] = [];
  const orders: number[] = [];
  const sectionOf = pageNumbers(scorer, knowledge, words).sections;
  // A candidate's matches, as match() reads them.
  const describe = (doc: number) => {
    results.describe(doc, matched);
    broken = brokenConcepts(plan, matched, quality);
    // Each matched term's weight in this section, worked out once for all the plan's terms.
    for (let i = 0; i < matched.count; i++)
      weights[i] = weightOf(matched.ids[i] ?? 0, matched.terms[i] ?? '', matched.fields[i]);
  };
  const orderOf = (doc: number, section: Section, evidence: number) =>
    (topics.length > 0 && aboutAny(section, topics) ? SEARCH_OPTIONS.topicOrder : 1) *
    evidence *
    (1 + SEARCH_OPTIONS.scoreShare * (results.scoreOf(doc) / maxScore));
  for (const doc of results.best(SEARCH_OPTIONS.maxCandidates)) {
    const section = sectionOf[doc];
    if (!section) continue;
    describe(doc);
    const evidence = planEvidence(plan, match, distinctOwn);
    docs.push(doc);
    sections.push(section);
    evidences.push(evidence);
    orders.push(orderOf(doc, section, evidence));
  }
  // The same stable sort as of the candidates themselves, by the same comparisons.
  const byOrder = (a: number, b: number) => (orders[b] ?? 0) - (orders[a] ?? 0);
  const ranked = Array.from(docs, (_, i) => i).sort(byOrder);
  // The best few ranked again with the question's word pairs they have side by side (see pairEvidence):
  // the order only, not the evidence the confidence reads. Only when one of them could come first that
  // way, all its pairs found: the first stands well clear in most questions, and reading text costs.
  const best = ranked.slice(0, SEARCH_OPTIONS.pairCandidates);
  const [first] = best;
  const pairs = first !== undefined && best.length > 1 && plan.own.length > 1 ? wordPairs(plan) : [];
  if (first !== undefined && pairs.length > 0) {
    const withPairs = (i: number, read: boolean) => {
      const doc = docs[i] ?? 0;
      const section = sections[i] as Section;
      describe(doc);
      return orderOf(doc, section, (evidences[i] ?? 0) + pairEvidence(pairs, section, match, read));
    };
    const leading = orders[first] ?? 0;
    const contenders = best.slice(1).filter((i) => withPairs(i, false) > leading);
    if (contenders.length > 0) {
      for (const i of [first, ...contenders]) orders[i] = withPairs(i, true);
      ranked.splice(0, best.length, ...best.sort(byOrder));
    }
  }
  ranked.length = Math.min(ranked.length, SEARCH_OPTIONS.maxHits); // the best only, without a copy
  const hits = wholeFirst(
    Array.from(ranked, (i) =>
      toHit(results.candidate(docs[i] ?? 0), sections[i] as Section, evidences[i] ?? 0),
    ),
    knowledge,
  );
  const matchedTerms = results.matched;
  const found = foundShare(results, plan, matchedTerms, quality);
  // A word asking for a kind of fact ("version") is the fact rule's to judge (givesFacts): a section
  // with a version number gives a version without the word. A name of the notes (their title, event or
  // place: "spain" for Barcelona, Spain) is known from their frontmatter, whether or not a section says it.
  // A misspelt everyday word ("wroth" for worth) is that word, not a name (see unknownWeight).
  const isName = (t: PlanTerm) => t.field === true || (!t.english && t.typoOf === undefined);
  const missing = (t: PlanTerm) =>
    plan.facts.some((kind) => kind.terms.includes(t.term)) || words.identity.has(t.term) || isCount(t)
      ? 0
      : unknownWeight(t) *
        (1 - (found.get(t.term) ?? 0)) *
        (t.scene === true && !isName(t) ? CONFIDENCE.sceneShare : 1);
  // Names the notes lack, summed in plan order; everyday words the notes lack, most telling first, each
  // further one counting less (see everydayDecay). One pass over the own terms, no arrays in between.
  let unknownNames = 0;
  const everydayMissing: number[] = [];
  for (const g of plan.own)
    for (const t of g.terms)
      if (isName(t)) unknownNames += missing(t);
      else everydayMissing.push(missing(t));
  everydayMissing.sort((a, b) => b - a);
  let everyday = 0;
  for (let i = 0; i < everydayMissing.length; i++)
    everyday +=
      (everydayMissing[i] ?? 0) * CONFIDENCE.everydayDecay ** Math.max(0, i + 1 - CONFIDENCE.everydayInFull);
  const unknown =
    unknownNames + everyday * (describes(hits[0], plan) ? CONFIDENCE.describedEverydayShare : 1);
  const top = hits[0]?.evidence ?? 0;
  // What the question asks of the section it is about: the person, the fact, the steps…
  const answers = (hit: Hit) =>
    answersAction(hit, plan, quality) &&
    answersAmount(hit, plan, quality, words.identity) &&
    givesFacts(hit, plan) &&
    !namesOtherVersion(plan, found) &&
    (!plan.asksPerson || words.peopleIn(hit.section).size > 0) &&
    namesAnother(hit, plan, quality, words) &&
    givesPersonsTalk(hit, plan, words) &&
    comparesBoth(hit, plan, quality) &&
    givesInstructions(hit, plan) &&
    saysMoreThanItsName(hit, plan, quality, words.identity);
  const confident =
    top >= CONFIDENCE.minEvidence &&
    top >= CONFIDENCE.unknownRatio * unknown &&
    hits[0] !== undefined &&
    matchesSubject(hits[0], plan, topics, words.topics, quality) &&
    answers(hits[0]);
  // A quote one section says stands in for the evidence and the subject, not for the rest, nor for a
  // name the notes lack ("is argo cd 'a big deal' yet?" is about argo cd): the other hits are not also
  // relevant, as without the quote none of them was enough to answer. Answering anyway, the one section
  // that says the quote comes first: "what does 'platform for building platforms' mean" is about it, not
  // about one with more of the question's words; a quote several sections say picks none of them ("what
  // about 'at the moment' for logging").
  const byQuote = unknownNames === 0 ? quoted?.(hits, top) : undefined;
  const quoteFirst =
    byQuote !== undefined &&
    (!confident || (byQuote.only && byQuote.hit.section !== hits[0]?.section)) &&
    answers(byQuote.hit);
  if (quoteFirst)
    return {
      hits: confident ? [byQuote.hit, ...hits.filter((h) => h !== byQuote.hit)] : [byQuote.hit],
      confident: true,
      unknown,
      unknownNames,
      unmatched: unmatchedWords(plan, found),
      corrections: [],
      quote: byQuote.quote,
    };
  return {
    hits,
    confident,
    unknown,
    unknownNames,
    unmatched: unmatchedWords(plan, found),
    // "Did you mean" is for declines only; it compares words with every matched term, so only then.
    corrections: confident ? [] : corrections(plan, results, quality),
  };
}

/**
 * Whether a hit answers a question about a person's talk ("what did Kelsey Hightower's KEYNOTE cover"):
 * a section that names the person but links no talk of theirs has a remark about them, not their talk.
 */
function givesPersonsTalk(hit: Hit, plan: QueryPlan, words: KnownWords): boolean {
  const own = plan.own.flatMap((g) => g.terms);
  if (!own.some((t) => TALK_NOUN.test(t.word))) return true;
  const people = words.peopleIn(hit.section);
  const named = own.filter((t) => people.has(t.term)).map((t) => t.term);
  return (
    named.length === 0 ||
    hit.section.links.some((l) => l.kind === 'talk' && termsOf(l.title).some((term) => named.includes(term)))
  );
}

/**
 * Whether the question gives a version number the knowledge never has ("what's new in kubernetes 1.15",
 * the notes being on 1.14): a version is exact, and notes about another one don't answer for it.
 */
function namesOtherVersion(plan: QueryPlan, found: ReadonlyMap<string, number>): boolean {
  return plan.own.some((g) =>
    g.terms.some((t) => VERSION_NUMBER.test(t.term) && (found.get(t.term) ?? 0) === 0),
  );
}

/** The words of the own terms the knowledge has nothing of, in plan order. */
function unmatchedWords(plan: QueryPlan, found: ReadonlyMap<string, number>): string[] {
  const words: string[] = [];
  for (const g of plan.own) for (const t of g.terms) if ((found.get(t.term) ?? 0) === 0) words.push(t.word);
  return words;
}

/**
 * A CamelCase name the notes have whole ("KubeCon") is read whole, as "kubecon" is: tokenize would also
 * read its parts ("Kube", "Con"), which match other words of the notes ("kube" begins "kubernetes"), and
 * how a question is capitalised must not change its answer. A name the notes lack whole is still read in
 * its parts too ("NetworkPolicy" in notes that write "network policy").
 */
function wholeCamelNames(query: string, scorer: Scorer): string {
  if (!CAMEL.test(query)) return query;
  return query.replace(CAMEL_WORDS, (word) =>
    scorer.has(processTerm(word) ?? '') ? word.toLowerCase() : word,
  );
}

/** The words that have a lower-case letter followed by an upper-case one (CAMEL, as tokenize reads them). */
const CAMEL_WORDS = /[\p{L}\p{N}]*\p{Ll}\p{Lu}[\p{L}\p{N}]*/gu;

/**
 * A question with words joined by "&" that the notes don't have as one name ("istio&linkerd",
 * "logs&metrics") asks about each of them: they are split. The notes' own names ("1&1", "JL&P") stay
 * whole. So is a word of the notes with a number run on ("kubecon19", "istio1.1"), as a hashtag or a
 * hurried thumb writes a name and its year or version, when the notes lack the whole ("m3" stays).
 */
function splitUnknownJoined(query: string, scorer: Scorer): string {
  const known = (word: string) => scorer.has(processTerm(word) ?? '');
  const split = query.includes('&')
    ? query.replace(JOINED, (joined) => (known(joined) ? joined : joined.replace(/&/g, ' & ')))
    : query;
  return split.search(RUN_ON_NUMBER) >= 0
    ? split.replace(RUN_ON_NUMBER, (word, name: string, number: string) =>
        !known(word) && known(name) ? `${name} ${number}` : word,
      )
    : split;
}

const JOINED = /[\p{L}\p{N}]+(?:&[\p{L}\p{N}]+)+/gu;
/**
 * A word of three letters or more with a number run on: its letters, and the number (a year, "19" or
 * "2019", or a version, "1.1"; a single digit is part of a name: "cloud9").
 */
const RUN_ON_NUMBER =
  /(?<![\p{L}\p{N}&.])(\p{L}{3,})(\d{2,}(?:\.\d+)*|\d(?:\.\d+)+)(?![\p{L}\p{N}&]|\.[\p{L}\p{N}])/gu;

/**
 * A name said in pieces, as dictation and autocorrect split one ("cube con": kubecon) or as someone spells
 * a short form out ("s m i"), is joined back: two neighbouring words when one of them is not the notes'
 * and together they are one of the notes' words or one typo of it (as SEARCH_OPTIONS.fuzzy allows for
 * the joined word's length); single letters when together they are the notes' word or an abbreviation
 * the lexicon knows. Two words the notes both have stay apart ("service mesh"), unless one is no English
 * word and together they are a word the sections say ("kube con").
 */
function joinSplitNames(
  query: string,
  scorer: Scorer,
  lexicon: CompiledLexicon,
  inText: (term: string) => boolean,
): string {
  const joined = query.replace(SPELT_OUT, (run) => spelt(run, lexicon, inText));
  // Each word with the next when only spaces stand between them; a word joined is not joined again. (What
  // costs is joins: a typo lookup for each pair with a word the notes lack, remembered by the scorer.)
  PLAIN_LETTERS.lastIndex = 0;
  let out = '';
  let from = 0;
  let first = PLAIN_LETTERS.exec(joined);
  while (first !== null) {
    const end = first.index + first[0].length;
    const second = PLAIN_LETTERS.exec(joined);
    if (second === null) break;
    if (SPACES.test(joined.slice(end, second.index)) && joins(first[0], second[0], scorer, inText)) {
      // In lower case: "Cube Con" as "CubeCon" would be a CamelCase word, read as its parts again.
      out += `${joined.slice(from, first.index)}${fold(first[0] + second[0])}`;
      from = second.index + second[0].length;
      first = PLAIN_LETTERS.exec(joined);
    } else first = second;
  }
  return from === 0 ? joined : out + joined.slice(from);
}

const SPACES = /^[ \t]+$/;
const BLANKS = /[ \t]+/g;

/** Two or more single letters apart ("s m i"), as a word of their own. */
const SPELT_OUT = /(?<![\p{L}\p{N}'’])\p{L}(?:[ \t]+\p{L}){1,5}(?![\p{L}\p{N}'’])/gu;

/**
 * A run of single letters as the word they spell, when a section says it or the lexicon knows it as an
 * abbreviation: the whole run, or the run without an "a" or "i" at either end, which is a word of the
 * sentence ("do we need A s m i", "is it A c n c f project"). Else the run as it was.
 */
function spelt(run: string, lexicon: CompiledLexicon, inText: (term: string) => boolean): string {
  const letters = fold(run).split(BLANKS);
  const known = (from: number, to: number) => {
    const word = letters.slice(from, to).join('');
    return to - from >= 2 && (lexicon.abbreviations.has(word) || inText(processTerm(word) ?? ''));
  };
  const n = letters.length;
  const single = (i: number) => letters[i] === 'a' || letters[i] === 'i';
  for (const [from, to] of [
    [0, n],
    [single(0) ? 1 : 0, n],
    [0, single(n - 1) ? n - 1 : n],
    [single(0) ? 1 : 0, single(n - 1) ? n - 1 : n],
  ] as const)
    if (known(from, to)) {
      const before = letters.slice(0, from).join(' ');
      const after = letters.slice(to).join(' ');
      return [before, letters.slice(from, to).join(''), after].filter((p) => p !== '').join(' ');
    }
  return run;
}

/** Whether two neighbouring words are one of the notes' words said in two (see joinSplitNames). */
function joins(first: string, second: string, scorer: Scorer, inText: (term: string) => boolean): boolean {
  const a = processTerm(first);
  const b = processTerm(second);
  if (a === null || b === null) return false;
  const term = processTerm(`${first}${second}`) ?? '';
  // Joined, they must make a word the sections say, not only a link's address ("smi spec": smi-spec.io).
  // Two words the notes have, one of them no English word, make it as written ("kube con": kubecon);
  // English words stay two ("backwards compatible").
  if (scorer.has(a) && scorer.has(b))
    return (!isEnglish(fold(first)) || !isEnglish(fold(second))) && inText(term);
  // The notes' word needs both parts: longer than either by more than the typo room, else it is one part
  // with the other taken for a slip ("jaeger vs": jaeger, "vs opencensus": opencensus).
  const edits = SEARCH_OPTIONS.fuzzy(term);
  const longest = Math.max(a.length, b.length) + edits;
  return scorer.nearTerms(term, edits).some((t) => t.length > longest && inText(t));
}

/**
 * A word of letters only, two or more (numbers and names with digits are not split names, nor a word with
 * an apostrophe: "don't").
 */
const PLAIN_LETTERS = /(?<![\p{L}\p{N}'’])\p{L}{2,}(?![\p{L}\p{N}'’])/gu;

/**
 * A count or an ordinal ("3 bullets", "the 2nd talk"): a detail of how the question asks, not a subject
 * the notes could lack, unlike a year or a release ("kubecon 2021", "istio 1.2": see english.ts).
 */
function isCount(t: PlanTerm): boolean {
  return isNumber(t.term) && t.rarity < ENGLISH_OPTIONS.editionRarity;
}

/** Whether a section is about one of the topics (a loop: it is asked of every candidate). */
function aboutAny(section: Section, topics: readonly string[]): boolean {
  for (const t of section.topics) if (topics.includes(t)) return true;
  return false;
}

/** Whether a field is the topic labels' (a function made once, not a closure each time a weight is asked). */
const isTopics = (field: string) => field === 'topics';

/**
 * The words of the question's concepts that a result has only some of (its matched terms lack a word of
 * the concept); undefined when there are none, as for most questions (no concept named).
 */
function brokenConcepts(
  plan: QueryPlan,
  { terms, count }: MatchedTerms,
  quality: typeof matchQuality,
): ReadonlySet<string> | undefined {
  if (plan.concepts.length === 0) return undefined;
  const has = (c: string) => {
    for (let i = 0; i < count; i++) if (quality({ term: c, english: true }, terms[i] ?? '') > 0) return true;
    return false;
  };
  const whole = (concept: readonly string[]) => concept.every(has);
  return new Set(plan.concepts.filter((c) => !whole(c)).flat());
}

/**
 * Whether a hit matches something the question is about: it is about a topic the question names ("seven
 * of nine"), or it matches an own word that is not everyday English (rarity from CONFIDENCE.subjectRarity),
 * a topic word, or a lexicon expansion. Everyday words alone
 * ("what's the time in new york right now" → "time", "new") never make an answer, however many match.
 */
function matchesSubject(
  hit: Hit,
  plan: QueryPlan,
  topics: readonly string[],
  topicWords: ReadonlySet<string>,
  quality: typeof matchQuality,
): boolean {
  const matched = (t: PlanTerm) => hit.matchedTerms.some((m) => quality(t, m) > 0);
  return (
    hit.section.topics.some((t) => topics.includes(t)) ||
    plan.own.some((g) =>
      g.terms.some(
        (t) => !t.frame && (t.rarity >= CONFIDENCE.subjectRarity || topicWords.has(t.term)) && matched(t),
      ),
    ) ||
    plan.expansions.some((g) => g.terms.some(matched))
  );
}

/**
 * Whether a hit has a paraphrase of the question whole: the question describes that section's subject in
 * its own words ("following a request as it hops across services" → distributed tracing).
 */
function describes(hit: Hit | undefined, plan: QueryPlan): boolean {
  return (
    hit !== undefined &&
    plan.expansions.some(
      (g) => g.origin === 'paraphrase' && g.terms.every((t) => hit.matchedTerms.includes(t.term)),
    )
  );
}

/**
 * Whether a hit can answer a request for instructions: it names the action asked about ("how do we SCALE
 * prometheus" → "Prometheus at Scale"). A section that names only the subject ("how do i ENABLE mtls in
 * istio" → a section on istio that never says how) has opinions or news, not the steps.
 */
function answersAction(hit: Hit, plan: QueryPlan, quality: typeof matchQuality): boolean {
  const { action } = plan;
  return (
    action === undefined || hit.matchedTerms.some((m) => quality({ term: action, english: true }, m) > 0)
  );
}

/**
 * Whether a hit names what an amount is asked of ("how much DISK do our prometheus pods use"), as written
 * or through an abbreviation or related phrase standing for it ("how many PROM pods"), and counts it: a
 * count within SEARCH_OPTIONS.countReach words of it in a sentence. A section on prometheus that never
 * mentions disks has nothing to say about how much disk it uses; one that says when SIGs began says
 * nothing of how many there are, and "number 2 on Pull Requests on Github" counts no GitHub stars.
 */
function answersAmount(
  hit: Hit,
  plan: QueryPlan,
  quality: typeof matchQuality,
  identity: ReadonlySet<string>,
): boolean {
  // A number or a name of the notes says which ones are counted ("how many KUBECON 2019 talks"), not what.
  const named = (term: string) =>
    isNumber(term) ||
    identity.has(term) ||
    hit.matchedTerms.some((m) => quality({ term, english: true }, m) > 0) ||
    plan.expansions.some(
      (g) => g.covers && g.from.includes(term) && g.terms.every((t) => hit.matchedTerms.includes(t.term)),
    );
  if (!plan.counted.every(named)) return false;
  // What is counted must be counted there: a sentence with each counted word (or what stands for it) and
  // a count a few words from one of them ("number 2 on Pull Requests"), not only named ("2016 - Kubernetes
  // SIGs came into being" gives no number of SIGs; "number 2 on Pull Requests on Github" none of stars).
  const things = plan.counted.filter((term) => !isNumber(term) && !identity.has(term));
  if (things.length === 0) return true;
  // Each counted term with the terms that stand for it, looked up once.
  const wanted = things.map((term) => [
    term,
    ...plan.expansions.flatMap((g) => (g.covers && g.from.includes(term) ? g.terms.map((t) => t.term) : [])),
  ]);
  const matches = (stands: readonly string[], term: string | null) =>
    term !== null && stands.some((w) => quality({ term: w, english: true }, term) > 0);
  return hit.section.text.split(SENTENCE_END).some((sentence) => {
    const words = tokenize(sentence);
    const counts = words.flatMap((w, i) => (givesCount(w) ? [i] : []));
    if (counts.length === 0) return false;
    const terms = words.map(processTerm);
    const near = (j: number) => counts.some((i) => Math.abs(i - j) <= SEARCH_OPTIONS.countReach);
    return (
      wanted.every((stands) => terms.some((t) => matches(stands, t))) &&
      terms.some((t, j) => near(j) && wanted.some((stands) => matches(stands, t)))
    );
  });
}

/** Where a plain text's sentences end: after a full stop, question or exclamation mark, or a line break. */
const SENTENCE_END = /(?<=[.!?])\s+|\n+/;

/**
 * Whether a word counts something: a whole number that names no edition ("2", "45", "10"; not "2016" nor
 * "1.14": see isEdition), or a number word above one ("two", "dozens").
 */
function givesCount(word: string): boolean {
  return (/^\d+$/.test(word) && !isEdition(word)) || NUMBER_WORDS.test(word);
}

const NUMBER_WORDS =
  /^(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|dozens?|hundreds?|thousands?|millions?|billions?)$/i;

/**
 * Whether a hit gives the kinds of fact the question asks for: its section has a word of each ("datadog
 * PRICING" → a section that names a price). A section that names the product but never its price has
 * opinions about it, not the fact asked for.
 */
function givesFacts(hit: Hit, plan: QueryPlan): boolean {
  return sectionGivesFacts(hit.section, plan);
}

/** Whether a section gives every kind of fact a question asks for (see givesFacts). */
export function sectionGivesFacts(section: Section, plan: QueryPlan): boolean {
  if (plan.facts.length === 0) return true;
  const terms = sectionTerms(section);
  return plan.facts.every(
    (kind) =>
      kind.terms.some((t) => terms.has(t)) ||
      (kind.givenBy !== undefined && GIVEN_BY[kind.givenBy](section, terms)),
  );
}

/** Whether a section gives a kind of fact by something other than its words (see FactKind). */
const GIVEN_BY: Record<GivenBy, (section: Section, terms: ReadonlySet<string>) => boolean> = {
  'version numbers': (_, terms) => [...terms].some((t) => VERSION_NUMBER.test(t)),
  years: (_, terms) => [...terms].some((t) => YEAR.test(t)),
  durations: (section) => givesDuration(section),
};

/**
 * Whether a section's heading or text has a duration: a number and a unit of time ("45 days", "6 weeks",
 * "2 yrs"). Not a bare letter ("15d", "3d"): as often a size or a dimension.
 */
const givesDuration = oncePerSection((text): boolean => DURATION.test(text));
const DURATION =
  /(?<![\p{L}\p{N}.])\d+(?:\.\d+)?[\s-]*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|months?|years?|yrs?)(?![\p{L}\p{N}])/iu;

/** A version number as a term: dotted (1.0, v1.14 → 1.14, 2.3.1), not a year or a count. */
const VERSION_NUMBER = /^\d+(?:\.\d+)+$/;

/** A year as a term: 1900 to 2099. */
const YEAR = /^(?:19|20)\d\d$/;

/**
 * Whether a hit can answer a comparison: its section's own words name both subjects ("loki vs elastic").
 * A section that names one of them, or neither but is about their topic ("jaeger vs zipkin" → a tracing
 * section that names neither), does not compare them.
 */
function comparesBoth(hit: Hit, plan: QueryPlan, quality: typeof matchQuality): boolean {
  if (plan.compared === undefined) return true;
  const terms = [...sectionTerms(hit.section)];
  // A product named after its maker's word is named by that word: "elasticsearch" by "Elastic". An English
  // word is no typo: "docker SWARM" is not named by "star".
  const has = (t: PlanTerm) =>
    terms.some(
      (m) =>
        (t.english ? m === t.term : quality(t, m) > 0) ||
        (m.length >= MAKER_WORD_LENGTH && t.term.startsWith(m)),
    );
  // A side written short ("ELK vs loki") is named by any word it stands for.
  const named = (side: PlanTerm) =>
    has(side) ||
    plan.expansions.some(
      (g) => g.origin === 'abbreviation' && g.from.includes(side.term) && g.terms.some(has),
    );
  return plan.compared.every(named);
}

/**
 * Whether a hit can answer a request for steps ("step by step install of gatekeeper"): its section has
 * one of the question's instruction phrases. A section that names the subject without them has opinions
 * or news, not the steps (as answersAction, for phrases that can stand anywhere in a question).
 */
function givesInstructions(hit: Hit, plan: QueryPlan): boolean {
  if (plan.instructions.length === 0) return true;
  const stems = sectionStems(hit.section);
  return plan.instructions.some((p) => containsRun(stems, p));
}

/**
 * Whether a hit says more of the question's subject than its name, when the question asks for more (a
 * detail phrase: "what EXACTLY were the failure scenarios", "HOW DID the deployment controller WORK"). A
 * section whose every sentence with the subject lists it as one short item among others ("sessions on A,
 * B, dynamic pod autoscaling, plus some failure scenarios") tells that it came up, and nothing of it:
 * "anything on pod autoscaling?" is answered by it, "key points from the pod autoscaling session" is not.
 * An item with more to it ("Gatekeeper (which I think we should use!)") says something.
 */
function saysMoreThanItsName(
  hit: Hit,
  plan: QueryPlan,
  quality: typeof matchQuality,
  identity: ReadonlySet<string>,
): boolean {
  if (!plan.details) return true;
  const subject = plan.own.flatMap((g) => g.terms.filter((t) => !t.frame && !identity.has(t.term)));
  // The section's terms the subject matched (as the index has them: "multiclust" too): each only listed,
  // or said more of somewhere.
  const listed = onlyListed(hit.section);
  // Only what its text says: a word of its links or heading alone neither lists nor says more.
  const matched = hit.matchedTerms.filter((m) => listed.has(m) && subject.some((t) => quality(t, m) > 0));
  return matched.length === 0 || !matched.every((m) => listed.get(m) === true);
}

/**
 * For each term of a section's text, whether every sentence with it only lists it: has it in one of its
 * items (a short part between commas after its first, no brackets), at least SEARCH_OPTIONS.listItems
 * of them, and not in its first part, which says what they are items of ("I went to some other tracks,
 * including…"; "2016 - Kubernetes SIGs came into being, KubeCon EU, …" says something of 2016). A
 * sentence with fewer items has commas for other reasons ("a talk on an alternative mesh, Linkerd, which
 * I liked the sound of"). Worked out once a section: questions come back to the same sections.
 */
const onlyListed = oncePerSectionText((text): ReadonlyMap<string, boolean> => {
  const listed = new Map<string, boolean>();
  const termsOfPart = (part: string) => indexTokenize(part).flatMap((w) => processTerm(w) ?? []);
  for (const sentence of text.split(SENTENCE_END)) {
    const parts = listParts(sentence).map((part) => ({
      terms: termsOfPart(part),
      short: tokenize(part).length <= SEARCH_OPTIONS.listItemWords && !/[()]/.test(part),
    }));
    const isItem = (part: (typeof parts)[number], i: number) => i > 0 && part.short;
    const list = parts.filter(isItem).length >= SEARCH_OPTIONS.listItems;
    const said = new Set<string>();
    parts.forEach((part, i) => {
      if (!list || !isItem(part, i)) for (const t of part.terms) said.add(t);
    });
    for (const part of parts)
      for (const t of part.terms) listed.set(t, listed.get(t) !== false && !said.has(t));
  }
  return listed;
});

/** What `read` makes of a section's text (without its heading), worked out once a section. */
function oncePerSectionText<T>(read: (text: string) => T): (section: Section) => T {
  const made = new WeakMap<Section, T>();
  return (section) => {
    let value = made.get(section);
    if (value === undefined) {
      value = read(section.text);
      made.set(section, value);
    }
    return value;
  };
}

/** A sentence's parts between commas and semicolons outside parentheses: the items of a list, if it is one. */
function listParts(sentence: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < sentence.length; i++) {
    const c = sentence[i];
    if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if ((c === ',' || c === ';') && depth === 0) {
      items.push(sentence.slice(from, i));
      from = i + 1;
    }
  }
  items.push(sentence.slice(from));
  return items;
}

/** The shortest stem that names a product whose name starts with it (elast|icsearch), see comparesBoth. */
const MAKER_WORD_LENGTH = 5;

/** What `read` makes of a section's heading and text, worked out once a section (and dropped with it). */
function oncePerSection<T>(read: (text: string) => T): (section: Section) => T {
  const made = new WeakMap<Section, T>();
  return (section) => {
    let value = made.get(section);
    if (value === undefined) {
      value = read(`${section.heading} ${section.text}`);
      made.set(section, value);
    }
    return value;
  };
}

/**
 * The question's neighbouring words that say something as a pair (see pairEvidence): one of the two is no
 * frame word and no everyday one ("the biggest PODS"); two everyday words side by side ("what AREAS are we
 * LOOKING at") are a way of asking.
 */
function wordPairs(plan: QueryPlan): (readonly [PlanTerm, PlanTerm])[] {
  const telling = (t: PlanTerm) => !t.frame && t.rarity >= CONFIDENCE.subjectRarity;
  const pairs: (readonly [PlanTerm, PlanTerm])[] = [];
  let before: PlanTerm | undefined;
  for (const g of plan.own)
    for (const t of g.terms) {
      if (before !== undefined && (telling(before) || telling(t))) pairs.push([before, t]);
      before = t;
    }
  return pairs;
}

/**
 * Whether a text has two words side by side, as typed (lower case), a few letters of ending aside
 * ("biggest" finds "biggests", "build" "building"), with at most two short words between them ("a
 * platform FOR building platforms"). A scan with indexOf, not a pattern: a new pattern per question is
 * compiled before its first use, which cost more than reading the text.
 */
export function sideBySide(text: string, first: string, second: string): boolean {
  if (first === '' || second === '') return false;
  const lower = text.toLowerCase();
  const { ending, between, shortWord } = PAIR_READING;
  // The end of a word of `from`'s letters, up to `most` of them; -1 when the word goes on past them.
  const wordEnd = (from: number, most: number) => {
    let i = from;
    while (i < lower.length && i - from < most && isLetter(lower.charCodeAt(i))) i++;
    return i < lower.length && isWordChar(lower.charCodeAt(i)) ? -1 : i;
  };
  for (let at = lower.indexOf(first); at >= 0; at = lower.indexOf(first, at + 1)) {
    if (at > 0 && isWordChar(lower.charCodeAt(at - 1))) continue;
    let i = wordEnd(at + first.length, ending);
    for (let words = 0; i >= 0 && words <= between; words++) {
      const gap = i;
      while (i < lower.length && !isWordChar(lower.charCodeAt(i))) i++;
      if (i === gap) break;
      if (lower.startsWith(second, i) && wordEnd(i + second.length, ending) >= 0) return true;
      i = wordEnd(i, shortWord);
      if (i < 0) break;
    }
  }
  return false;
}

/** How side by side two words must be (see sideBySide). */
const PAIR_READING = { ending: 3, between: 2, shortWord: 4 } as const;

/** A letter: a-z, or any character beyond ASCII (the text is in lower case). */
const isLetter = (c: number) => (c >= 97 && c <= 122) || c > 127;
/** A letter or a digit. */
const isWordChar = (c: number) => isLetter(c) || (c >= 48 && c <= 57);

/**
 * What the question's neighbouring words add to a section's place in the ranking when it has them side by
 * side too ("the BIGGEST PODS we run" where it says "the biggests pods we run", "a PLATFORM for BUILDING
 * platforms"): the pair says one thing, which a section with the two words apart does not. Each pair it has,
 * both words matched, adds SEARCH_OPTIONS.pairShare of the lesser of their matches. Not reading the section
 * (read false): the most its pairs could add, every one found.
 */
function pairEvidence(
  pairs: readonly (readonly [PlanTerm, PlanTerm])[],
  section: Section,
  match: (t: PlanTerm) => number,
  read: boolean,
): number {
  let total = 0;
  for (const [first, second] of pairs) {
    const m = Math.min(match(first), match(second));
    const [a, b] = [fold(first.word), fold(second.word)];
    if (m > 0 && (!read || sideBySide(section.text, a, b) || sideBySide(section.heading, a, b)))
      total += SEARCH_OPTIONS.pairShare * m;
  }
  return total;
}

/** The terms of a section's heading and text. */
const sectionTerms = oncePerSection(
  (text): ReadonlySet<string> => new Set(indexTokenize(text).flatMap((w) => processTerm(w) ?? [])),
);

/** A section's heading and text as stems with their small words (phraseStems). */
const sectionStems = oncePerSection((text): readonly string[] => phraseStems(text));

/** What an agent noun adds to its verb's stem: provid|er, collect|or, oper|ator, special|ist. */
const AGENT_SUFFIX = /^(?:er|or|ator|ist)$/;

/**
 * How much an own word the notes lack counts against answering: the English rarity of its base form
 * ("busiest" counts as "busy"), more when the lexicon knows it as a subject of the field (a near miss
 * like "rbac" or "knative"), none for a frame word.
 * An everyday word the lexicon happens to know ("read", "version") counts by its rarity like any other,
 * and a misspelt everyday word ("wroth") as the word it stands for.
 */
function unknownWeight(t: PlanTerm): number {
  if (t.frame) return 0;
  if (t.field) return t.rarity * CONFIDENCE.fieldTermUnknown;
  return Math.min(t.baseRarity, t.typoOf ?? 1);
}

/**
 * How much of each own term the knowledge has, in [0, 1]: its best match anywhere, or the weight of an
 * expansion standing in for it that was found (the words of a concept no section has in full: 0).
 */
function foundShare(
  results: Scored,
  plan: QueryPlan,
  matched: ReadonlySet<string>,
  quality: typeof matchQuality,
): Map<string, number> {
  const wholeSomewhere = (c: readonly string[]) => {
    // Some matched section has, for each word of c, an index term matching it.
    let docs: Set<number> | undefined;
    for (const t of c) {
      const near = new Set<string>();
      const word = { term: t, english: true };
      for (const m of matched) if (quality(word, m) > 0) near.add(m);
      const having = results.documentsWith(near);
      if (docs === undefined) docs = having;
      else {
        const both = new Set<number>();
        for (const d of docs) if (having.has(d)) both.add(d);
        docs = both;
      }
      if (docs.size === 0) return false;
    }
    return results.size > 0;
  };
  const missing = new Set(plan.concepts.filter((c) => !wholeSomewhere(c)).flat());
  const found = new Map<string, number>();
  for (const g of plan.own)
    for (const t of g.terms) {
      // A word English doesn't have, matched as a typo ("promethues"), is the word it was meant to be: the
      // typo already weighs less as evidence; it is not also part missing.
      const matchedAt = bestQuality(t, matched, quality);
      const best = !t.english && matchedAt >= CONFIDENCE.typoFoundQuality ? 1 : matchedAt;
      found.set(t.term, missing.has(t.term) ? best * CONFIDENCE.brokenConceptShare : best);
    }
  for (const g of plan.expansions) {
    if (!g.covers) continue;
    // An expansion covers its own terms only when the whole phrase is in the notes somewhere (the
    // lexicon's words are looked up exactly, so being matched is being there).
    const share =
      g.terms.every((t) => matched.has(t.term)) && wholeSomewhere(Array.from(g.terms, (t) => t.term))
        ? g.weight
        : 0;
    // A paraphrase the notes have is the same thing in their words: its own words are fully known; so is
    // a kind when the notes have one of its members.
    const known = (g.origin === 'paraphrase' || g.origin === 'kind') && share > 0 ? 1 : share;
    for (const t of g.from) found.set(t, Math.max(found.get(t) ?? 0, known));
  }
  return found;
}

/**
 * The evidence of one section: each own term counts once, as the best of its own match and the matches
 * of the expansions that stand in for it (an expansion standing in for several own terms, like a
 * paraphrase, replaces their sum when it is worth more). A group of several terms counts their sum over
 * the square root of their number: a whole phrase is worth more than one of its words, less than all.
 */
function planEvidence(plan: QueryPlan, match: (t: PlanTerm) => number, distinctOwn: boolean): number {
  if (plan.expansions.length === 0 && distinctOwn) {
    // Nothing stands in for an own term: the sum of their values, in order (as below, without the map).
    let total = 0;
    for (const g of plan.own) for (const t of g.terms) total += g.weight * match(t);
    return total;
  }
  const shape = shapeOf(plan);
  const { own, ownValue, alive, expansions, values, order, phraseSeen } = shape;
  // Each own term's value, as the last group that has it gives it (a map set again keeps its place).
  for (let i = 0; i < own.length; i++) {
    const { group, term } = own[i] as OwnSlot;
    ownValue[i] = group.weight * match(term);
    alive[i] = 1;
  }
  for (let e = 0; e < expansions.length; e++) {
    // A kind's member and an abbreviation's full words are names, matched whole: "google cloud" is not
    // "google", nor "amazon web services" the "services" of a service mesh (the short form itself,
    // "aws", still counts as an own word).
    const { group: g, name } = expansions[e] as ExpansionSlot;
    let sum = 0;
    let whole = true;
    for (const t of g.terms) {
      const m = match(t);
      sum += m;
      if (m <= 0) whole = false;
    }
    values[e] = whole || !name ? (g.weight * sum) / Math.sqrt(g.terms.length) : 0;
    // Most valuable first, in plan order on a tie (a stable sort by value).
    let k = e;
    while (k > 0 && (values[order[k - 1] ?? 0] ?? 0) < (values[e] ?? 0)) {
      order[k] = order[k - 1] ?? 0;
      k--;
    }
    order[k] = e;
  }
  let total = 0;
  // A phrase brought in twice ("following a request across services": two paraphrases of distributed
  // tracing) counts once; each time, it still stands in for the words that brought it in.
  shape.stamp++;
  for (let o = 0; o < expansions.length; o++) {
    const e = order[o] ?? 0;
    const { from, phrase } = expansions[e] as ExpansionSlot;
    const value = values[e] ?? 0;
    let replaced = 0;
    let ownSum = 0;
    for (const i of from)
      if (alive[i] === 1) {
        replaced++;
        ownSum += ownValue[i] ?? 0;
      }
    if (replaced === 0 || value <= ownSum) continue;
    if (phraseSeen[phrase] !== shape.stamp) total += value;
    phraseSeen[phrase] = shape.stamp;
    for (const i of from) alive[i] = 0;
  }
  for (let i = 0; i < own.length; i++) if (alive[i] === 1) total += ownValue[i] ?? 0;
  return total;
}

/** An own term of a plan, by its first place, with the group and term that last set its value. */
interface OwnSlot {
  readonly group: TermGroup;
  readonly term: PlanTerm;
}

/** An expansion of a plan: the own terms it stands in for (their slots), and its phrase's number. */
interface ExpansionSlot {
  readonly group: TermGroup;
  readonly name: boolean;
  readonly from: readonly number[];
  readonly phrase: number;
}

/** What planEvidence works out once a plan (not once a candidate), and the arrays it reuses. */
interface PlanShape {
  readonly own: readonly OwnSlot[];
  readonly expansions: readonly ExpansionSlot[];
  readonly ownValue: Float64Array;
  readonly alive: Uint8Array;
  readonly values: Float64Array;
  readonly order: Int32Array;
  readonly phraseSeen: Int32Array;
  stamp: number;
}

function shapeOf(plan: QueryPlan): PlanShape {
  let shape = SHAPES.get(plan);
  if (shape !== undefined) return shape;
  // Own terms by their first place; a term set again (a word twice) takes the later group's value.
  const slots = new Map<string, number>();
  const own: OwnSlot[] = [];
  for (const group of plan.own)
    for (const term of group.terms) {
      const at = slots.get(term.term);
      if (at === undefined) {
        slots.set(term.term, own.length);
        own.push({ group, term });
      } else own[at] = { group, term };
    }
  const phrases = new Map<string, number>();
  const expansions = plan.expansions.map((group) => {
    const phrase = phraseOf(group);
    if (!phrases.has(phrase)) phrases.set(phrase, phrases.size);
    return {
      group,
      name: group.origin === 'kind' || group.origin === 'abbreviation',
      // The own terms it stands in for, as many times as it lists them.
      from: group.from.flatMap((t) => slots.get(t) ?? []),
      phrase: phrases.get(phrase) ?? 0,
    };
  });
  shape = {
    own,
    expansions,
    ownValue: new Float64Array(own.length),
    alive: new Uint8Array(own.length),
    values: new Float64Array(expansions.length),
    order: new Int32Array(expansions.length),
    phraseSeen: new Int32Array(phrases.size),
    stamp: 0,
  };
  SHAPES.set(plan, shape);
  return shape;
}

const SHAPES = new WeakMap<QueryPlan, PlanShape>();

/** A group's terms as one string, made once per group (planEvidence asks for it for every candidate). */
function phraseOf(g: TermGroup): string {
  let phrase = PHRASES.get(g);
  if (phrase === undefined) {
    phrase = Array.from(g.terms, (t) => t.term).join(' ');
    PHRASES.set(g, phrase);
  }
  return phrase;
}

const PHRASES = new WeakMap<TermGroup, string>();

/**
 * How well a result matches one plan term: the best matched index term's quality × weight, times the
 * asker's word's rarity (softened: a matched everyday word is weak evidence, not none).
 */
function termMatch(
  t: PlanTerm,
  { terms, ids, count }: MatchedTerms,
  { qualities, rarity }: TermRow,
  weights: readonly number[],
  quality: typeof matchQuality,
): number {
  let best = 0;
  for (let i = 0; i < count; i++) {
    // The term's quality, worked out once a search (qualities[id] is NaN until then).
    const id = ids[i] ?? 0;
    let q = qualities[id] ?? 0;
    if (Number.isNaN(q)) {
      q = quality(t, terms[i] ?? '');
      qualities[id] = q;
    }
    best = Math.max(best, q * (weights[i] ?? 0) * rarity);
  }
  return best;
}

/** A plan term's qualities against the run's index terms (NaN until asked), and its rarity as a match. */
interface TermRow {
  readonly qualities: Float64Array;
  readonly rarity: number;
}

/** How much a plan term's match counts for its word (see termMatch): softened rarity, frame and derived shares. */
function termRarity(t: PlanTerm, topicWords: ReadonlySet<string>): number {
  const floor = CONFIDENCE.matchedRarityFloor;
  const named = topicWords.has(t.term);
  return (
    (named ? 1 : (floor + (1 - floor) * t.rarity) * (t.frame ? CONFIDENCE.frameShare : 1)) *
    (t.derived ? CONFIDENCE.derivedShare : 1)
  );
}

/**
 * In how many distinct pages (sections, near-duplicate copies counted once) an index term occurs in the
 * section's own words (heading, text, links; not the path or topic labels, which repeat a parent's or a
 * topic's words across many sections), and in how many in their heading. Read from the term's postings
 * (as the scorer keeps them in arrays), so exact, and right for the life of the index: kept in the known words' cache, worked out only for
 * terms not seen before, when their weight is first asked for.
 */
function pageCountsOf(term: string, scorer: Scorer, knowledge: Knowledge, words: KnownWords): PageCounts {
  const cache = words.pageCounts;
  const known = cache.get(term);
  if (known !== undefined) return known;
  const pages = pageNumbers(scorer, knowledge, words);
  let own = 0;
  let heading = 0;
  // seen[page]: stamp when counted in own words, stamp + 1 when in a heading too.
  pages.stamp += 2;
  const stamp = pages.stamp;
  for (const field of ownFieldIds(scorer)) {
    for (const doc of scorer.sectionsWith(term, field.id)) {
      const page = pages.of[doc] ?? -1;
      if (page < 0) continue;
      const seen = pages.seen[page];
      if (seen !== stamp && seen !== stamp + 1) own++;
      if (field.heading && seen !== stamp + 1) heading++;
      pages.seen[page] = field.heading || seen === stamp + 1 ? stamp + 1 : stamp;
    }
  }
  if (cache.size > SEARCH_OPTIONS.maxCachedTerms) cache.clear();
  const counts = { own, heading };
  cache.set(term, counts);
  return counts;
}

/** The ids of the own fields, and which is the heading. */
function ownFieldIds(scorer: Scorer): { id: number; heading: boolean }[] {
  return [...OWN_FIELDS].flatMap((f) => {
    const id = scorer.fieldId(f);
    return id === undefined ? [] : [{ id, heading: f === 'heading' }];
  });
}

/**
 * Each short id's section, and its page (the section's fingerprint) as a number (-1 for none), worked out
 * with the index: ranking reads a candidate's section by its short id, not by two lookups of its id.
 */
function pageNumbers(scorer: Scorer, knowledge: Knowledge, words: KnownWords): PageNumbers {
  if (words.pageNumbers !== undefined) return words.pageNumbers;
  const numbers = new Map<string, number>();
  const of = new Int32Array(scorer.slots()).fill(-1);
  const sections: (Section | undefined)[] = new Array(of.length).fill(undefined);
  for (let doc = 0; doc < of.length; doc++) {
    const id = scorer.idOf(doc);
    if (id === undefined) continue;
    const section = knowledge.sections.get(String(id));
    sections[doc] = section;
    const page = section?.fingerprint ?? String(id);
    let n = numbers.get(page);
    if (n === undefined) {
      n = numbers.size;
      numbers.set(page, n);
    }
    of[doc] = n;
  }
  words.pageNumbers = { of, sections, seen: new Int32Array(numbers.size), stamp: 0 };
  return words.pageNumbers;
}

/** Short id → page number and section, and a stamp per page for counting distinct pages. */
interface PageNumbers {
  readonly of: Int32Array;
  readonly sections: readonly (Section | undefined)[];
  readonly seen: Int32Array;
  stamp: number;
}

/** How many distinct pages have a term in their own words, and in their heading. */
interface PageCounts {
  readonly own: number;
  readonly heading: number;
}

/** The fields that hold a section's own words; a word in few headings names those sections' subject. */
const OWN_FIELDS: ReadonlySet<string> = new Set(['heading', 'text', 'links']);

/**
 * Words the knowledge gives a meaning: `identity`, the terms that name the notes themselves (title,
 * event, location); `topics`, single-word topic labels and aliases, which name a subject by the
 * knowledge author's own declaration ("monitoring" is the observability topic however common it is).
 */
interface KnownWords {
  readonly identity: ReadonlySet<string>;
  readonly topics: ReadonlySet<string>;
  /** Distinct pages: sections, near-duplicate copies counted once. */
  readonly pages: number;
  /** Page counts of the terms weighed so far (see pageCountsOf). */
  readonly pageCounts: Map<string, PageCounts>;
  /** Every topic's label and aliases as terms ("open polici agent"): what the notes are about. */
  readonly subjects: ReadonlySet<string>;
  /** Respellings of the misspelt words seen so far (see respell). */
  readonly respellings: Map<string, readonly string[]>;
  /** Whether the notes write a stem with an inflection base, for the derived words asked so far (see writes). */
  readonly forms: Map<string, boolean>;
  /** Made with the index (see pageNumbers). */
  pageNumbers?: PageNumbers;
  /** The terms of the people a section names (see peopleIn), remembered per section. */
  readonly peopleIn: (section: Section) => ReadonlySet<string>;
  /** The names a section's text writes, each as its terms (see namesIn), remembered per section. */
  readonly namesIn: (section: Section) => readonly (readonly string[])[];
}

function knownWords(knowledge: Knowledge, lexicon: CompiledLexicon): KnownWords {
  const names = new Set(
    knowledge.notes.flatMap((n) => termsOf([n.title, n.event ?? '', n.location ?? ''].join(' '))),
  );
  // An abbreviation of a note's names is one of its names too: "eu" for an event in Europe.
  const abbreviated = [...lexicon.abbreviations].flatMap(([short, full]) =>
    full.length > 0 && full.every((t) => names.has(t.term)) ? termsOf(short) : [],
  );
  const identity = new Set([...names, ...abbreviated]);
  const subjects = new Set(
    knowledge.topics.flatMap((t) => [t.label, ...t.aliases].map((a) => termsOf(a).join(' '))),
  );
  const known = new Set([...identity, ...lexicon.fieldTerms, ...[...subjects].flatMap((s) => s.split(' '))]);
  return {
    peopleIn: oncePerSection((text) => peopleIn(text, known)),
    namesIn: oncePerSectionText(namesIn),
    pages: new Set([...knowledge.sections.values()].map((s) => s.fingerprint)).size,
    pageCounts: new Map(),
    respellings: new Map(),
    forms: new Map(),
    identity,
    topics: new Set(
      knowledge.topics.flatMap((t) =>
        [t.label, ...t.aliases]
          .map(termsOf)
          .filter((terms) => terms.length === 1)
          .flat(),
      ),
    ),
    subjects,
  };
}

/**
 * The terms of the people a section's heading or text names: two or three capitalised words in a row
 * ("Janet Kuo", "Kelsey Hightower"), one of them a word English rarely uses (a surname, where "Star Trek"
 * and "Pull Requests" have none), none a subject or a name the knowledge knows ("Elastic Stack", "Google
 * Kubernetes").
 */
function peopleIn(text: string, known: ReadonlySet<string>): ReadonlySet<string> {
  const people = new Set<string>();
  for (const [run] of text.matchAll(CAPITALISED_RUN)) {
    const words = run.split(/\s+/);
    if (words.some((w) => known.has(processTerm(w) ?? ''))) continue;
    if (words.some((w) => rarity(w) >= 1)) for (const term of termsOf(run)) people.add(term);
  }
  return people;
}

const CAPITALISED_RUN = /\p{Lu}\p{Ll}+(?:[ \t]+\p{Lu}\p{Ll}+){1,2}/gu;

/**
 * Whether a hit can answer a question asking what something is called ("what's the NAME OF the project
 * OpenTracing and OpenCensus merged into"): its text names something the question doesn't. A section
 * whose only names are the question's own says that the thing exists, not what it is called.
 */
function namesAnother(hit: Hit, plan: QueryPlan, quality: typeof matchQuality, words: KnownWords): boolean {
  if (!plan.asksName) return true;
  const asked = [...plan.own.flatMap((g) => g.terms), ...plan.expansions.flatMap((g) => g.terms)];
  // A name is the question's when any of its terms is: "OpenTracing" by "open tracing" too.
  const named = (term: string) => asked.some((t) => t.term === term || quality(t, term) > 0);
  return words.namesIn(hit.section).some((terms) => !terms.some(named));
}

/**
 * The names a text writes, each as its terms: words with a capital letter, or letters and digits mixed
 * ("OpenCensus", "Loki", "M3"), that don't start a sentence, a line or a clause after a colon. "I" and
 * its contractions are no names.
 */
function namesIn(text: string): readonly (readonly string[])[] {
  const names = new Map<string, readonly string[]>();
  for (const sentence of text.split(/(?<=[.!?:])\s+|\n+/))
    for (const { 0: word, index } of sentence.matchAll(NAME_WORD))
      if (index > 0 && !/^I(?:'|’|$)/u.test(word) && !names.has(word)) names.set(word, termsOf(word));
  return [...names.values()].filter((terms) => terms.length > 0);
}

const NAME_WORD =
  /(?<![\p{L}\p{N}])(?:\p{Lu}[\p{L}\p{N}'’&]*|\p{Ll}+\p{Lu}[\p{L}\p{N}]*|\p{L}+\p{N}[\p{L}\p{N}]*)/gu;

/** Own words that matched only as a typo of a known term: "linkred" → linkerd. */
function corrections(plan: QueryPlan, results: Scored, quality: typeof matchQuality) {
  const { matched } = results;
  return plan.own.flatMap((g) =>
    g.terms.flatMap((t) => {
      // An everyday English word is what the asker meant: "helm" is no slip for the notes' "hell".
      if (matched.has(t.term) || (t.english && t.rarity < 1)) return [];
      const near = [...matched].filter((m) => !m.startsWith(t.term) && quality(t, m) > 0);
      const top = Math.max(...near.map((m) => quality(t, m)));
      const tied = near.filter((m) => quality(t, m) === top);
      // On a tie, the term the results name first (in rank order) wins.
      const best = tied.length > 1 ? results.firstNamed(tied) : tied[0];
      return best === undefined ? [] : [{ word: t.word, term: best }];
    }),
  );
}

function bestQuality(t: PlanTerm, matched: ReadonlySet<string>, quality: typeof matchQuality): number {
  if (matched.has(t.term)) return 1;
  let best = 0;
  for (const m of matched) best = Math.max(best, quality(t, m));
  return best;
}

/**
 * The hits with the top one's parent section first, when the parent's evidence is nearly as strong
 * (CONFIDENCE.parentShare): a question the parent and its part answer alike asks about the whole ("why
 * so many MONITORING talks": Observability, not one of its three parts).
 */
function wholeFirst(hits: Hit[], knowledge: Knowledge): Hit[] {
  const top = hits[0];
  if (top === undefined) return hits;
  const parent = parentsOf(knowledge).get(top.section.id);
  if (parent === undefined) return hits;
  const at = hits.findIndex((h) => h.section.id === parent);
  const whole = hits[at];
  if (at <= 0 || whole === undefined || whole.evidence < CONFIDENCE.parentShare * top.evidence) return hits;
  return [whole, ...hits.slice(0, at), ...hits.slice(at + 1)];
}

/** Each section's parent section id, by the section's id, worked out once per knowledge. */
function parentsOf(knowledge: Knowledge): ReadonlyMap<string, string> {
  let parents = PARENTS.get(knowledge);
  if (parents === undefined) {
    parents = new Map();
    for (const section of knowledge.sections.values())
      for (const child of section.children) parents.set(child, section.id);
    PARENTS.set(knowledge, parents);
  }
  return parents;
}

const PARENTS = new WeakMap<Knowledge, Map<string, string>>();

function toHit(result: Candidate, section: Section, evidence: number): Hit {
  return { section, score: result.score, matchedTerms: result.terms, evidence };
}

/** matchQuality, remembered for one search: the same pairs come back for every result. */
function memoQuality(): typeof matchQuality {
  const english = new Map<string, Map<string, number>>();
  const other = new Map<string, Map<string, number>>();
  return (t, m) => {
    if (t.term === m) return 1;
    const seen = t.english ? english : other;
    let row = seen.get(t.term);
    if (row === undefined) {
      row = new Map();
      seen.set(t.term, row);
    }
    let q = row.get(m);
    if (q === undefined) {
      q = matchQuality(t, m);
      row.set(m, q);
    }
    return q;
  };
}

/**
 * How well index term m matches a plan term: 1 exact, less for a prefix, less still for a typo (and much
 * less when the asker's word is itself an English word, so probably not a typo: "helm" is not "hell").
 */
export function matchQuality(
  t: Pick<PlanTerm, 'term' | 'english' | 'respelt'> & { readonly word?: string },
  m: string,
): number {
  const q = t.term;
  if (q === m) return 1;
  // One slip in the suffix ("deploymnt" for deploy, "loging" for log): one edit in the word as typed,
  // however short its stem.
  if (t.respelt?.includes(m))
    return (1 - 1 / Math.max(t.word?.length ?? 0, q.length, m.length)) * CONFIDENCE.typoQuality;
  if (SEARCH_OPTIONS.prefix(q) && m.startsWith(q)) return CONFIDENCE.prefixQuality;
  const allowed = SEARCH_OPTIONS.fuzzyRetry(q);
  // Typists rarely get a word's first letter wrong: "knative" is not a typo of "native".
  const distance = allowed === 0 || q[0] !== m[0] ? allowed + 1 : editDistance(q, m, allowed);
  if (distance > allowed) return 0;
  const closeness = 1 - distance / Math.max(q.length, m.length);
  return closeness * CONFIDENCE.typoQuality * (t.english ? CONFIDENCE.englishTypoShare : 1);
}

/** The words of a URL's host, so "eng.uber.com" lets "Uber" find the M3 link. */
function hostWords(url: string): string {
  try {
    return new URL(url).hostname
      .replace(/^www\./, '')
      .split('.')
      .slice(0, -1)
      .join(' ');
  } catch {
    return '';
  }
}
