import type { KnownBlock } from '@slack/types';
import type { KnowledgeError } from './errors.js';

/**
 * The domain words of kubecon-bot, each defined once. Everything else implements exactly these.
 */

/** A link found in a note. A **talk** is a recording of a conference talk; anything else is a reference. */
export interface Link {
  readonly kind: 'talk' | 'reference';
  /** Human title: for a talk, derived from its link text and sentence ("Linkerd talk"); else the link text. */
  readonly title: string;
  readonly url: string;
}

/**
 * A **passage**: one top-level block of a section's own text (a paragraph, a list, a quote, a code block),
 * the unit an excerpt is cut from. `text` is plain text for matching; `mrkdwn` is Slack mrkdwn for display.
 */
export interface Passage {
  readonly text: string;
  readonly mrkdwn: string;
}

/**
 * A **section**: a heading plus everything up to the next heading of the same or shallower depth.
 * Text before a note's first heading belongs to the note's title section (depth 0).
 * A section's *own text* (its passages) stops at its first subsection; subsections are sections too.
 */
export interface Section {
  /** Stable id: `<note id>#<slug of heading path>`. */
  readonly id: string;
  readonly noteId: string;
  readonly heading: string;
  /** Headings from the note's top down to this one, e.g. `['Observability', '1. Prometheus at Scale']`. */
  readonly path: readonly string[];
  readonly depth: number;
  /** 1-based line of the heading in the note's file (of the body start for the title section). */
  readonly line: number;
  readonly passages: readonly Passage[];
  /** Plain text of the section's own text, for indexing. */
  readonly text: string;
  readonly links: readonly Link[];
  /** Ids of the topics this section is about. */
  readonly topics: readonly string[];
  /** Ids of the direct subsections. */
  readonly children: readonly string[];
  /**
   * Same for near-duplicates: sections whose heading and text are equal once case, digits and spacing are
   * ignored (the same page in several versions of a docs site). Answers show one of them.
   */
  readonly fingerprint: string;
}

/** A **note**: one markdown file of the knowledge folder, with validated frontmatter. */
export interface Note {
  /** Path relative to the knowledge folder, without `.md`: `kubecon-2019-barcelona`. */
  readonly id: string;
  readonly file: string;
  readonly title: string;
  readonly event?: string;
  readonly location?: string;
  /** When the knowledge is from: the event's first day, or the note's date (`YYYY-MM-DD`). */
  readonly date?: string;
  readonly url?: string;
  readonly author?: string;
  readonly topics: readonly string[];
  readonly sections: readonly Section[];
}

/** A **topic**: a subject people ask about, with the words that mean it. */
export interface Topic {
  readonly id: string;
  readonly label: string;
  readonly aliases: readonly string[];
}

/** A **tip**: a short, self-contained lesson tied to a section (and its talk, where there is one). */
export interface Tip {
  readonly id: string;
  readonly sectionId: string;
  readonly text: string;
  readonly talk?: Link;
  /** True when written by the team, false when derived from the section's best passage. */
  readonly curated: boolean;
}

/**
 * The **rotation**: the order daily tips are posted in. Every tip once, in a shuffled order, before any
 * tip repeats; then a new shuffled cycle.
 */
export interface Rotation {
  /** Tip ids of the current cycle, in posting order. */
  readonly order: readonly string[];
  /** How many of them were posted. */
  readonly posted: number;
  /** Cycles completed so far. */
  readonly cycle: number;
}

/** The **clock**: what time it is. The core never reads it; the edges pass the time in. */
export type Clock = () => Date;

/** What else gives a kind of fact than its words (knowledge/lexicon.yml, `given_by`). */
export const GIVEN_BY_KINDS = ['version numbers', 'years', 'durations'] as const;
export type GivenBy = (typeof GIVEN_BY_KINDS)[number];

/**
 * The **lexicon**: words of the field that questions use and notes may not. An **abbreviation** stands for
 * its full words; a **related** entry widens a question containing all of `term`'s words with `related`
 * phrases, at less weight than the question's own words; a **paraphrase** says a subject in everyday words
 * (the phrases it `means` stand for its words, and found make them known); a **kind** names a kind of thing
 * whose `members` a note may cover (a question on the kind is about them); an **intent** phrase asks for something other
 * than a subject (`overview`: the whole note; `trip`: the trip itself; `verdict`: its conclusion; `reading`: where to
 * read more, its further-reading section; `event`: when or where the event was, asked with nothing else; `others`: what
 * else the author went to, answered by the section that mentions other talks); **question words** start a
 * follow-up ("and", "why", "what about"); **pointing words** refer back to the thread ("it", "they");
 * **frame words** frame a question without being its subject ("adopt", "ready", "worth").
 */
