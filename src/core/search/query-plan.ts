import type { GivenBy, Lexicon } from '../types.js';
import { baseRarity, isEnglish, rarity, typoOfEveryday } from './english.js';
import {
  editDistance,
  fold,
  intendedStopWord,
  isFunctionWord,
  isMisspeltStopWord,
  phraseStems,
  processTerm,
  rawWords,
  termsOf,
  tokenize,
} from './terms.js';

/**
 * **Query understanding**: a question becomes a plan of term groups. Each of the question's own words is
 * a group; an abbreviation adds its full words as a group of the same weight ("psp" → pod security
 * policy); a related entry whose words all occur in the question adds each related phrase as a group of
 * less weight ("sidecar" → service mesh), and a paraphrase the same way ("anniversary" → birthday).
 * Intent phrases ("highlights", "who went", "final verdict", "read more") are recognised and taken out of the subject;
 * a how-to phrase ("how do i") marks the action after it. Every weight is in PLAN_OPTIONS.
 */

export const PLAN_OPTIONS = {
  /** An abbreviation's full words count as much as the abbreviation: they are the same thing. */
  abbreviationWeight: 1,
  /** A paraphrase's phrase is the same subject in the notes' words: it counts as much as the words it stands for. */
  paraphraseWeight: 1,
  /**
   * A member of a kind the question names ("tsdb" → prometheus, m3): what the question is about, if the
   * notes cover that member, so it counts as the question's own words do.
   */
  kindWeight: 1,
  /** An abbreviation with an "s" is its plural only when at least this rare in English: a common word is its own. */
  pluralAbbreviationRarity: 0.9,
  /** The question's own words that a paraphrase says in the notes' words count this much beside it. */
  paraphrasedWeight: 0.5,
  /** A related phrase found from one word of the question: wider, but weaker than the question's words. */
  relatedWeight: 0.35,
  /** Each further word of a multi-word related entry the question contains adds this much weight. */
  relatedPhraseBonus: 0.25,
  /** How rare (english.ts) the word after a how-to phrase must be to be its action: "enable", not "set". */
  actionRarity: 0.4,
  /**
   * An intent phrase's word this long or longer is recognised one edit off ("hihglights", "sumary"),
   * when the question's word is not English: shorter ones are too often another word.
   */
  intentTypoLength: 6,
  /**
   * A shorter one, this long or longer, is recognised with two letters swapped ("hled": held, "wnet": went),
   * when the question's word is not English: the commonest slip, and one that leaves every letter there.
   */
  intentSwapLength: 4,
  /** A frame or intent word this long or longer is recognised two edits off ("reccomend"): see typoEdits. */
  twoTypoLength: 9,
  /** Words after an amount phrase read as what is measured ("how many PULL REQUESTS kubernetes gets"). */
  countedWords: 2,
  /** The most a related phrase can weigh, however many words matched. */
  maxRelatedWeight: 0.8,
} as const;

/** How a lexicon entry relates its phrases to the words that bring them in. */
export type Relation = 'related' | 'paraphrase' | 'kind';

/** One term of a group: the searchable term and the word it came from (for rarity and "did you mean"). */
export interface PlanTerm {
  readonly term: string;
  readonly word: string;
  /** How much a match on this term says about the subject: the word's English rarity. */
  readonly rarity: number;
  /** How much the word counts when the notes lack it: its most everyday base form's rarity ("busiest": "busy"). */
  readonly baseRarity: number;
  /** An English word, so less likely a typo of something else. */
  readonly english: boolean;
  /** A frame word (lexicon): it does not count against an answer when the notes don't use it. */
  readonly frame: boolean;
  /** A subject the lexicon knows (an abbreviation, a related term, a concept's word): a field term. */
  readonly field?: boolean;
  /**
   * Read as a misspelt function or frame word ("shuold", "recomendation"), so a frame. Unless the notes
   * have it as written: "thanos" is one letter from "thanks", but the notes' word.
   */
  readonly misspelt?: boolean;
  /**
   * For a word the index lacks and English doesn't have: the index terms of its spellings one slip away
   * in its suffix ("deploymnt" → deploy), which a typo match of its unstemmed form cannot reach.
   */
  readonly respelt?: readonly string[];
  /**
   * An agent noun whose stem the notes have only in other words ("provider" where they say
   * "provide", "providing"): a stemmer runs them together, but they often name different things.
   */
  readonly derived?: boolean;
  /**
   * Said only in a clause about the asker that sets the scene for another that asks ("I'M IN A RUSH, give
   * me the gist"): see sceneTerms.
   */
  readonly scene?: boolean;
  /**
   * A word English doesn't use, one slip from an everyday word ("wroth", "probelm"; see typoOfEveryday),
   * and no word the lexicon has: that word misspelt, and this its rarity. Missing from the notes, it
   * counts as that everyday word would, not as a name.
   */
  readonly typoOf?: number;
}

/** Terms standing for one thing the question says. */
export interface TermGroup {
  readonly origin: 'own' | 'abbreviation' | Relation;
  readonly weight: number;
  readonly terms: readonly PlanTerm[];
  /** For expansions: the own terms that brought the group in (the group stands in for them). */
  readonly from: readonly string[];
  /**
   * Whether finding this group in the notes means the own terms it stands in for are known there: true
   * for the question's words, abbreviations and related phrases one step from them, and for paraphrases
   * and kinds of an abbreviation's full words too (the same thing, or what it names: "tsdb" → time series
   * database → prometheus); false for a neighbour two steps away (rbac → role based access control →
   * authorization), which only adds evidence.
   */
  readonly covers: boolean;
}

export interface QueryPlan {
  /** The question's own words, one group each, in order (intent phrases taken out). */
  readonly own: readonly TermGroup[];
  /** Groups the lexicon added. */
  readonly expansions: readonly TermGroup[];
  readonly intents: {
    readonly overview: boolean;
    /**
     * Asked for by a word or phrase that names it ("RECAP of the conference for a slide", "EXEC SUMMARY"),
     * not by a question ("what should we do"); see namesOverviewAt.
     */
    readonly namedOverview: boolean;
    /**
     * The words around each such name that may say what of: the one right before ("RESTAURANT
     * recommendations") and the first after it that is not a stop word ("recommendations for LUNCH"),
     * unless a linking verb comes first ("the gist IS fine"); see neighbours.
     */
    readonly overviewNeighbours: readonly string[];
    readonly trip: boolean;
    readonly verdict: boolean;
    readonly reading: boolean;
    /** When or where the notes' event was ("WHEN WAS kubecon barcelona"): the trip answers it when nothing else is asked. */
    readonly event: boolean;
    /** What else the author went to ("what OTHER TALKS did they go to"): the section mentioning other talks answers. */
    readonly others: boolean;
  };
  /** A reading phrase says what to read about: "more info ON the party", "read more ABOUT loki". */
  readonly readsAbout: boolean;
  /**
   * The words a trip phrase is spread around, its own words allowed apart ("how OLD was KUBERNETES at the
   * time of the conference" has "how was the conference"): what they name is asked in its own right.
   */
  readonly withinTrip: ReadonlySet<string>;
  /** The words right before an event word ("that big CONTAINER conference"): they say which event. */
  readonly beforeEvent: ReadonlySet<string>;
  /**
   * The words right after one naming another edition ("the FIRST KUBECON", "the very NEXT ONE"): an event
   * word or a name of the notes' event there asks about that edition, not theirs.
   */
  readonly afterOtherEdition: ReadonlySet<string>;
  /**
   * Multi-word concepts of the field the question names ("api gateway", "blue green deployment"): their
   * words are one subject, so a section counts them only when it has all of them.
   */
  readonly concepts: readonly (readonly string[])[];
  /** The question starts with a question word or ends with a question mark: it can be a follow-up. */
  readonly questionLike: boolean;
  /** The question points back at the thread ("is it ready?"): read it with the earlier question. */
  readonly pointing: boolean;
  /**
   * A request for instructions ("how do i ENABLE mtls"): the term of the action asked about. Notes that
   * never name the action give opinions or news about the subject, not the steps asked for.
   */
  readonly action?: string;
  /**
   * What an amount is asked of ("how much DISK", "how many github STARS"): the terms of the words right
   * after an amount phrase, up to the first small word, frame words left out. Notes that never name the
   * thing measured have nothing to say of its amount.
   */
  readonly counted: readonly string[];
  /**
   * The kinds of fact the question asks for, by one of a kind's words ("datadog PRICING": a price) or by
   * the phrase opening the question ("WHEN WILL istio ship": a date): only a section with one of a kind's
   * terms, or with what else gives it (a version number, a year, a duration), gives that fact.
   */
  readonly facts: readonly FactKind[];
  /**
   * The two subjects a comparison sets against each other ("FLUENTD vs FLUENT bit"), when the words on
   * both sides of a comparison word name something: only a section that names both compares them.
   */
  readonly compared?: readonly [PlanTerm, PlanTerm];
  /**
   * The two subjects a comparison sets against each other if a word read as a misspelt function word is a
   * name the notes have ("cortex or THANOS"): the index makes them `compared` when the notes have it.
   */
  readonly comparedIfTheirs?: readonly [PlanTerm, PlanTerm];
  /**
   * The instruction phrases the question has ("STEP BY STEP guide to linkerd"), and the action of a how-to
   * made with an everyday verb and "up" ("how do i SET UP thanos"), as stems: only a section that has
   * one of them gives steps.
   */
  readonly instructions: readonly (readonly string[])[];
  /**
   * Whether the question asks for more of its subject than that it came up (a detail phrase, see
   * Lexicon.details): "what EXACTLY were the failure scenarios", "HOW DOES pod autoscaling WORK".
   */
  readonly details: boolean;
  /** Whether the question asks what something is called (Lexicon.nameAsks): a section must name another thing. */
  readonly asksName: boolean;
  /** Whether the question asks who someone is ("who gave the loki talk"): a section must name a person. */
  readonly asksPerson: boolean;
}

/** The lexicon made ready for matching: every phrase as folded words, every term processed. */
export interface CompiledLexicon {
  readonly abbreviations: ReadonlyMap<string, readonly PlanTerm[]>;
  /** Related entries, paraphrases and kinds: the terms a question needs, and the phrases they bring in. */
  readonly related: readonly {
    readonly needs: readonly string[];
    /**
     * The entry's words that are no terms and no function words ("CALL path"): the question must have them
     * too, or "path" alone would be a call path. A function word may be left out: "service-to-service
     * traffic" is traffic between services.
     */
    readonly small: readonly string[];
    readonly phrases: readonly PlanTerm[][];
    /** 'abbreviation': a full form written out, bringing in its short form. */
    readonly relation: Relation | 'abbreviation';
    /**
     * Whether the question must have the needed words together, in order: a kind's name ('kind'), or a
     * full form as typed, not brought in by its own abbreviation ('typed').
     */
    readonly run: false | 'kind' | 'typed';
  }[];
  readonly overview: readonly (readonly string[])[];
  readonly trip: readonly (readonly string[])[];
  readonly verdict: readonly (readonly string[])[];
  readonly reading: readonly (readonly string[])[];
  readonly event: readonly (readonly string[])[];
  readonly others: readonly (readonly string[])[];
  /** What the others phrases ask about, as terms: the word after "other" ("talks", "sessions", "tracks"). */
  readonly otherParts: ReadonlySet<string>;
  /** The intent phrases' words long enough to be recognised misspelt (PLAN_OPTIONS.intentTypoLength). */
  readonly intentWords: readonly string[];
  readonly questionWords: readonly (readonly string[])[];
  readonly pointingWords: ReadonlySet<string>;
  readonly frameWords: ReadonlySet<string>;
  /** The frame words of a question asking for an overview, a verdict or the trip: these and the one-word reply lengths, folded. */
  readonly overviewFrameWords: ReadonlySet<string>;
  /** Event words, folded. */
  readonly eventWords: ReadonlySet<string>;
  /** Words naming another edition of an event, folded. */
  readonly otherEditions: ReadonlySet<string>;
  readonly howTo: readonly (readonly string[])[];
  /** Step verbs, folded. */
  readonly stepVerbs: ReadonlySet<string>;
  readonly amounts: readonly (readonly string[])[];
  /** Headings of a note's concluding section, as folded words. */
  readonly conclusionHeadings: readonly (readonly string[])[];
  readonly conclusionOpeners: readonly (readonly string[])[];
  /** Headings of a note's further-reading section, as folded words. */
  readonly readingHeadings: readonly (readonly string[])[];
  readonly except: readonly (readonly string[])[];
  readonly comparison: readonly (readonly string[])[];
  readonly pairs: readonly (readonly string[])[];
  /** Words that start a clause about the asker, folded. */
  readonly scene: ReadonlySet<string>;
  /**
   * Words that say how long or how selective an overview should be, folded: the lexicon's sizes ("quick")
   * and its overview phrases' qualifiers ("KEY takeaways", see overviewQualifiers).
   */
  readonly overviewSizes: ReadonlySet<string>;
  /** What a reply's length is counted in, as plain words ("bullet points"). */
  readonly replyLengths: readonly (readonly string[])[];
  /** What an overview can be for, folded ("newsletter", "standup"): see sceneTerms. */
  readonly overviewUses: ReadonlySet<string>;
  /** The reply lengths of one word, folded ("slide", "bullets"): a count can join one ("a 30-SECOND summary"). */
  readonly replyUnits: ReadonlySet<string>;
  /** First words of the question words' phrases: a clause opening with one asks. */
  readonly asking: ReadonlySet<string>;
  /** Instruction phrases, as stems with their small words (phraseStems). */
  readonly instructions: readonly (readonly string[])[];
  /** Detail phrases, as folded words (matched in order, others allowed between: findPhrases). */
  readonly details: readonly (readonly string[])[];
  /** Name-asking phrases, as folded words (matched as details are). */
  readonly nameAsks: readonly (readonly string[])[];
  /** People questions: the phrases as folded words, the roles as stems, the naming words folded. */
  readonly people: {
    readonly asks: readonly (readonly string[])[];
    readonly roles: readonly (readonly string[])[];
    readonly naming: ReadonlySet<string>;
  };
  /** Every multi-word phrase of the lexicon, as terms: the field's named concepts. */
  readonly concepts: readonly (readonly string[])[];
  /** Terms the lexicon names as subjects of the field: abbreviations and single-word related terms. */
  readonly fieldTerms: ReadonlySet<string>;
  /** Every word of the lexicon's abbreviations, related terms and kinds, folded. */
  readonly words: ReadonlySet<string>;
  /** Each kind of fact's words, as terms. */
  readonly facts: readonly FactKind[];
}

/**
 * A kind of fact: its words as terms, and what else gives it, if anything: a version number (1.0, v1.14),
 * a year ("when does it go GA" → a section that dates things) or a duration ("retention" → 45 days).
 */
export interface FactKind {
  readonly terms: readonly string[];
  readonly givenBy?: GivenBy;
  /** Phrases that ask for the fact when they open the question ("when will"), as plain words. */
  readonly askedBy: readonly (readonly string[])[];
  /** Words that make a question opened so ask something else ("when does it make SENSE"), folded. */
  readonly unless: ReadonlySet<string>;
}

/** Folded words of a text, stop words kept: what intent phrases are matched against. */
export function plainWords(text: string): string[] {
  // Words as tokenize reads them: "1.0" and "JL&P" are one word each.
  return rawWords(fold(text));
}

/**
 * The words of a lexicon phrase that a question must have, in order: its articles are not among them.
 * People drop or swap them ("in few words", "purpose of trip"), and a phrase's words may stand apart in
 * the question anyway, so an article only made the phrase stricter, not more precise.
 */
function phraseWords(phrase: string): string[] {
  const words = plainWords(phrase);
  const kept = words.filter((w) => !ARTICLES.has(w));
  return kept.length > 0 ? kept : words;
}

const ARTICLES: ReadonlySet<string> = new Set(['a', 'an', 'the']);

/** The searchable terms of a phrase, with the words they came from. */
export function planTerms(phrase: string, frameWords: ReadonlySet<string> = new Set()): PlanTerm[] {
  const seen = new Set<string>();
  return tokenize(phrase).flatMap((word) => {
    const term = processTerm(word);
    if (term === null || seen.has(term)) return [];
    seen.add(term);
    const folded = fold(word);
    const english = isEnglish(folded);
    const framing = isFrameWord(folded, frameWords);
    const meant = framing || inUse(folded) ? undefined : misspeltFrameWord(folded, frameWords);
    // A frame word misspelt where its stem reads the same ("conferance": confer, as conference) is that
    // word, even though the notes have the stem (a word the notes have is otherwise theirs, as "thanos"
    // is, one letter from "thanks": see respell in search-index.ts).
    const sameStem = meant !== undefined && processTerm(meant) === term;
    const misspelt =
      !framing && !inUse(folded) && !sameStem && (meant !== undefined || isMisspeltStopWord(folded));
    const frame = framing || sameStem || misspelt;
    return [
      {
        term,
        word,
        rarity: rarity(folded),
        baseRarity: baseRarity(folded),
        english,
        frame,
        ...(misspelt && { misspelt }),
      },
    ];
  });
}

/**
 * Whether a word is English in use, not a misspelling: in the word list, and less rare than its rarest
 * (ENGLISH_OPTIONS.rareRank). A word that rare one slip from a function or frame word is more likely that
 * word misspelt: "wich" (a surname in the list) is "which". The notes' own words stay theirs (respell).
 */
function inUse(word: string): boolean {
  return isEnglish(word) && rarity(word) < 1;
}

/**
 * Whether a folded word is a frame word or an inflection of one: "writeups", "talked", "adopting",
 * "recommends", and "current" for "currently". Only inflections: "authorization" is not "author", nor
 * "stateful" "state", though their stems are.
 */
function isFrameWord(word: string, frameWords: ReadonlySet<string>): boolean {
  return frameWords.has(`${word}ly`) || baseWords(word).some((b) => frameWords.has(b));
}

/** The intent word a misspelt word stands for: one edit off, same first letter (see intentTypoLength). */
function intendedIntentWord(word: string, intentWords: readonly string[]): string | undefined {
  if (word.length < PLAN_OPTIONS.intentSwapLength) return undefined;
  if (word.length < PLAN_OPTIONS.intentTypoLength) return intentWords.find((w) => swapped(word, w));
  // A word English has, however rare, is only one slip from the word meant (see intendedFrameWord).
  const edits = (w: string) => (isEnglish(word) ? 1 : typoEdits(w));
  return intentWords.find(
    (w) =>
      w.length >= PLAN_OPTIONS.intentTypoLength &&
      w[0] === word[0] &&
      editDistance(word, w, edits(w)) <= edits(w),
  );
}