export interface Lexicon {
  readonly abbreviations: readonly { readonly short: string; readonly full: string }[];
  readonly related: readonly { readonly term: string; readonly related: readonly string[] }[];
  /** Everyday words for a subject: a question with all of `term`'s words means the `means` phrases. */
  readonly paraphrases: readonly { readonly term: string; readonly means: readonly string[] }[];
  /**
   * Kinds of thing and things of that kind ("time series database": prometheus, m3): a question about the
   * kind is answered by a note on one of them; never the other way round.
   */
  readonly kinds: readonly { readonly kind: string; readonly members: readonly string[] }[];
  readonly intents: {
    readonly overview: readonly string[];
    readonly trip: readonly string[];
    readonly verdict: readonly string[];
    readonly reading: readonly string[];
    readonly event: readonly string[];
    /** What else the notes' author went to: "other talks", "what else did they see". */
    readonly others: readonly string[];
  };
  /** Headings of a note's further-reading section ("more detail", "further reading"): where a reading question is answered. */
  readonly readingHeadings: readonly string[];
  /** Headings of a note's concluding section ("wrap up", "conclusion"): where a verdict question is answered. */
  readonly conclusionHeadings: readonly string[];
  /** Words that open a conclusion's summing-up ("all in all", "overall"): a verdict's excerpt starts there. */
  readonly conclusionOpeners: readonly string[];
  readonly questionWords: readonly string[];
  readonly pointingWords: readonly string[];
  readonly frameWords: readonly string[];
  /**
   * Words for an event ("conference", "summit"): in a trip question, the word right before one says which
   * event ("that big CONTAINER conference"), not what the trip was about.
   */
  readonly eventWords: readonly string[];
  /**
   * Words that, right before an event word or a name of the notes' event, name another edition of it
   * ("the FIRST kubecon", "the NEXT conference"): a trip question about that one is not about the notes'.
   */
  readonly otherEditions: readonly string[];
  /** Phrases that start a request for instructions ("how do i", "how to"): the action after them must be answered. */
  readonly howTo: readonly string[];
  /**
   * Everyday verbs that name a hands-on step after a how-to phrase ("how do i WRITE a rego policy"): the
   * section must name the step, as it must a verb of the trade ("enable", "install").
   */
  readonly stepVerbs: readonly string[];
  /**
   * Phrases that ask for an amount of what follows them ("how much", "how many"): a section must name
   * that thing ("how much DISK does prometheus use").
   */
  readonly amounts: readonly string[];
  /** Phrases that set aside what follows ("besides", "apart from"): those words are not the subject. */
  readonly except: readonly string[];
  /** Words that set two subjects against each other ("loki VS elastic"): a section must name both. */
  readonly comparison: readonly string[];
  /**
   * Words that open two subjects joined by "and" or "or" ("the difference BETWEEN jaeger and zipkin"):
   * set against each other as by a comparison word.
   */
  readonly pairs: readonly string[];
  /**
   * Words that start a clause about the asker ("I'M in a rush", "WE are on ELK and it costs a fortune"):
   * in a question with another clause that asks, such a clause sets the scene, and its everyday words the
   * notes lack do not count against an answer.
   */
  readonly scene: readonly string[];
  /**
   * Words that say how long an overview should be: right before an overview's name they are part of the
   * request ("a QUICK rundown", "a ROUGH recap"), not what it is of.
   */
  readonly overviewSizes: readonly string[];
  /**
   * What an overview can be for, a document, an occasion or its readers ("for the NEWSLETTER", "for
   * my STANDUP"): "for" and one of these say what the asker wants it for, not what it is of.
   */
  readonly overviewUses: readonly string[];
  /**
   * What a reply's length is counted in: "in" (or "as"), a count and one of these ask for an overview that
   * long ("in 3 BULLETS", "in two SENTENCES", "as a few BULLET POINTS", "in a LINE").
   */
  readonly replyLengths: readonly string[];
  /** Phrases that ask for steps wherever they stand ("step by step", "install"): a section must have them. */
  readonly instructions: readonly string[];
  /**
   * Phrases that ask for more of a subject than that it came up ("what EXACTLY were the failure scenarios",
   * "HOW DOES the autoscaling WORK", "what did the ingress talk CONCLUDE"): a section that only names the
   * subject as one short item of a list has nothing more to give.
   */
  readonly details: readonly string[];
  /**
   * Phrases that ask what something is called ("what's the NAME OF the merged project", "WHAT was it
   * CALLED"): only a section that names something the question doesn't answers them.
   */
  readonly nameAsks: readonly string[];
  /**
   * Questions that ask who someone is: phrases that ask it wherever they stand ("who gave"), and roles
   * asked about with a naming word ("WHO was the SPEAKER", "the NAME of the COLLEAGUE"). Only a section
   * naming a person answers them.
   */
  readonly people: {
    readonly asks: readonly string[];
    readonly roles: readonly string[];
    readonly naming: readonly string[];
  };
  /**
   * Kinds of fact a question can ask for (a price) and the words of each, one word each: only
   * a section with a word of the kind answers a question that has one, or, for a kind given by
   * version numbers, years or durations, a section with one (1.0, v1.14; 2019; 45 days).
   */
  readonly facts: readonly {
    readonly kind: string;
    readonly words: readonly string[];
    readonly givenBy?: GivenBy;
    /** Phrases opening a question that ask for the fact too ("WHEN WILL istio ship" asks for a date). */
    readonly askedBy?: readonly string[];
    /** Words that make a question opened so ask something else ("when does it make SENSE"). */
    readonly unless?: readonly string[];
  }[];
}

/** The **knowledge**: every note, topic and tip of the knowledge folder, loaded and checked. */
export interface Knowledge {
  /** A hash of every file's content: changes when, and only when, the knowledge changes. */
  readonly version: string;
  readonly notes: readonly Note[];
  readonly topics: readonly Topic[];
  readonly tips: readonly Tip[];
  readonly lexicon: Lexicon;
  readonly sections: ReadonlyMap<string, Section>;
  /** Note files rejected (`file:line: reason`): left out, or served in their last good version. */
  readonly rejected?: readonly KnowledgeError[];
}

/** A **hit**: one section the search ranked for a query, with the query terms it matched. */
export interface Hit {
  readonly section: Section;
  readonly score: number;
  /** Index terms (after stemming) that this section matched. */
  readonly matchedTerms: readonly string[];
  /** How strongly the section is about the question (see search-index.ts); 0 when not searched. */
  readonly evidence: number;
}

/** One result of an answer: a hit made presentable. */
export interface AnswerResult {
  readonly sectionId: string;
  /** How many near-identical sections (other versions of the same page) this result stands for. */
  readonly copies: number;
  readonly heading: string;
  readonly path: string;
  readonly score: number;
  /** The best passage(s) for this query in Slack mrkdwn, query words in bold, cut at a sentence. */
  readonly excerpt: string;
  readonly topics: readonly string[];
  readonly talks: readonly Link[];
  readonly links: readonly Link[];
  readonly source: {
    readonly title: string;
    readonly url?: string;
    /** Where and when the knowledge is from, e.g. "KubeCon + CloudNativeCon Europe 2019, May 2019". */
    readonly when?: string;
  };
}

/** One note in an **overview**: what it is, when, its themes, and its sections to open. */
export interface OverviewNote {
  readonly noteId: string;
  readonly title: string;
  readonly when?: string;
  readonly url?: string;
  /** Topic labels of the note (its frontmatter topics, else its sections' topics). */
  readonly themes: readonly string[];
  /** The note's first lines, for the one-line description. */
  readonly summary: string;
  readonly sections: readonly { readonly id: string; readonly heading: string }[];
}

/**
 * An **answer**: what the bot says to a query. Declined answers have no results and offer
 * suggestions (the closest topics, or a "did you mean") instead.
 */
export interface Answer {
  /** The query as searched: Slack markup removed, whitespace folded, at most MAX_QUERY_LENGTH characters. */
  readonly query: string;
  /**
   * `sections`: results are sections about the question; `overview`: the question asked for the whole of
   * the knowledge (highlights, summary), answered with the notes and their sections; `declined`: none.
   */
  readonly kind: 'sections' | 'overview' | 'declined';
  readonly declined: boolean;
  /** For an overview: the notes it covers (one, or several to choose from). */
  readonly overview?: readonly OverviewNote[];
  /** The earlier question of the thread, when this one was read together with it. */
  readonly readWith?: string;
  /** When declined because a word looks like a typo of a known word: that word ("linkerd"). */
  readonly didYouMean?: string;
  /**
   * When declined though every word of the question is in the notes ("policy"): they touch on it, but no
   * section answers it clearly, so "nothing about it" would be untrue.
   */
  readonly mentioned?: boolean;
  /** With didYouMean: the question with the typo corrected, to ask again with one click. */
  readonly corrected?: string;
  readonly results: readonly AnswerResult[];
  /** When declined: topic labels (or a "did you mean" word) worth asking about instead. */
  readonly suggestions: readonly string[];
  /** Something the asker should know about how the question was read (it was shortened, it was empty). */
  readonly notice?: string;
}

/** A Slack message: the `text` fallback and Block Kit blocks. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly KnownBlock[];
}