/** Whether two words differ only by two neighbouring letters swapped, not the first ("hled", "held"). */
function swapped(word: string, meant: string): boolean {
  if (word.length !== meant.length || word[0] !== meant[0]) return false;
  const at = [...word].findIndex((c, i) => c !== meant[i]);
  return (
    at > 0 &&
    word[at] === meant[at + 1] &&
    word[at + 1] === meant[at] &&
    word.slice(at + 2) === meant.slice(at + 2)
  );
}

/**
 * Whether a folded word is a misspelt frame word, and which (intendedFrameWord), remembered per set of frame words:
 * a question's words come back in later questions, and each is compared with every frame word.
 */
function misspeltFrameWord(word: string, frameWords: ReadonlySet<string>): string | undefined {
  let known = MISSPELT_FRAME.get(frameWords);
  if (known === undefined) {
    known = new Map();
    MISSPELT_FRAME.set(frameWords, known);
  }
  let meant = known.get(word);
  if (meant === undefined) {
    meant = intendedFrameWord(word, frameWords) ?? null;
    if (known.size >= 10_000) known.clear();
    known.set(word, meant);
  }
  return meant ?? undefined;
}

const MISSPELT_FRAME = new WeakMap<ReadonlySet<string>, Map<string, string | null>>();

/**
 * The frame word a word English doesn't have mistypes, if any: one edit (a swap counts as one) from a
 * frame word of six letters or more ("recomendation", "expereince"). Shorter ones are too near other words.
 */
function intendedFrameWord(word: string, frameWords: ReadonlySet<string>): string | undefined {
  if (word.length < 6) return undefined;
  let meant: string | undefined;
  // A word English has, however rare ("confluence"), is only one slip from the word meant, not two.
  const english = isEnglish(word);
  for (const f of frameWords) {
    const edits = english ? 1 : typoEdits(f);
    if (f.length >= 6 && Math.abs(f.length - word.length) <= edits && editDistance(word, f, edits) <= edits) {
      // The one whose stem the word has, if any, is the one meant ("conferance": conference).
      if (processTerm(f) === processTerm(word)) return f;
      meant ??= f;
    }
  }
  return meant;
}

/**
 * How many edits a misspelt frame or intent word may be from the word meant: one, and two for a word of
 * PLAN_OPTIONS.twoTypoLength letters or more ("reccomend", "recomendations"), long enough that two slips
 * still leave it nearer that word than any other.
 */
function typoEdits(meant: string): number {
  return meant.length >= PLAN_OPTIONS.twoTypoLength ? 2 : 1;
}

/**
 * A folded word and the words it can be an inflection of: "planning" → plan, "sending" → send, "learned"
 * → learn, "talks" → talk (and "plann", "sen"...: candidates, looked up in a list of real words).
 */
function baseWords(word: string): readonly string[] {
  const known = BASES.get(word);
  if (known !== undefined) return known;
  const bases = [word];
  for (const suffix of ['s', 'es', 'd', 'ed', 'ing']) {
    if (!word.endsWith(suffix)) continue;
    const base = word.slice(0, -suffix.length);
    bases.push(base, `${base}e`);
    // A doubled final consonant: "planning", "planned".
    if (/([b-df-hj-np-tv-z])\1$/.test(base)) bases.push(base.slice(0, -1));
  }
  if (BASES.size >= 10_000) BASES.clear();
  BASES.set(word, bases);
  return bases;
}

/** baseWords remembered: the lexicon's phrase words and a question's words come back every question. */
const BASES = new Map<string, readonly string[]>();

/** The entries of a list that are phrases (two words or more). */
function phrasesOf(entries: readonly string[]): string[] {
  return entries.filter((e) => plainWords(e).length >= 2);
}

/** Compiles a lexicon once per knowledge version. */
export function compileLexicon(lexicon: Lexicon): CompiledLexicon {
  const frameWords = new Set(lexicon.frameWords.map(fold));
  const replyUnits = new Set(lexicon.replyLengths.filter((l) => plainWords(l).length === 1).map(fold));
  return {
    // An abbreviation of a frame word frames the question as the word does ("prod": production).
    abbreviations: new Map(lexicon.abbreviations.map((a) => [fold(a.short), planTerms(a.full, frameWords)])),
    related: [
      ...lexicon.related.map((r) => ({
        term: r.term,
        phrases: r.related,
        relation: 'related' as const,
        run: false as const,
      })),
      ...lexicon.paraphrases.map((r) => ({
        term: r.term,
        phrases: r.means,
        relation: 'paraphrase' as const,
        run: false as const,
      })),
      ...lexicon.kinds.map((k) => ({
        term: k.kind,
        phrases: k.members,
        relation: 'kind' as const,
        run: 'kind' as const,
      })),
      // An abbreviation's full form written out says its short form, as the notes may write it ("cloud
      // native computing foundation": the CNCF). Only a full form of several words: its words are
      // everyday ones, and the short form is the name. A one-word full form is already as specific.
      ...lexicon.abbreviations
        .filter((a) => plainWords(a.full).length >= 2)
        .map((a) => ({
          term: a.full,
          phrases: [a.short],
          relation: 'abbreviation' as const,
          run: 'typed' as const,
        })),
    ]
      .map((r) => ({
        needs: termsOf(r.term),
        small: plainWords(r.term).filter((w) => processTerm(w) === null && !isFunctionWord(w)),
        phrases: r.phrases.map((p) => planTerms(p)),
        relation: r.relation,
        run: r.run,
      }))
      .filter((r) => r.needs.length > 0),
    overview: lexicon.intents.overview.map(phraseWords),
    trip: lexicon.intents.trip.map(phraseWords),
    // A concluding or further-reading section's usual heading of two words or more asks for that section
    // too ("closing thoughts", "see also"); one word is as often another sense ("resources", "links").
    verdict: [...lexicon.intents.verdict, ...phrasesOf(lexicon.conclusionHeadings)].map(phraseWords),
    reading: [...lexicon.intents.reading, ...phrasesOf(lexicon.readingHeadings)].map(phraseWords),
    event: lexicon.intents.event.map(phraseWords),
    others: lexicon.intents.others.map(phraseWords),
    otherParts: new Set(
      lexicon.intents.others.flatMap((p) => {
        const words = plainWords(p);
        const at = words.indexOf('other');
        return at >= 0 && at + 1 < words.length ? (processTerm(words[at + 1] ?? '') ?? []) : [];
      }),
    ),
    intentWords: [
      ...new Set(
        Object.values(lexicon.intents)
          .flat()
          .flatMap(plainWords)
          .filter((w) => w.length >= PLAN_OPTIONS.intentSwapLength),
      ),
    ],
    questionWords: lexicon.questionWords.map(plainWords),
    pointingWords: new Set(lexicon.pointingWords.map(fold)),
    frameWords,
    // In a question asking for an overview, its length and size frame it too ("the main points, QUICKLY").
    overviewFrameWords: new Set([...frameWords, ...replyUnits, ...lexicon.overviewSizes.map(fold)]),
    eventWords: new Set(lexicon.eventWords.map(fold)),
    otherEditions: new Set(lexicon.otherEditions.map(fold)),
    howTo: lexicon.howTo.map(plainWords),
    stepVerbs: new Set(lexicon.stepVerbs.map(fold)),
    amounts: lexicon.amounts.map(plainWords),
    conclusionHeadings: lexicon.conclusionHeadings.map(plainWords),
    conclusionOpeners: lexicon.conclusionOpeners.map(plainWords),
    readingHeadings: lexicon.readingHeadings.map(plainWords),
    except: lexicon.except.map(plainWords),
    comparison: lexicon.comparison.map(plainWords),
    pairs: lexicon.pairs.map(plainWords),
    scene: new Set(lexicon.scene.map(fold)),
    overviewSizes: new Set([
      ...lexicon.overviewSizes.map(fold),
      ...overviewQualifiers(lexicon.intents.overview),
    ]),
    replyLengths: lexicon.replyLengths.map(plainWords),
    replyUnits,
    overviewUses: new Set(lexicon.overviewUses.map(fold)),
    asking: new Set(lexicon.questionWords.flatMap((q) => plainWords(q).slice(0, 1))),
    instructions: lexicon.instructions.map(phraseStems),
    details: lexicon.details.map(plainWords),
    nameAsks: lexicon.nameAsks.map(plainWords),
    people: {
      asks: lexicon.people.asks.map(plainWords),
      roles: lexicon.people.roles.map(phraseStems),
      naming: new Set(lexicon.people.naming.map(fold)),
    },
    concepts: conceptsOf(lexicon),
    facts: lexicon.facts.map((f) => ({
      terms: [...new Set(f.words.flatMap(termsOf))],
      ...(f.givenBy !== undefined && { givenBy: f.givenBy }),
      askedBy: (f.askedBy ?? []).map(plainWords),
      unless: new Set((f.unless ?? []).map(fold)),
    })),
    fieldTerms: new Set([
      ...lexicon.abbreviations.flatMap((a) => processTerm(a.short) ?? []),
      // One-word entries only: in a phrase whose other words are stop words ("read more"), its one word ("read") is no subject.
      ...[...lexicon.related.map((r) => r.term), ...lexicon.kinds.map((k) => k.kind)]
        .filter((term) => plainWords(term).length === 1)
        .flatMap(termsOf),
    ]),
    words: new Set(
      [
        ...lexicon.abbreviations.flatMap((a) => [a.short, a.full]),
        ...lexicon.related.flatMap((r) => [r.term, ...r.related]),
        ...lexicon.kinds.flatMap((k) => [k.kind, ...k.members]),
      ].flatMap(plainWords),
    ),
  };
}

/**
 * The words the lexicon's overview phrases qualify another of its overview phrases with: "KEY takeaways"
 * ("takeaways" is one), "EXECUTIVE summary". The same word qualifies any overview name ("KEY highlights",
 * "EXEC recap"): it says which part, not what of.
 */
function overviewQualifiers(phrases: readonly string[]): string[] {
  const known = new Set(phrases.map((p) => plainWords(p).join(' ')));
  return phrases.flatMap((p) => {
    const [first, ...rest] = plainWords(p);
    return first !== undefined && rest.length > 0 && known.has(rest.join(' ')) ? [first] : [];
  });
}

/** The lexicon's multi-word names (terms, related phrases, full forms, what paraphrases mean), each once, as terms. */
function conceptsOf(lexicon: Lexicon): string[][] {
  const phrases = [
    ...lexicon.abbreviations.map((a) => a.full),
    ...lexicon.related.flatMap((r) => [r.term, ...r.related]),
    // A paraphrase's own words describe a subject ("collect logs"); only what it means is named.
    ...lexicon.paraphrases.flatMap((r) => r.means),
    ...lexicon.kinds.flatMap((k) => [k.kind, ...k.members]),
  ];
  const unique = new Map<string, string[]>();
  for (const phrase of phrases) {
    const terms = termsOf(phrase);
    if (terms.length >= 2) unique.set([...terms].sort().join(' '), terms);
  }
  return [...unique.values()];
}

/**
 * Linking verbs and auxiliaries: right after an overview's name, what follows says what it is like or
 * whether it will do ("the gist IS fine", "a recap WOULD be great"), not what it is of.
 */
const LINKING_VERBS: ReadonlySet<string> = new Set(
  'is are was were be been being am looks look seems seem sounds sound would will could should can does do'.split(
    ' ',
  ),
);

/** Prepositions of extent, which lead to what an overview is of rather than say it ("conclusions ACROSS the report"). */
const SPANNING: ReadonlySet<string> = new Set(['across', 'throughout', 'over', 'within', 'through']);

/**
 * The words that may say what an overview named at words[first..last] is of (see overviewNeighbours): the
 * word before it, and the first word after it that is not a stop word ("recommendations for LUNCH",
 * "recommendations to EAT"), unless a linking verb comes right after it ("the gist IS fine") or "for"
 * after a phrase that says how ("in 3 bullets FOR a slide").
 */
function neighbours(words: readonly string[], first: number, last: number): string[] {
  const around: string[] = [];
  const before = words[first - 1];
  if (before !== undefined) around.push(before);
  // After a phrase that says how ("IN SHORT", "IN 3 BULLETS", "AS a few points"), "for" says what for ("in
  // 3 bullets FOR A SLIDE"); what of comes before it ("loki in two sentences").
  const how = SAYING_HOW.has(words[first] ?? '') && words[last + 1] === 'for';
  if (LINKING_VERBS.has(words[last + 1] ?? '') || how) return around;
  for (let k = last + 1; k < words.length; k++)
    if (processTerm(words[k] ?? '') !== null && !SPANNING.has(words[k] ?? '')) {
      around.push(words[k] ?? '');
      break;
    }
  return around;
}

/**
 * Whether an overview phrase found at these places names the overview ("highlights", "key takeaways",
 * "executive summary"), rather than asking for it with a question ("what did you learn", "what should
 * we do"), whose other words must all be the notes'.
 */
function namesOverviewAt(
  words: readonly string[],
  at: readonly number[],
  questionWords: readonly (readonly string[])[],
): boolean {
  return at.length === 1 || !questionWords.some((q) => runAt(words, at[0] ?? 0, q));
}

/** A word with its final "g" dropped, as chat spells -ing words ("hopin", "lookin", "goin"). */
const DROPPED_G = /(?<![\p{L}\p{N}])\p{L}{2,}in(?:['’]|(?![\p{L}\p{N}]))/giu;

/** Words of the trade that end in -in and are no English word, but no -ing word either. */
const TRADE_IN_WORDS: ReadonlySet<string> = new Set(['mixin', 'checkin', 'signin', 'builtin', 'plugin']);

/**
 * The question with each -ing word whose "g" chat dropped spelt out ("what were they HOPIN to get out of
 * it", "LOOKIN' at loki": hoping, looking), when the word as typed is no English word and with the "g" it
 * is ("margin", "admin", "begin" stay, and so do words of the trade: "a prometheus MIXIN").
 */
function withDroppedGs(query: string): string {
  // Most questions have no word ending in -in: nothing to look up.
  if (!/\p{L}{2}in(?:['’]|(?![\p{L}\p{N}]))/iu.test(query)) return query;
  return query.replace(DROPPED_G, (typed) => {
    const word = typed.replace(/['’]$/, '');
    const folded = fold(word);
    return !TRADE_IN_WORDS.has(folded) && !isEnglish(folded) && isEnglish(`${folded}g`) ? `${word}g` : typed;
  });
}

/**
 * The own groups, those whose words a paraphrase says in the notes' words weighed PLAN_OPTIONS.paraphrasedWeight:
 * "scaling pods up and down automatically" is autoscaling, not a question about scale and pods.
 */
function paraphrasedLess(own: TermGroup[], expansions: readonly TermGroup[]): TermGroup[] {
  const said = new Set(expansions.flatMap((g) => (g.origin === 'paraphrase' && g.covers ? g.from : [])));
  if (said.size === 0) return own;
  return own.map((g) =>
    g.terms.some((t) => said.has(t.term)) ? { ...g, weight: g.weight * PLAN_OPTIONS.paraphrasedWeight } : g,
  );
}

/** The words right after one naming another edition, "very" and "ever" aside ("the VERY first EVER kubecon"). */
function afterOtherEdition(words: readonly string[], editions: ReadonlySet<string>): ReadonlySet<string> {
  if (editions.size === 0) return NO_TERMS;
  const after = new Set<string>();
  words.forEach((w, i) => {
    if (!editions.has(w)) return;
    let next = i + 1;
    while (STRESS.has(words[next] ?? '')) next++;
    const word = words[next];
    if (word !== undefined) after.add(word);
  });
  return after;
}

/**
 * "right" stressing when ("RIGHT now", "right away", "right then"): an intensifier, as "very" is, not the
 * adjective a section may say ("in its own right").
 */
const RIGHT_BEFORE_TIME = /\bright(?=\s+(?:now|away|then)\b)/giu;

/** Words that only stress the next one: "the VERY first", "the first EVER". */
const STRESS: ReadonlySet<string> = new Set(['very', 'ever']);

/** A misspelt everyday word's typoOf, unless the lexicon has the word ("mesos" is not "mess" misspelt). */
function everydayTypo(t: PlanTerm, lexicon: CompiledLexicon): { typoOf?: number } {
  const folded = fold(t.word);
  if (lexicon.fieldTerms.has(t.term) || lexicon.words.has(folded)) return {};
  const typoOf = typoOfEveryday(folded);
  return typoOf === undefined ? {} : { typoOf };
}

/** Reads a question into a plan. */
export function planQuery(typed: string, lexicon: CompiledLexicon): QueryPlan {
  const query = withDroppedGs(typed);
  // Phrases are matched with misspelt function and intent words read as meant: "wher was it" is "where
  // was it", "hihglights" is "highlights".
  const plain = plainWords(query);
  const read = plain.map((w) =>
    inUse(w) ? w : (intendedStopWord(w) ?? intendedIntentWord(w, lexicon.intentWords) ?? w),
  );
  // What the question sets aside ("other talks BESIDES mesh and observability") is not what it asks about.
  const aside = askedBesides(read, setAside(query, read, lexicon.except), lexicon);
  const words = aside.size > 0 ? read.filter((_, i) => !aside.has(i)) : read;
  const asTyped = aside.size > 0 ? plain.filter((_, i) => !aside.has(i)) : plain;
  const asked = aside.size > 0 ? words.join(' ') : query;
  const overview = sized(
    [...findPhrases(words, lexicon.overview), ...replyLengthsAt(words, lexicon.replyLengths)],
    words,
    lexicon.overviewSizes,
    lexicon.replyUnits,
  );
  const named = overview.filter((at) => namesOverviewAt(words, at, lexicon.questionWords));
  const trip = findPhrases(words, lexicon.trip);
  const verdict = findPhrases(words, lexicon.verdict);
  const reading = findPhrases(words, lexicon.reading);
  const event = findPhrases(words, lexicon.event);
  const others = findPhrases(words, lexicon.others);
  const intent =
    overview.length + trip.length + verdict.length + reading.length + event.length + others.length > 0;
  // Most questions have no intent phrase: nothing to remove.
  const subject = intent
    ? removeSpans(asked, [...overview, ...trip, ...verdict, ...reading, ...event, ...others])
    : asked;
  // Asking for an overview, a verdict or the trip, the length or form it should have ("on a SLIDE", "a few
  // BULLETS", "a one-SENTENCE verdict") frames it.
  const terms = singularAbbreviations(
    planTerms(
      subject.replace(RIGHT_BEFORE_TIME, ''),
      overview.length + verdict.length + trip.length > 0 ? lexicon.overviewFrameWords : lexicon.frameWords,
    ),
    lexicon,
  );
  // Frame words frame something else; when the question has nothing else ("the author's blog"), they
  // are its subject, unless it asks for an intent ("what topics does the WRITEUP cover").
  const framed = intent || terms.some((t) => !t.frame);
  const scene = sceneTerms(query, lexicon, overview.length > 0);
  const own: TermGroup[] = Array.from(terms, (t) => ({
    origin: 'own',
    weight: 1,
    terms: [
      {
        ...t,
        frame: t.frame && framed,
        field: lexicon.fieldTerms.has(t.term),
        ...(scene.has(t.term) && { scene: true }),
        // A use of an overview the lexicon lists, setting the scene, is an everyday word whatever English's
        // word list says ("for ROADMAP planning").
        ...(scene.has(t.term) && lexicon.overviewUses.has(fold(t.word)) && { english: true }),
        ...everydayTypo(t, lexicon),
      },
    ],
    from: [t.term],
    covers: true,
  }));
  const expanded = abbreviations(subject, lexicon);
  const { term: action, phrase: setUp } = howToAction(words, lexicon);
  const compared = comparedOf(words, asTyped, own, lexicon);
  const stems = phraseStems(asked);
  // Most questions have no abbreviation: no copies made to join the lists.
  const more = related(expanded.length === 0 ? own : [...own, ...expanded], words, lexicon);
  return {
    own: paraphrasedLess(own, more),
    expansions: expanded.length === 0 ? more : [...expanded, ...more],
    intents: {
      overview: overview.length > 0,
      namedOverview: named.length > 0,
      overviewNeighbours: named.flatMap((at) => neighbours(words, at[0] ?? 0, at[at.length - 1] ?? 0)),
      trip: trip.length > 0,
      verdict: verdict.length > 0,
      reading: reading.length > 0,
      event: event.length > 0,
      others: others.length > 0,
    },
    readsAbout: reading.some((at) => ABOUT.has(words[(at.at(-1) ?? -1) + 1] ?? '')),
    withinTrip: wordsWithin(asked, trip),
    beforeEvent: new Set(words.filter((_, i) => lexicon.eventWords.has(words[i + 1] ?? ''))),
    afterOtherEdition: afterOtherEdition(words, lexicon.otherEditions),
    concepts: namedConcepts(own, lexicon),
    questionLike: /\?\s*$/.test(query) || lexicon.questionWords.some((q) => runAt(words, 0, q)),
    pointing: words.some((w) => lexicon.pointingWords.has(w)),
    ...(action !== undefined && { action }),
    counted: countedOf(words, lexicon),
    ...(compared.sides !== undefined && { compared: compared.sides }),
    ...(compared.ifTheirs !== undefined && { comparedIfTheirs: compared.ifTheirs }),
    instructions: [
      ...lexicon.instructions.filter((p) => containsRun(stems, p)),
      ...(setUp !== undefined ? [setUp] : []),
    ],
    facts: lexicon.facts.filter((kind) => asksFor(kind, words, asTyped, own)),
    details: findPhrases(words, lexicon.details).length > 0,
    asksName: findPhrases(words, lexicon.nameAsks).length > 0,
    asksPerson: asksPerson(words, lexicon),
  };
}

/** Words after a reading phrase that say what to read about ("more info ON", "dig INTO"). */
const ABOUT: ReadonlySet<string> = new Set(['about', 'on', 'regarding', 'into', 'of']);

/** Where a message's clauses end: a comma, semicolon, colon, full stop, ! or ? before a space, or a spaced dash. */
const CLAUSE_END = /[,;:.!?]+(?=\s|$)|\s[-\u2013\u2014]+\s/u;

/**
 * The terms said only in clauses about the asker, when another clause asks something: "I'M A DIRECTOR
 * AND NEVER READ IT - what did we learn", "give me the gist, I'M IN A RUSH", "WE'RE ON ELK AND IT COSTS A
 * FORTUNE, did they say anything about loki". A clause is about the asker when a scene word (lexicon: I,
 * we, our) opens it, after any small words that do not ask ("so we...", not "did we..."); so is what a
 * clause says the asker wants it for, from "for" and a scene word to the clause's end ("recap the
 * conference FOR MY EXEC UPDATE"), or in a question asking for an overview, "for" and a use of one within
 * PURPOSE_REACH words ("summarise the trip FOR THE AUDIT FILE", "tl;dr? need it FOR ROADMAP PLANNING")
 * or whom it goes to, "to" and a scene word ("takeaways I could pass up TO MY DIRECTORS"); so is a clause
 * that ends in "here" and asks nothing, the asker saying who they are ("DIRECTOR HERE - which event did
 * we send folks to?", "NEW JOINER HERE, ..."). These set the scene: their everyday words
 * the notes lack are how the asker came to ask, not what is asked (see CONFIDENCE.sceneShare). A message
 * that asks nothing else ("I'm in a rush", "I want to know about istio, thanks") has none.
 */
function sceneTerms(query: string, lexicon: CompiledLexicon, overview: boolean): ReadonlySet<string> {
  // Most questions are one clause with no "for": nothing to split.
  if (
    lexicon.scene.size === 0 ||
    (!CLAUSE_END.test(query) && !FOR.test(query) && !(overview && TO.test(query)))
  )
    return NO_TERMS;
  const setting: string[] = [];
  const asking = new Set<string>();
  for (const clause of query.split(CLAUSES)) {
    const words = plainWords(clause);
    const opening = words.findIndex(
      (w) => processTerm(w) !== null || lexicon.asking.has(w) || lexicon.scene.has(w),
    );
    // What the asker wants it for, to the clause's end: "recap the conference FOR MY EXEC UPDATE".
    // In a question asking for an overview, who it goes to, too: "takeaways I could pass up TO MY DIRECTORS".
    const purpose = words.findIndex(
      (w, i) =>
        (w === 'for' &&
          (lexicon.scene.has(words[i + 1] ?? '') ||
            (overview &&
              words.slice(i + 1, i + 1 + PURPOSE_REACH).some((u) => lexicon.overviewUses.has(u))))) ||
        (overview && w === 'to' && lexicon.scene.has(words[i + 1] ?? '')),
    );
    const introducing = words.at(-1) === 'here' && !words.some((w) => lexicon.asking.has(w));
    // A scene word right before a question word only stresses it ("JUST what did they say about logging").
    const opensScene =
      opening >= 0 &&
      lexicon.scene.has(words[opening] ?? '') &&
      !lexicon.asking.has(words[opening + 1] ?? '');
    const scene = introducing || opensScene ? 0 : purpose;
    const terms = (from: number, to: number) => termsOf(words.slice(from, to).join(' '));
    if (scene >= 0) setting.push(...terms(scene, words.length));
    for (const t of terms(0, scene >= 0 ? scene : words.length)) asking.add(t);
  }
  if (asking.size === 0) return NO_TERMS;
  const scene = new Set(setting.filter((t) => !asking.has(t)));
  return scene.size === 0 ? NO_TERMS : scene;
}

const NO_TERMS: ReadonlySet<string> = new Set();
/** How many words after "for" may name what an overview is for: "for THE QUARTERLY AUDIT". */
const PURPOSE_REACH = 3;
const CLAUSES = new RegExp(CLAUSE_END.source, 'gu');
const FOR = /\bfor\b/i;
const TO = /\bto\b/i;

/**
 * Whether a question asks who someone is: a phrase that asks it ("WHO GAVE the loki talk"), or a naming
 * word with a role it asks about: the role after it with only linking words between ("WHO was the
 * SPEAKER", "the NAME of the COLLEAGUE", "WHICH SPEAKER") and at most one word saying which ("the NAMES
 * of the 1&1 SPEAKERS", "WHO were the linkerd PRESENTERS"), or right before it ("the SPEAKER'S NAME"). A
 * verb between them asks something else of the role: "WHICH did the AUTHOR lean towards" asks what the
 * author chose; so does a role word used as a verb after the word saying which: "WHICH CITY HOSTED". "who
 * went" asks who took part ("myself and a colleague" answers it), and "who is the main contributor" may be
 * a company.
 */
function asksPerson(words: readonly string[], lexicon: CompiledLexicon): boolean {
  const { asks, roles, naming } = lexicon.people;
  if (asks.some((p) => containsRun(words, p))) return true;
  const isRole = (from: number, to: number) => {
    const stems = phraseStems(words.slice(from, to).join(' '));
    return roles.some((r) => r.length === stems.length && runAt(stems, 0, r));
  };
  for (let i = 0; i < words.length; i++) {
    if (!naming.has(words[i] ?? '')) continue;
    let after = i + 1;
    while (after < words.length && LINKING.has(words[after] ?? '')) after++;
    let before = i;
    while (before > 0 && LINKING.has(words[before - 1] ?? '')) before--;
    for (const r of roles) {
      if (
        isRole(after, after + r.length) ||
        (isRole(after + 1, after + 1 + r.length) && !VERB_FORM.test(words[after + r.length] ?? '')) ||
        (before >= r.length && isRole(before - r.length, before))
      )
        return true;
    }
  }
  return false;
}

/** A word in a verb's past or -ing form: "hosted", "hosting" (the role is a noun, "host"). */
const VERB_FORM = /(?:ed|ing)$/;

/** Words that link a naming word to the role it asks about: "who WAS THE speaker", "the name OF THE colleague", "the speaker'S name". */
const LINKING: ReadonlySet<string> = new Set(
  'is was were are be been s the a an of that this those these their his her its our my your'.split(' '),
);

/** Whether a run of stems contains a phrase's stems, next to each other and in order. */
export function containsRun(stems: readonly string[], phrase: readonly string[]): boolean {
  for (let i = 0; i + phrase.length <= stems.length; i++) if (runAt(stems, i, phrase)) return true;
  return false;
}

/** The words a phrase saying how long opens with: "IN 3 bullets", "AS two points", "IN short". */
const SAYING_HOW: ReadonlySet<string> = new Set(['in', 'as']);

/** Units of time a reply's length can be given in ("in 2 MINUTES"). */
const TIME_UNIT = /^(?:seconds?|minutes?)$/;

/** The counts that say one without a number: "a", "an". */
const A: ReadonlySet<string> = new Set(['a', 'an']);

/** Whether a word counts a reply's length: digits, or one of LENGTH_COUNTS. */
function isCount(word: string): boolean {
  return LENGTH_COUNTS.has(word) || /^\d+$/.test(word);
}

/** Counts a reply's length is given in, besides digits: "in TWO sentences", "in A FEW words", "in A line". */
const LENGTH_COUNTS: ReadonlySet<string> = new Set([
  'a',
  'an',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'few',
  'couple',
  'of',
  'several',
]);

/**
 * Where the question asks for a reply of a length (see Lexicon.replyLengths): "in" or "as", a count, and
 * what it counts ("in 3 BULLETS", "as a few bullet points", "in one line"), as the positions of its words.
 * Such a request names an overview, as "tl;dr" does; what it is of is said apart ("loki in two sentences").
 */
function replyLengthsAt(words: readonly string[], lengths: readonly (readonly string[])[]): number[][] {
  const found: number[][] = [];
  if (lengths.length === 0) return found;
  for (let i = 0; i + 2 < words.length; i++) {
    if (!SAYING_HOW.has(words[i] ?? '')) continue;
    let k = i + 1;
    while (k < words.length && isCount(words[k] ?? '')) k++;
    // A count must come before what it counts ("a" alone counts one: "in a sentence").
    if (!words.slice(i + 1, k).some((w) => w !== 'of')) continue;
    const length = lengths.find((l) => runAt(words, k, l));
    // "In a minute", "in a second": soon, not how long.
    const soon = TIME_UNIT.test(length?.join(' ') ?? '') && words.slice(i + 1, k).every((w) => A.has(w));
    if (length && !soon) found.push(Array.from({ length: k + length.length - i }, (_, j) => i + j));
  }
  return found;
}

/**
 * The overview phrases found, each with the size words right before it ("a QUICK rundown", "a BRIEF
 * recap"): they say how long, not what of (see neighbours), and are no subject.
 */
function sized(
  found: number[][],
  words: readonly string[],
  sizes: ReadonlySet<string>,
  units: ReadonlySet<string>,
): number[][] {
  // A length made one word with its count ("a 30-SECOND summary", "a TWO-MINUTE recap") says how long too.
  const counted = (i: number) => units.has(words[i] ?? '') && isCount(words[i - 1] ?? '');
  return found.map((at) => {
    let first = at[0] ?? 0;
    for (;;) {
      if (first > 0 && sizes.has(words[first - 1] ?? '')) first--;
      else if (first > 1 && counted(first - 1)) first -= 2;
      else break;
    }
    return first === at[0]
      ? at
      : [...Array.from({ length: (at[0] ?? 0) - first }, (_, j) => first + j), ...at];
  });
}

/**
 * Whether a phrase's words are the words from position i on. A plain loop: it runs for every lexicon
 * phrase at every position of every question, and a closure per try adds up.
 */
function runAt(words: readonly string[], i: number, phrase: readonly string[]): boolean {
  for (let k = 0; k < phrase.length; k++) if (words[i + k] !== phrase[k]) return false;
  return true;
}

/** Nothing found: one shared empty list rather than a new one per look-up. */
const NONE: readonly never[] = [];

/**
 * Whether a question asks for a kind of fact: it has one of the kind's words ("datadog PRICING"), or opens
 * with a phrase asking for it ("WHEN WILL the istio operator ship": a date), unless a word says it asks
 * something else ("when does it make SENSE to go multi-cloud": in which circumstances, not on what date;
 * "is istio WORTH the cost": a verdict, not a price).
 * The phrase is looked for in the words as read and as typed ("whens", read as "when", is one of them).
 */
function asksFor(
  kind: FactKind,
  words: readonly string[],
  typedWords: readonly string[],
  own: readonly TermGroup[],
): boolean {
  if (words.some((w) => kind.unless.has(w))) return false;
  if (own.some((g) => g.terms.some((t) => kind.terms.includes(t.term)))) return true;
  const opens = (p: readonly string[]) => runAt(words, 0, p) || runAt(typedWords, 0, p);
  return kind.askedBy.some(opens);
}

/**
 * The subjects either side of a comparison word ("jaeger VS zipkin", "loki versus elastic"): the nearest
 * own word before it and after it that is not a frame word, when both are names (not English, or a
 * subject the lexicon knows): "is it better to wait vs act now" compares no subjects. The comparison word
 * is found among the words as read (a misspelt "verus" is "versus"), the sides among the words as typed.
 * A word read as a misspelt function word is skipped, as frame words are ("linkerd vs WICH zipkin"), but
 * it may be a name the notes have ("cortex or THANOS", read "thanks"): the sides it would give are kept
 * too (ifTheirs), for the index to choose once it knows (see respell in search-index.ts).
 */
function comparedOf(
  words: readonly string[],
  typedWords: readonly string[],
  own: readonly TermGroup[],
  lexicon: CompiledLexicon,
): { readonly sides?: readonly [PlanTerm, PlanTerm]; readonly ifTheirs?: readonly [PlanTerm, PlanTerm] } {
  const strict = sidesOf(words, typedWords, own, lexicon, false);
  // Most questions have no word read as a misspelt function word: no second reading to make.
  const anyMisspelt = own.some((g) => g.terms.some((t) => t.misspelt === true));
  const lenient = anyMisspelt ? sidesOf(words, typedWords, own, lexicon, true) : undefined;
  const differs = lenient !== undefined && (lenient[0] !== strict?.[0] || lenient[1] !== strict?.[1]);
  return { ...(strict !== undefined && { sides: strict }), ...(differs && { ifTheirs: lenient }) };
}

/** comparedOf's sides, a word read as a misspelt function word skipped or taken as a name (misspelt). */
function sidesOf(
  words: readonly string[],
  typedWords: readonly string[],
  own: readonly TermGroup[],
  lexicon: CompiledLexicon,
  misspelt: boolean,
): readonly [PlanTerm, PlanTerm] | undefined {
  const foundAt = (phrase: readonly string[]) => {
    let at = 0;
    while (at < words.length && !runAt(words, at, phrase)) at++;
    return at < words.length ? at : -1;
  };
  // Made only once a comparison or pair word is found: few questions have one.
  let terms: PlanTerm[] | undefined;
  const ownTerms = () => {
    terms ??= own.flatMap((g) => g.terms);
    return terms;
  };
  const inConcept = (t: PlanTerm, at: number) =>
    lexicon.concepts.some((c) => c.at(at) === t.term && c.every((w) => ownTerms().some((x) => x.term === w)));
  // The nearest word that names something, from `from` towards `to` (excluded): frame words ("is istio
  // BETTER compared to") are skipped.
  const nearest = (from: number, to: number) => {
    const step = from <= to ? 1 : -1;
    for (let i = from; i !== to; i += step) {
      const t = ownTerms().find(
        (t) => (!t.frame || (misspelt && t.misspelt === true)) && fold(t.word) === typedWords[i],
      );
      if (t !== undefined) return t;
    }
    return undefined;
  };
  // Names only: "kubernetes today vs when it LAUNCHED", "multi-cloud vs STICKING with one" compare a
  // subject with a time or a choice, not two subjects the notes must both name.
  // A word opening or closing a name of several words the lexicon knows ("FLUENT bit", "ELASTIC stack",
  // "docker SWARM") is a name too.
  const names = (t: PlanTerm | undefined): t is PlanTerm =>
    t !== undefined && (t.field === true || !t.english || inConcept(t, 0) || inConcept(t, -1));
  for (const phrase of lexicon.comparison) {
    const at = foundAt(phrase);
    if (at < 0) continue;
    const before = nearest(at - 1, -1);
    const after = nearest(at + phrase.length, words.length);
    if (names(before) && names(after)) return [before, after];
  }
  // A pair word opens both sides ("the difference BETWEEN jaeger AND zipkin"): the nearest after it, and
  // the nearest after the "and" or "or" that follows.
  for (const phrase of lexicon.pairs) {
    const at = foundAt(phrase);
    if (at < 0) continue;
    const join = words.findIndex((w, i) => i > at + phrase.length && (w === 'and' || w === 'or'));
    if (join < 0) continue;
    const first = nearest(at + phrase.length, join);
    const second = nearest(join + 1, words.length);
    if (names(first) && names(second)) return [first, second];
  }
  return undefined;
}

/**
 * The action a request for instructions asks about: the word after a how-to phrase that starts the
 * question ("how do we MIGRATE from psp"), if it is an English word of the trade (PLAN_OPTIONS.actionRarity:
 * not "deal", "set", "handle", which say nothing of what is to be done), as its term; an everyday verb with
 * "up" ("how do i SET UP thanos", "how do we SPIN UP a cluster") says it with the two together, as a
 * phrase of stems with its small word. Neither for a name ("how do i istio") nor a frame word ("how do we
 * plan to").
 */
function howToAction(
  words: readonly string[],
  lexicon: CompiledLexicon,
): { readonly term?: string; readonly phrase?: string[] } {
  const howTo = lexicon.howTo.find((p) => runAt(words, 0, p));
  if (howTo === undefined) return {};
  // The verb, after any adverbs: "how do i ACTUALLY set up", "how do we PROPERLY roll out".
  let at = howTo.length;
  while (isAdverb(words[at] ?? '')) at++;
  const verb = words[at];
  if (verb === undefined || !isEnglish(verb)) return {};
  // A step verb ("how do i WRITE a rego policy", "how do we CHANGE the retention") names the step asked
  // for, however everyday it is, even one that frames other questions ("write" of "write-up").
  const step = lexicon.stepVerbs.has(verb) && words[at + 1] !== 'up';
  if (!step && isFrameWord(verb, lexicon.frameWords)) return {};
  if (step || rarity(verb) >= PLAN_OPTIONS.actionRarity) {
    const term = processTerm(verb);
    return term === null ? {} : { term };
  }
  return words[at + 1] === 'up' ? { phrase: phraseStems(`${verb} up`) } : {};
}

/**
 * Whether a word is an adverb of manner made with -ly from an English word ("actually", "properly",
 * "easily"); short words ending so are not, nor verbs in -ply ("apply", "comply", "supply").
 */
export function isAdverb(word: string): boolean {
  if (word.length < 6 || !word.endsWith('ly') || word.endsWith('ply')) return false;
  const stem = word.slice(0, -2);
  return isEnglish(stem) || (stem.endsWith('i') && isEnglish(`${stem.slice(0, -1)}y`));
}

/**
 * What an amount is asked of: the terms of the words after an amount phrase ("how much DISK do we use",
 * "how many GITHUB STARS"), at most PLAN_OPTIONS.countedWords of them and up to the first small word ("how
 * many of us" counts nothing the notes must name; "how many pull requests kubernetes gets" counts pull
 * requests), frame words left out ("how many TALKS": what the notes are).
 */
function countedOf(words: readonly string[], lexicon: CompiledLexicon): string[] {
  const counted: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const amount = lexicon.amounts.find((p) => runAt(words, i, p));
    if (amount === undefined) continue;
    for (const word of words.slice(i + amount.length, i + amount.length + PLAN_OPTIONS.countedWords)) {
      const term = processTerm(word);
      if (term === null) break;
      if (!isFrameWord(word, lexicon.frameWords)) counted.push(term);
    }
  }
  return counted;
}

/** The concepts all of whose terms the question contains, longest first, none inside a longer one. */
function namedConcepts(own: readonly TermGroup[], lexicon: CompiledLexicon): string[][] {
  const present = new Set<string>();
  for (const g of own) for (const t of g.terms) present.add(t.term);
  const named = conceptsStarting(lexicon.concepts, present)
    .filter((c) => c.every((t) => present.has(t)))
    .sort((a, b) => b.length - a.length);
  const outermost = named.filter(
    (c, i) => !named.slice(0, i).some((longer) => c.every((t) => longer.includes(t))),
  );
  return Array.from(outermost, (c) => [...c]);
}

/**
 * The concepts, in order, whose first term the question has: the only ones it can have whole. Found
 * through the concepts indexed by their first term once, rather than by trying each.
 */
function conceptsStarting(
  concepts: readonly (readonly string[])[],
  terms: ReadonlySet<string>,
): readonly (readonly string[])[] {
  let byFirst = FIRST_TERMS.get(concepts);
  if (byFirst === undefined) {
    byFirst = new Map();
    for (let i = 0; i < concepts.length; i++) {
      // A concept without terms (none is compiled so) is always there: under ''.
      const first = concepts[i]?.[0] ?? '';
      byFirst.set(first, [...(byFirst.get(first) ?? []), i]);
    }
    FIRST_TERMS.set(concepts, byFirst);
  }
  const found: number[] = [...(byFirst.get('') ?? NONE)];
  for (const term of terms) for (const i of byFirst.get(term) ?? NONE) found.push(i);
  // Most questions name no concept: nothing to sort.
  if (found.length === 0) return NONE;
  found.sort((a, b) => a - b);
  return Array.from(found, (i) => concepts[i] ?? []);
}

const FIRST_TERMS = new WeakMap<readonly (readonly string[])[], Map<string, number[]>>();

/**
 * The full forms of the abbreviations in the question. Their words say as much as the abbreviation
 * itself: "open policy agent" is as specific as "opa", though "open" and "agent" are everyday words.
 */
function abbreviations(subject: string, lexicon: CompiledLexicon): TermGroup[] {
  return plainWords(subject).flatMap((word) => {
    const full = lexicon.abbreviations.get(word) ?? pluralAbbreviation(word, lexicon);
    if (full === undefined || full.length === 0) return []; // most words are none
    const from = abbreviationTerm(word, lexicon);
    // A name of several words is as specific as its abbreviation ("opa": open policy agent); one word is
    // itself, shorthand or not ("yr": year, "prod": production).
    const specific = full.length >= 2 ? rarity(word) : 0;
    return from !== null
      ? [
          {
            origin: 'abbreviation' as const,
            weight: PLAN_OPTIONS.abbreviationWeight,
            terms: Array.from(full, (t) => ({
              ...t,
              rarity: Math.max(t.rarity, specific),
              baseRarity: Math.max(t.baseRarity, specific),
            })),
            from: [from],
            covers: true,
          },
        ]
      : [];
  });
}

/**
 * The terms with an abbreviation's plural read as the abbreviation ("CRDs": crd): the notes write "CRD",
 * and a stemmer leaves "crds" alone (no vowel before its "s").
 */
function singularAbbreviations(terms: PlanTerm[], lexicon: CompiledLexicon): PlanTerm[] {
  return terms.map((t) => {
    const term = abbreviationTerm(fold(t.word), lexicon);
    return term === null || term === t.term ? t : { ...t, term };
  });
}

/** A word's term, an abbreviation's plural as the abbreviation's ("crds": crd; see pluralAbbreviation). */
function abbreviationTerm(word: string, lexicon: CompiledLexicon): string | null {
  return !lexicon.abbreviations.has(word) && pluralAbbreviation(word, lexicon) !== undefined
    ? processTerm(word.slice(0, -1))
    : processTerm(word);
}

/**
 * The full words of an abbreviation's plural ("PSPs", "CRDs", "SLOs"): an abbreviation of three letters or
 * more with an "s", when that is no everyday English word. Two letters and an "s" are too often something
 * else ("cis", "lbs", "mls").
 */
function pluralAbbreviation(word: string, lexicon: CompiledLexicon): readonly PlanTerm[] | undefined {
  if (word.length < 4 || !word.endsWith('s') || rarity(word) < PLAN_OPTIONS.pluralAbbreviationRarity)
    return undefined;
  return lexicon.abbreviations.get(word.slice(0, -1));
}

/**
 * Related phrases, paraphrases and kinds' members of the lexicon entries whose words the question has
 * (its own words, or an abbreviation's full words: "tsdb" → time series database → prometheus). A group
 * stands in for the own terms that brought it in.
 */
function related(
  groups: readonly TermGroup[],
  words: readonly string[],
  lexicon: CompiledLexicon,
): TermGroup[] {
  const origin = new Map<string, readonly string[]>();
  for (const g of groups) for (const t of g.terms) if (!origin.has(t.term)) origin.set(t.term, g.from);
  const entries = entriesNeeding(lexicon.related, origin).filter(
    (r) => r.needs.every((t) => origin.has(t)) && r.small.every((w) => words.includes(w)),
  );
  // Most questions bring in no entry: nothing else to work out.
  if (entries.length === 0) return [];
  const termsFrom = (origins: readonly TermGroup['origin'][]) =>
    new Set(groups.filter((g) => origins.includes(g.origin)).flatMap((g) => g.terms.map((t) => t.term)));
  const ownTerms = termsFrom(['own']);
  // An abbreviation's full words are the question's words; a neighbour of them is two steps away.
  const meant = termsFrom(['own', 'abbreviation']);
  const { relatedWeight, relatedPhraseBonus, maxRelatedWeight } = PLAN_OPTIONS;
  const [typedOrder, fullOrder] = inOrder(groups);
  return (
    entries
      // A kind is a name, its words together in its order: "managed clusters" is not a "cluster manager",
      // nor "monitoring and insight into our systems" a "monitoring system" (stop words aside: "database OF
      // time series" is not one either).
      .filter(
        (r) =>
          !r.run || containsRun(typedOrder, r.needs) || (r.run === 'kind' && containsRun(fullOrder, r.needs)),
      )
      .flatMap((r) => {
        const weight =
          r.relation === 'paraphrase'
            ? PLAN_OPTIONS.paraphraseWeight
            : r.relation === 'kind'
              ? PLAN_OPTIONS.kindWeight
              : r.relation === 'abbreviation'
                ? PLAN_OPTIONS.abbreviationWeight
                : Math.min(maxRelatedWeight, relatedWeight + relatedPhraseBonus * (r.needs.length - 1));
        const from = [...new Set(r.needs.flatMap((t) => origin.get(t) ?? []))];
        const covers = r.needs.every((t) => (r.relation === 'related' ? ownTerms : meant).has(t));
        return (
          r.phrases
            // A related phrase made only of the question's words adds nothing; a paraphrase's or a kind's
            // still tells what its other words mean ("log aggregation" is logging: "aggregation" is not
            // missing; "tsdb for prometheus": the tsdb is prometheus).
            .filter(
              (terms) =>
                terms.length > 0 && (r.relation !== 'related' || !terms.every((t) => origin.has(t.term))),
            )
            .map((terms) => ({ origin: r.relation, weight, terms, from, covers }))
        );
      })
  );
}

/**
 * The lexicon's related entries, in order, whose first needed term the question has: the only ones whose
 * needs it can have. Found through the entries indexed by that term once, rather than by trying each.
 */
function entriesNeeding(
  entries: CompiledLexicon['related'],
  terms: ReadonlyMap<string, unknown>,
): CompiledLexicon['related'] {
  let byFirst = FIRST_NEEDS.get(entries);
  if (byFirst === undefined) {
    byFirst = new Map();
    for (let i = 0; i < entries.length; i++) {
      // An entry that needs nothing (none is compiled so) is always there: under ''.
      const first = entries[i]?.needs[0] ?? '';
      byFirst.set(first, [...(byFirst.get(first) ?? []), i]);
    }
    FIRST_NEEDS.set(entries, byFirst);
  }
  const found: number[] = [...(byFirst.get('') ?? NONE)];
  for (const term of terms.keys()) for (const i of byFirst.get(term) ?? NONE) found.push(i);
  // Most questions bring in no entry: nothing to sort.
  if (found.length === 0) return NONE;
  return found.sort((a, b) => a - b).flatMap((i) => entries[i] ?? []);
}

const FIRST_NEEDS = new WeakMap<CompiledLexicon['related'], Map<string, number[]>>();

/**
 * The question's terms in its order, twice: as typed, and with an abbreviation's full words where the
 * abbreviation stands ("time series DB" is "time series DATABASE").
 */
function inOrder(groups: readonly TermGroup[]): [string[], string[]] {
  const full = new Map(
    groups.filter((g) => g.origin === 'abbreviation').map((g) => [g.from[0], g.terms.map((t) => t.term)]),
  );
  const own = groups.filter((g) => g.origin === 'own').flatMap((g) => g.terms.map((t) => t.term));
  return [own, own.flatMap((term) => full.get(term) ?? [term])];
}

/**
 * Where each phrase occurs in the words, in order, other words allowed in between ("who from our side
 * went" has "who went") and in any inflection ("why did we bother SENDING people" has "why send"), as
 * the positions of its words.
 */
function findPhrases(words: readonly string[], phrases: readonly (readonly string[])[]): number[][] {
  const { bases, anyBase } = basesOf(words);
  const somewhere = (w: string) =>
    words.includes(w) || (w.length >= 4 && baseWords(w).some((b) => anyBase.has(b)));
  const found: number[][] = [];
  for (const phrase of candidates(phrases, words, anyBase)) {
    // Most phrases have a word the question has nowhere: no need to look for their order.
    if (phrase.length === 0 || !phrase.every(somewhere)) continue;
    const at: number[] = [];
    // Each word of the phrase at the first place after the last one's that has it.
    let k = -1;
    for (const w of phrase) {
      k++;
      while (k < words.length && words[k] !== w && !sharesBase(w, bases[k] ?? NONE)) k++;
      if (k === words.length) break;
      at.push(k);
    }
    if (at.length === phrase.length) found.push(at);
  }
  return found;
}

/**
 * Whether a word shares a base form with a word of the given base forms: two forms of one word do
 * ("attending", "attended": attend). A short word never does: it matches only as it is. A loop, not
 * `.some`: it is asked for every phrase word at every position.
 */
function sharesBase(w: string, forms: readonly string[]): boolean {
  if (w.length < 4) return false;
  for (const b of baseWords(w)) if (forms.includes(b)) return true;
  return false;
}

/**
 * Each word's base forms, and all of them: worked out once for a question's words (findPhrases is asked
 * for each kind of intent phrase with the same words).
 */
function basesOf(words: readonly string[]): {
  readonly bases: readonly (readonly string[])[];
  readonly anyBase: ReadonlySet<string>;
} {
  if (LAST_BASES.words === words) return LAST_BASES;
  const bases = Array.from(words, baseWords);
  const anyBase = new Set<string>();
  for (const forms of bases) for (const b of forms) anyBase.add(b);
  LAST_BASES = { words, bases, anyBase };
  return LAST_BASES;
}

let LAST_BASES: {
  readonly words: readonly string[];
  readonly bases: readonly (readonly string[])[];
  readonly anyBase: ReadonlySet<string>;
} = { words: [], bases: [], anyBase: new Set() };

/**
 * The phrases, in order, whose first word the question has somewhere (as findPhrases's `somewhere` reads
 * it: as written for a short word, else by a base form): the only ones that can occur in it. Found through
 * each phrase list's first words, indexed once, rather than by trying every phrase.
 */
function candidates(
  phrases: readonly (readonly string[])[],
  words: readonly string[],
  anyBase: ReadonlySet<string>,
): readonly (readonly string[])[] {
  let index = FIRST_WORDS.get(phrases);
  if (index === undefined) {
    index = { short: new Map(), long: new Map() };
    for (let i = 0; i < phrases.length; i++) {
      const first = phrases[i]?.[0];
      if (first === undefined) continue; // an empty phrase is never found
      const keys = first.length >= 4 ? baseWords(first) : [first];
      const by = first.length >= 4 ? index.long : index.short;
      for (const key of keys) by.set(key, [...(by.get(key) ?? []), i]);
    }
    FIRST_WORDS.set(phrases, index);
  }
  // Most lists have no phrase starting with any of the question's words: nothing to sort.
  const found: number[] = [];
  for (const w of words) for (const i of index.short.get(w) ?? NONE) found.push(i);
  for (const b of anyBase) for (const i of index.long.get(b) ?? NONE) found.push(i);
  if (found.length === 0) return NONE;
  found.sort((a, b) => a - b);
  const phrasesFound: (readonly string[])[] = [];
  // In order, each once (a phrase may be found by several words).
  for (let k = 0; k < found.length; k++)
    if (found[k] !== found[k - 1]) phrasesFound.push(phrases[found[k] ?? 0] ?? []);
  return phrasesFound;
}

/** Each phrase list's phrases by their first word (a short one) or its base forms (a longer one). */
const FIRST_WORDS = new WeakMap<
  readonly (readonly string[])[],
  { short: Map<string, number[]>; long: Map<string, number[]> }
>();

/**
 * The positions of the words a question sets aside: from an except phrase to the end of its clause (a
 * comma, a full stop) or to the next word that starts a question ("apart from istio WHAT did they think
 * of linkerd").
 */
function setAside(
  query: string,
  words: readonly string[],
  phrases: readonly (readonly string[])[],
): Set<number> {
  const aside = new Set<number>();
  if (phrases.length === 0) return aside;
  let ends: Set<number> | undefined; // worked out when a phrase is found (few questions have one)
  for (let i = 0; i < words.length; i++) {
    const phrase = phrases.find((p) => runAt(words, i, p));
    if (phrase === undefined) continue;
    ends ??= clauseStarts(query);
    let end = i + phrase.length;
    while (end < words.length && !ends.has(end) && !QUESTION_STARTS.has(words[end] ?? '')) end++;
    for (let k = i; k < end; k++) aside.add(k);
    i = end - 1;
  }
  return aside;
}

/** Words that ask for whatever is not set aside. */
const THE_REST: ReadonlySet<string> = new Set(['anything', 'something', 'else', 'other', 'others', 'more']);

/**
 * What is set aside, when the question asks something besides it: "what's BEYOND PROMETHEUS FOR LONG TERM
 * STORAGE" sets nothing aside, as nothing would be left to ask about; "what else did they go to BESIDES
 * MESH" still asks what else.
 */
function askedBesides(words: readonly string[], aside: Set<number>, lexicon: CompiledLexicon): Set<number> {
  if (aside.size === 0) return aside;
  const left = words.filter((_, i) => !aside.has(i));
  // Something left to ask: a word of a subject, the rest ("ANYTHING besides the price", "what ELSE"), or
  // an intent ("WHAT ELSE DID they go to besides…").
  if (left.some((w) => processTerm(w) !== null || THE_REST.has(w))) return aside;
  const { overview, trip, verdict, reading, event, others } = lexicon;
  const intents = [overview, trip, verdict, reading, event, others];
  return intents.some((phrases) => findPhrases(left, phrases).length > 0) ? aside : new Set();
}

/** Words that start a question (or a clause of one): what is set aside ends before them. */
const QUESTION_STARTS = new Set(
  'what how why when where who which is are was were do does did can could should would will has have'.split(
    ' ',
  ),
);

/** The positions (in plainWords) of the first word of each clause after the first: after , ; : ! ? or a full stop. */
function clauseStarts(query: string): Set<number> {
  const starts = new Set<number>();
  let count = 0;
  for (const clause of query.split(/[,;:!?]|\.(?!\d)/)) {
    count += plainWords(clause).length;
    starts.add(count);
  }
  return starts;
}

/** The words between the first and last word of each span, the spans' own words left out. */
function wordsWithin(query: string, spans: readonly number[][]): Set<string> {
  const shown = plainWords(query);
  const within = new Set<string>();
  for (const at of spans) {
    const last = at.at(-1) ?? 0;
    for (let i = (at[0] ?? 0) + 1; i < last; i++) if (!at.includes(i)) within.add(shown[i] ?? '');
  }
  return within;
}

/** The question without the words at the given positions (intent phrases are not its subject). */
function removeSpans(query: string, spans: readonly number[][]): string {
  if (spans.length === 0) return query;
  const taken = new Set(spans.flat());
  return plainWords(query)
    .filter((_, i) => !taken.has(i))
    .join(' ');
}
