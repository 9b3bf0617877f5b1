import { isAdverb, type PlanTerm, plainWords } from '../search/query-plan.js';
import {
  matchQuality as quality,
  type SearchIndex,
  type SearchOutcome,
  sectionGivesFacts,
} from '../search/search-index.js';
import { fold, indexTokenize, processTerm, tokenize } from '../search/terms.js';
import type { Answer, AnswerResult, Hit, Knowledge, Note, OverviewNote, Section } from '../types.js';
import { NOTICES, OVERVIEW_TEXT } from './copy.js';
import { excerpt } from './excerpt.js';
import { normalizeQuery, searchText } from './query.js';

/**
 * From a question to an answer: search, apply the confidence rule, and make each hit presentable.
 * Broad questions ("highlights") get an overview, questions about the trip get the note's introduction,
 * thin follow-ups ("is it production ready?") are read with the thread's earlier question.
 */

export const ANSWER_OPTIONS = {
  /** Results an answer offers (the first, then Next result… through the others). */
  maxResults: 5,
  /** Results after the first must have at least this share of the top result's evidence. */
  relatedShare: 0.5,
  /** Topics a decline suggests (the text and the buttons offer the same ones). */
  maxSuggestions: 5,
  /** Talks shown under an answer, as buttons. */
  maxTalks: 5,
  /**
   * A follow-up is read with the thread's earlier question only if it names nothing the knowledge lacks
   * (the unknown mass of its names, see search-index.ts, is under this): "is it ready?" and "is that
   * wise?" yes, "did they cover mtls?" no.
   */
  maxFollowUpUnknown: 0.5,
  /**
   * An overview, trip, verdict or reading question is answered as such only when every other word it has is in the
   * notes, a frame word or a name of the notes: one word the notes lack, however everyday ("lunch" in
   * "what should we do for lunch", "hotel" in "was the hotel worth it", "san diego"), and it is about
   * something else. Trades broad questions with a stray word declined against chatter answered.
   */
  maxIntentUnknown: 0.05,
  /**
   * …except a question that names the overview ("gist", "recap", "highlights", "exec summary"): everyday
   * words the notes lack up to this much (about one) say what it is for ("for a SLIDE", "my BOSS wants");
   * a name the notes lack still makes it about something else. Trades chatty requests for an overview
   * answered against everyday chatter that happens to use such a word.
   */
  maxOverviewUnknown: 0.5,
  /**
   * A word at least this rare (see english.ts) names a subject: an overview or trip question that has one
   * ("highlights of the service mesh talks") gets that subject's sections, one that doesn't gets the intent.
   */
  subjectRarity: 0.5,
  /** How many words after "other" a section may name what it has others of ("other really interesting specialist tracks"). */
  otherReach: 5,
  /** An overview's one-line description of a note: its first sentence, if it has this many characters… */
  summaryMin: 40,
  /** …and at most this many (cut there when the first sentence is longer). */
  summaryMax: 240,
} as const;

export interface AskOptions {
  /** The thread's earlier question: a follow-up too thin to stand alone is read with it. */
  readonly context?: string;
  /**
   * False: results without their excerpt (empty), for scoring rankings (evaluate.ts reads only the
   * headings); cutting and bolding the excerpts was a tenth of `eval`'s time answering.
   */
  readonly excerpts?: boolean;
}

/** Answers a question from the index; declines (with suggestions) when nothing matches well enough. */
export function answerQuestion(index: SearchIndex, raw: string, options: AskOptions = {}): Answer {
  const { query, truncated } = normalizeQuery(raw);
  const notice = truncated ? { notice: NOTICES.truncated } : {};
  const outcome = index.search(searchText(query));
  const { plan } = outcome;
  const context = options.context === undefined ? '' : normalizeQuery(options.context).query;
  const followUp = context !== '' && outcome.unknownNames < ANSWER_OPTIONS.maxFollowUpUnknown;
  const together =
    followUp && (plan.pointing || !outcome.confident) && plan.questionLike
      ? index.search(searchText(`${context} ${query}`))
      : undefined;
  if (together?.confident && (plan.pointing || !outcome.confident))
    return { ...sectionsAnswer(index, query, together, options), readWith: context, ...notice };
  // Intents are no answer to a question naming something the notes lack, nor to one asking who someone is
  // ("the colleague who went with you"): only a section naming a person answers that (the search's rule).
  const noIntent =
    outcome.unknown >=
      (namesOverview(outcome) ? ANSWER_OPTIONS.maxOverviewUnknown : ANSWER_OPTIONS.maxIntentUnknown) ||
    outcome.unknownNames >= ANSWER_OPTIONS.maxIntentUnknown ||
    plan.asksPerson;
  // A broad or trip question whose other words are everyday ones ("why did we send people to kubecon
  // in the first place") asks the intent, whatever section those words happen to match.
  const intentOnly = !noIntent && !namesSubject(index, outcome);
  const { verdict, reading, event, others } = plan.intents;
  // When or where the event was, asking of nothing but the notes' own names and frame words ("when was
  // kubecon barcelona", "where was the conference"), is a trip question; "when was kubernetes 1.0" and
  // "when was the party" are not.
  // Another edition of the event ("when was the FIRST kubecon held", "where is the NEXT conference") is not
  // the one the notes went to: their introduction gives that one's dates and place only.
  const otherEdition = [...plan.afterOtherEdition].some(
    (w) => index.lexicon.eventWords.has(w) || index.identity.has(processTerm(w) ?? ''),
  );
  const trip =
    !otherEdition && (plan.intents.trip || (event && !noIntent && asksNothingElse(index, outcome)));
  // A question that only names the notes, asking nothing else of them ("kubecon barcelona"), asks for
  // them: the overview.
  const overview =
    plan.intents.overview ||
    (!(trip || event || verdict || reading || others) && onlyNamesNotes(index, outcome));
  if (outcome.confident && !(intentOnly && (overview || trip || verdict || reading || others)))
    return { ...sectionsAnswer(index, query, outcome, options), ...notice };
  // An overview request naming a subject no section answers well ("jaeger vs zipkin recommendation")
  // asks for that subject's section, not the whole trip's.
  if (overview && intentOnly) return { ...overviewAnswer(index.knowledge, query, outcome), ...notice };
  // A trip question asking a count or a fact of a subject the introduction doesn't name ("how many CLUSTERS
  // do we run", "what istio VERSION do we run") asks what the introduction doesn't say. Naming no subject,
  // it asks the trip, unless the fact is one the introduction doesn't give ("where was it and what was
  // the ticket PRICE"); a year it gives by the note's date ("WHEN WAS the trip").
  const beyondTrip = intentOnly
    ? !introGivesFacts(index, outcome)
    : plan.counted.length > 0 || plan.facts.length > 0;
  if (trip && !noIntent && !beyondTrip) return { ...tripAnswer(index.knowledge, query, outcome), ...notice };
  if (others && !noIntent && (intentOnly || asksNothingElse(index, outcome)))
    return { ...othersAnswer(index, query, outcome), ...notice };
  const { conclusionHeadings, readingHeadings } = index.lexicon;
  if (verdict && !noIntent) return { ...headedAnswer(index, query, outcome, conclusionHeadings), ...notice };
  // Reading about something ("more info on the party") is reading that subject's section, if any; a
  // request for reading whose other words are everyday ones ("link to the LONGER posts", "the author's
  // PERSONAL blog") describes the reading, and gets the further-reading section.
  if (reading && !noIntent && (asksNothingElse(index, outcome) || (intentOnly && !plan.readsAbout)))
    return { ...headedAnswer(index, query, outcome, readingHeadings), ...notice };
  const empty = outcome.terms.length === 0 && outcome.plan.expansions.length === 0;
  // Every word found as written and one of them names a subject ("policy", a word of a topic's name): the
  // notes touch on it, and saying they have nothing about it would be untrue.
  const mentioned =
    outcome.unknown === 0 &&
    foundAsWritten(outcome) &&
    (namesSubject(index, outcome) || namesTopicWord(index.knowledge, outcome));
  return {
    ...declined(index.knowledge, query, outcome),
    ...(mentioned && { mentioned }),
    ...(empty ? { notice: NOTICES.empty } : notice),
  };
}

/**
 * Whether the question names the overview it asks for ("a quick RECAP for a slide", "boss wants the
 * GIST", "ACTION ITEMS across all the talks"), not saying what of with a word the notes lack
 * ("restaurant recommendations", "recommendations for lunch").
 */
function namesOverview({ plan, unmatched }: SearchOutcome): boolean {
  if (!plan.intents.namedOverview) return false;
  // A frame word is never what of ("the REPORT in 3 bullets").
  const framing = plan.own.flatMap((g) => g.terms.filter((t) => t.frame).map((t) => fold(t.word)));
  return !unmatched.some(
    (w) => plan.intents.overviewNeighbours.includes(fold(w)) && !framing.includes(fold(w)),
  );
}

/** Whether every word besides the intent frames the question or names the notes ("links to the kubecon writeups"). */
function asksNothingElse(index: SearchIndex, outcome: SearchOutcome): boolean {
  return outcome.plan.own.every((g) => g.terms.every((t) => t.frame || index.identity.has(t.term)));
}

/** Whether the question names the notes and asks nothing else of them ("kubecon barcelona"). */
function onlyNamesNotes(index: SearchIndex, outcome: SearchOutcome): boolean {
  return (
    outcome.plan.own.some((g) => g.terms.some((t) => index.identity.has(t.term))) &&
    asksNothingElse(index, outcome)
  );
}

/**
 * Whether the question names a subject: a word it has that English rarely uses, not a frame word, not an
 * adverb (how, never what: "how HEAVILY do we use kubernetes" asks the trip), not
 * an everyday one about the asker, or one the notes lack (a scene word: "recap it for my EXEC update";
 * "our team uses LINKERD, any recommendations" still names linkerd), not an everyday word the notes lack
 * (no section answers for it: "a summary of the conference FINDINGS"), not one asking for a kind of fact
 * ("the tl;dr VERSION"), not a word that names the notes themselves ("barcelona" in "why did we send people to kubecon barcelona")
 * and not one of their author's ("platform" in "why did the PLATFORM team go to kubecon", when the
 * notes are JL&P platform engineering's, written out or abbreviated, "platform ENG": who went, not what
 * about), or a kind or abbreviation whose words the top hit has whole ("what POLICY ENGINE did they
 * recommend": gatekeeper).
 */
function namesSubject(index: SearchIndex, outcome: SearchOutcome): boolean {
  const top = outcome.hits[0]?.matchedTerms ?? [];
  const { authors } = lookups(index.knowledge);
  const introduced = introducedTerms(index, outcome);
  const author = (term: string) => authors.has(term) || inFull(outcome, term, authors);
  const notSubject = (term: string) => author(term) || introduced.has(term);
  return (
    outcome.plan.own.some((g) =>
      g.terms.some(
        (t) =>
          !t.frame &&
          !isAdverb(t.word) &&
          !(t.scene === true && (outcome.unmatched.includes(t.word) || (t.english && !t.field))) &&
          !(outcome.unmatched.includes(t.word) && t.english && !t.field) &&
          !outcome.plan.facts.some((kind) => kind.terms.includes(t.term)) &&
          !index.identity.has(t.term) &&
          !notSubject(t.term) &&
          t.rarity >= ANSWER_OPTIONS.subjectRarity,
      ),
    ) ||
    outcome.plan.expansions.some(
      (g) =>
        (g.origin === 'kind' || g.origin === 'abbreviation') &&
        g.terms.every((t) => top.includes(t.term)) &&
        !g.from.every(notSubject),
    )
  );
}

/** Whether every own word of the question but its frame words is a term some hit matched as it is. */
function foundAsWritten(outcome: SearchOutcome): boolean {
  const matched = new Set(outcome.hits.flatMap((h) => h.matchedTerms));
  return (
    matched.size > 0 && outcome.plan.own.every((g) => g.terms.every((t) => t.frame || matched.has(t.term)))
  );
}

/** Whether an own word of the question (not a frame word) is a word of a topic's label or aliases. */
function namesTopicWord(knowledge: Knowledge, outcome: SearchOutcome): boolean {
  const { topicTerms } = lookups(knowledge);
  return outcome.plan.own.some((g) =>
    g.terms.some((t) => !t.frame && topicTerms.some((topic) => topic.terms.includes(t.term))),
  );
}

/** Whether a term of the question is an abbreviation whose full words are all among `words` ("k8s": kubernetes). */
function inFull(outcome: SearchOutcome, term: string, words: ReadonlySet<string>): boolean {
  return outcome.plan.expansions.some(
    (g) => g.origin === 'abbreviation' && g.from.includes(term) && g.terms.every((t) => words.has(t.term)),
  );
}

/**
 * In a trip question, the question's terms that the asked note's introduction has, as written or in full
 * ("k8s": kubernetes): the introduction says who went and what they use ("we are a big user of Kubernetes
 * here"), so "do we use kubernetes a lot here" asks the trip, not the Kubernetes section. Not a word a trip
 * phrase is spread around ("how OLD was KUBERNETES at the time of the conference"): that is asked itself.
 * And a word right before an event word says which event went to ("why send people to that big CONTAINER
 * conference"), not what about.
 */
function introducedTerms(index: SearchIndex, outcome: SearchOutcome): Set<string> {
  const { plan } = outcome;
  if (!plan.intents.trip) return new Set();
  const words = introTermsOf(index.knowledge, noteAsked(index.knowledge, outcome) ?? '');
  const terms = plan.own.flatMap((g) => g.terms).filter((t) => !plan.withinTrip.has(t.word));
  const tripWord = (t: PlanTerm) =>
    words.has(t.term) || inFull(outcome, t.term, words) || plan.beforeEvent.has(t.word);
  return new Set(terms.filter(tripWord).map((t) => t.term));
}

/** The terms of a note's introduction, remembered: worked out once per note, not per question. */
function introTermsOf(knowledge: Knowledge, noteId: string): ReadonlySet<string> {
  const { introTerms } = lookups(knowledge);
  let terms = introTerms.get(noteId);
  if (terms === undefined) {
    const intro = introOf(knowledge, noteId);
    terms = new Set(indexTokenize(intro?.text ?? '').flatMap((w) => processTerm(w) ?? []));
    introTerms.set(noteId, terms);
  }
  return terms;
}

/** Whether the asked note's introduction gives the kinds of fact a question asks for, a year by the note's date. */
function introGivesFacts(index: SearchIndex, outcome: SearchOutcome): boolean {
  const { plan } = outcome;
  const asked = plan.facts.filter((kind) => kind.givenBy !== 'years');
  if (asked.length === 0) return true;
  const intro = introOf(index.knowledge, noteAsked(index.knowledge, outcome));
  return intro !== undefined && sectionGivesFacts(intro, { ...plan, facts: asked });
}

/** A note's introduction: the text under its title (found among the note's sections, not every note's). */
function introOf(knowledge: Knowledge, noteId: string | undefined): Section | undefined {
  return lookups(knowledge)
    .notes.get(noteId ?? '')
    ?.sections.find((s) => s.depth === 0);
}

/** What answers look up in a knowledge on every question, worked out once per knowledge. */
interface Lookups {
  /** Topic labels by topic id. */
  readonly labels: ReadonlyMap<string, string>;
  /** Notes by id (the first note of an id, as `find` would). */
  readonly notes: ReadonlyMap<string, Note>;
  /** Each topic's terms: those of its label and aliases, for suggestions. */
  readonly topicTerms: readonly { readonly id: string; readonly terms: readonly string[] }[];
  /**
   * Each note's source line (where and when its knowledge is from), by note id: filled as answers show
   * the notes, so that no question pays for every note's (thousands, on a large folder).
   */
  readonly sources: Map<string, AnswerResult['source']>;
  /** The terms of the notes' authors (`author` or `team` in their frontmatter): "jl&p", "platform", "engin". */
  readonly authors: ReadonlySet<string>;
  /** The terms of each note's introduction, by note id: filled as trip questions ask about the notes. */
  readonly introTerms: Map<string, ReadonlySet<string>>;
}

/** Knowledge never changes (a reload makes a new one), so its lookups live as long as it does. */
const LOOKUPS = new WeakMap<Knowledge, Lookups>();

function lookups(knowledge: Knowledge): Lookups {
  let found = LOOKUPS.get(knowledge);
  if (found === undefined) {
    const notes = new Map<string, Note>();
    for (const n of knowledge.notes) if (!notes.has(n.id)) notes.set(n.id, n);
    found = {
      labels: new Map(knowledge.topics.map((t) => [t.id, t.label])),
      notes,
      topicTerms: knowledge.topics.map((t) => ({
        id: t.id,
        terms: [t.label, ...t.aliases].flatMap((a) => tokenize(a).map((w) => processTerm(w) ?? '')),
      })),
      sources: new Map(),
      authors: new Set(
        knowledge.notes.flatMap((n) => indexTokenize(n.author ?? '').flatMap((w) => processTerm(w) ?? [])),
      ),
      introTerms: new Map(),
    };
    LOOKUPS.set(knowledge, found);
  }
  return found;
}

function sectionsAnswer(
  index: SearchIndex,
  query: string,
  outcome: SearchOutcome,
  { excerpts = true }: AskOptions,
): Answer {
  const top = outcome.hits[0]?.evidence ?? 0;
  const good = collapse(outcome.hits.filter((h) => h.evidence >= ANSWER_OPTIONS.relatedShare * top));
  const weights = excerpts
    ? { ...termWeights(outcome), ...(outcome.quote !== undefined && { quote: outcome.quote }) }
    : undefined;
  return {
    query,
    kind: 'sections',
    declined: false,
    results: good
      .slice(0, ANSWER_OPTIONS.maxResults)
      .map(({ hit, copies }) => toResult(index.knowledge, hit, copies, weights)),
    suggestions: [],
  };
}

/** The answer for one section, as if it were the top hit of a query naming it. */
export function answerForSection(
  knowledge: Knowledge,
  sectionId: string,
  query = '',
  /** Words of the section (as written) its excerpt is to start at, as a quote's would. */
  from?: string,
): Answer | undefined {
  const section = knowledge.sections.get(sectionId);
  if (!section) return undefined;
  const none = new Map<string, number>();
  const result = toResult(knowledge, { section, score: 1, matchedTerms: [], evidence: 1 }, 1, {
    all: none,
    said: none,
    ...(from !== undefined && { quote: from }),
  });
  return {
    query: query || section.heading,
    kind: 'sections',
    declined: false,
    results: [result],
    suggestions: [],
  };
}

/**
 * The overview of the knowledge: with one note, the note (themes and sections); with several, each note
 * in one line, newest first. `noteId` narrows it to one note (a button on the several-notes overview).
 */
export function overviewAnswer(
  knowledge: Knowledge,
  query: string,
  outcome?: SearchOutcome,
  noteId?: string,
): Answer {
  const named = noteId ?? (knowledge.notes.length > 1 ? noteOfTopHit(outcome) : undefined);
  const notes = knowledge.notes.filter((n) => named === undefined || n.id === named);
  const overview = [...notes]
    .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''))
    .map((n) => overviewOf(knowledge, n));
  const first = overview[0];
  const result: AnswerResult = {
    sectionId: overview.length === 1 && first ? `${first.noteId}#` : '#overview',
    copies: 1,
    heading: OVERVIEW_TEXT.heading,
    path: overview.length === 1 && first ? first.title : OVERVIEW_TEXT.allNotes,
    score: 1,
    excerpt: overview.length === 1 && first ? first.summary : OVERVIEW_TEXT.notes(overview.length),
    topics: overview.length === 1 && first ? first.themes : [],
    talks: [],
    links: [],
    source: overview.length === 1 && first ? sourceOf(notes[0]) : { title: OVERVIEW_TEXT.allNotes },
  };
  return { query, kind: 'overview', declined: false, results: [result], suggestions: [], overview };
}

/** Questions about the trip itself (who went, when, where): the introduction of the note asked about. */
function tripAnswer(knowledge: Knowledge, query: string, outcome: SearchOutcome): Answer {
  const intro = introOf(knowledge, noteAsked(knowledge, outcome));
  const answer = intro ? answerForSection(knowledge, intro.id, query) : undefined;
  return answer ?? declined(knowledge, query, outcome);
}

/**
 * What else the author went to ("what other talks did you go to", "what else did they see") is in the
 * section that mentions other talks: "other" and, a few words on, a word the others phrases ask about
 * ("I went to some OTHER really interesting specialist TRACKS"). The note's first such section answers;
 * a note without one has none to give.
 */
function othersAnswer(index: SearchIndex, query: string, outcome: SearchOutcome): Answer {
  const { knowledge } = index;
  const note = lookups(knowledge).notes.get(noteAsked(knowledge, outcome) ?? '');
  const found = note?.sections.find((s) => s.depth > 0 && mentionsOther(s.text, index.lexicon.otherParts));
  const answer = found ? answerForSection(knowledge, found.id, query) : undefined;
  return answer ?? declined(knowledge, query, outcome);
}

/** Whether a text says "other" and, within ANSWER_OPTIONS.otherReach words after it, one of `parts` (as terms). */
function mentionsOther(text: string, parts: ReadonlySet<string>): boolean {
  const words = plainWords(text);
  return words.some(
    (w, i) =>
      w === 'other' &&
      words.slice(i + 1, i + 1 + ANSWER_OPTIONS.otherReach).some((x) => parts.has(processTerm(x) ?? '')),
  );
}

/**
 * A verdict question ("final verdict on the conference?") is answered by the note's conclusion, a reading
 * question ("where can i read more?") by its further-reading section: the section headed like one (the
 * lexicon's conclusion or reading headings: "wrap up", "more detail"); without one, it is declined.
 */
function headedAnswer(
  index: SearchIndex,
  query: string,
  outcome: SearchOutcome,
  headings: readonly (readonly string[])[],
): Answer {
  const { knowledge } = index;
  const note = lookups(knowledge).notes.get(noteAsked(knowledge, outcome) ?? '');
  const sections = note?.sections.filter((s) => s.depth > 0) ?? [];
  const headedLike = (heading: string) => {
    const words = ` ${plainWords(heading).join(' ')} `;
    return headings.some((h) => words.includes(` ${h.join(' ')} `));
  };
  // The note's own section: the last one headed like one, at the shallowest depth ("## Wrap Up", not a
  // topic's "### Conclusion"). A note without one has no verdict, or further reading, to give.
  const candidates = sections.filter((s) => headedLike(s.heading));
  const depth = Math.min(...candidates.map((s) => s.depth));
  const found = candidates.filter((s) => s.depth === depth).at(-1);
  const answer = found
    ? answerForSection(knowledge, found.id, query, summingUp(found, index.lexicon.conclusionOpeners))
    : undefined;
  return answer ?? declined(knowledge, query, outcome);
}

/**
 * The words a section's summing-up opens with ("All-in-all, it was"), as written: its first passage that
 * opens with one of the lexicon's conclusion openers. Undefined when none does (a reading section, or a
 * conclusion that sums nothing up): the excerpt starts where it always does.
 */
function summingUp(section: Section, openers: readonly (readonly string[])[]): string | undefined {
  for (const { text } of section.passages) {
    const words = plainWords(text);
    const opener = openers.find((o) => o.length > 0 && o.every((w, i) => words[i] === w));
    if (opener !== undefined)
      return text
        .split(/\s+/)
        .slice(0, opener.length + 2)
        .join(' ');
  }
  return undefined;
}

/** The note a trip, verdict or reading question is about: the top hit's, else the newest. */
function noteAsked(knowledge: Knowledge, outcome: SearchOutcome): string | undefined {
  return noteOfTopHit(outcome) ?? newest(knowledge.notes)?.id;
}

function noteOfTopHit(outcome: SearchOutcome | undefined): string | undefined {
  return outcome?.hits[0]?.section.noteId;
}

/** The note with the latest date (the first of those, in order): one pass, where sorting thousands took tens of ms. */
function newest(notes: readonly Note[]): Note | undefined {
  let found: Note | undefined;
  for (const note of notes)
    if (found === undefined || (note.date ?? '').localeCompare(found.date ?? '') > 0) found = note;
  return found;
}

function overviewOf(knowledge: Knowledge, note: Note): OverviewNote {
  const { labels } = lookups(knowledge);
  const topicIds =
    note.topics.length > 0 ? note.topics : [...new Set(note.sections.flatMap((s) => s.topics))];
  const first = note.sections.find((s) => s.passages.length > 0)?.passages[0]?.text ?? '';
  const source = sourceOf(note);
  return {
    noteId: note.id,
    title: note.title,
    ...(source.when !== undefined && { when: source.when }),
    ...(note.url !== undefined && { url: note.url }),
    themes: topicIds.map((t) => labels.get(t) ?? t),
    summary: firstSentence(first),
    sections: note.sections.filter((s) => s.depth > 0).map((s) => ({ id: s.id, heading: s.heading })),
  };
}

function firstSentence(text: string): string {
  const { summaryMin, summaryMax } = ANSWER_OPTIONS;
  const match = new RegExp(`^.{${summaryMin},${summaryMax}}?[.!?](?=\\s|$)`, 's').exec(text);
  return (match?.[0] ?? text.slice(0, summaryMax)).replace(/\s+/g, ' ').trim();
}

function declined(knowledge: Knowledge, query: string, outcome: SearchOutcome): Answer {
  const typo = surfaceWord(outcome);
  const corrected =
    typo &&
    query.replace(
      new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(typo.typed)}(?![\\p{L}\\p{N}])`, 'iu'),
      typo.known,
    );
  return {
    query,
    kind: 'declined',
    declined: true,
    results: [],
    suggestions: suggest(knowledge, outcome),
    ...(typo !== undefined && { didYouMean: typo.known }),
    ...(corrected !== undefined && corrected !== query && { corrected }),
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Hits with near-duplicates folded into the best-ranked one of each group, in rank order. */
function collapse(hits: readonly Hit[]): { hit: Hit; copies: number }[] {
  const groups = new Map<string, { hit: Hit; copies: number }>();
  for (const hit of hits) {
    const group = groups.get(hit.section.fingerprint);
    if (group) group.copies++;
    else groups.set(hit.section.fingerprint, { hit, copies: 1 });
  }
  return [...groups.values()];
}

/** The matched terms' weights for an excerpt: all of them, and those of what the question itself says. */
interface ExcerptWeights {
  readonly all: ReadonlyMap<string, number>;
  readonly said: ReadonlyMap<string, number>;
  /** What the question quotes, for the section that says it (SearchOutcome.quote). */
  readonly quote?: string;
}

/**
 * How much each matched index term says about the question, for choosing and bolding the excerpt: the
 * best weight, over the plan's terms it matches, of group weight × match quality × English rarity. `said`:
 * the weights of the question's own words and their abbreviations' full forms only (saidWeight), which
 * choose where the passage is cut from: a neighbour's word ("omega" for "borg") picks no line.
 */
function termWeights(outcome: SearchOutcome): ExcerptWeights {
  const all = new Map<string, number>();
  const said = new Map<string, number>();
  const { own, expansions } = outcome.plan;
  const groups = [...own, ...expansions];
  const abbreviated = expansions.filter((g) => g.origin === 'abbreviation');
  // A full form written out ("cloud native computing foundation", read as CNCF too) is one phrase of
  // the question: each of its words its share, so the line with the short form ("CNCF formed") weighs
  // as much as one with all the words, more than one with "cloud" and "native".
  const fullForms = abbreviated.filter((g) => g.from.length > 1);
  const inFullForm = new Set(fullForms.flatMap((g) => g.from));
  const saidGroups = [
    ...(inFullForm.size === 0 ? own : own.filter((g) => !g.terms.some((t) => inFullForm.has(t.term)))),
    ...fullForms.map((g) => ({
      ...g,
      terms: own.flatMap((o) => o.terms).filter((t) => g.from.includes(t.term)),
    })),
    ...abbreviated,
  ];
  const seen = new Set<string>(); // a term weighs the same in every hit that matched it
  for (const hit of outcome.hits.slice(0, ANSWER_OPTIONS.maxResults)) {
    for (const m of hit.matchedTerms) {
      if (seen.has(m)) continue;
      seen.add(m);
      const w = termWeight(groups, m);
      if (w > 0) all.set(m, w);
      const s = saidWeight(saidGroups, m);
      if (s > 0) said.set(m, s);
    }
  }
  return { all, said };
}

/**
 * One matched index term's weight as the question says it (see termWeights): matched exactly (not
 * "dockercon" for "docker"), a word of a phrase of several its share of the phrase ("cloud" of "cloud
 * native computing foundation" a quarter), so a line has the whole weight only with the whole phrase.
 */
function saidWeight(groups: SearchOutcome['plan']['own'], matched: string): number {
  let best = 0;
  for (const g of groups)
    for (const t of g.terms)
      if (t.term === matched) best = Math.max(best, (g.weight * t.rarity) / g.terms.length);
  return best;
}

/** One matched index term's weight (see termWeights). */
function termWeight(groups: SearchOutcome['plan']['own'], matched: string): number {
  let best = 0;
  for (const g of groups)
    for (const t of g.terms) best = Math.max(best, g.weight * quality(t, matched) * t.rarity);
  return best;
}

function toResult(
  knowledge: Knowledge,
  hit: Hit,
  copies: number,
  /** The matched terms' weights for the excerpt; undefined: no excerpt (AskOptions.excerpts). */
  weights: ExcerptWeights | undefined,
): AnswerResult {
  const { section } = hit;
  const { labels } = lookups(knowledge);
  return {
    sectionId: section.id,
    copies,
    heading: section.heading,
    path: section.path.join(' › '),
    score: Math.round(hit.score * 1000) / 1000,
    excerpt: weights
      ? excerpt(
          section,
          weights.all,
          section.children.flatMap((id) => knowledge.sections.get(id)?.heading ?? []),
          weights.said,
          weights.quote,
        )
      : '',
    topics: section.topics.map((t) => labels.get(t) ?? t),
    talks: uniqueByUrl(section.links.filter((l) => l.kind === 'talk')).slice(0, ANSWER_OPTIONS.maxTalks),
    links: uniqueByUrl(section.links.filter((l) => l.kind === 'reference')),
    source: sourceOfNote(knowledge, section.noteId),
  };
}

/** The source line of the note `noteId` (the first note of that id), remembered; the id alone if none. */
function sourceOfNote(knowledge: Knowledge, noteId: string): AnswerResult['source'] {
  const { notes, sources } = lookups(knowledge);
  let source = sources.get(noteId);
  if (source === undefined) {
    const note = notes.get(noteId);
    source = note ? sourceOf(note) : { title: noteId };
    sources.set(noteId, source);
  }
  return source;
}

/** Where an answer comes from: the note, and where and when its knowledge is from. */
function sourceOf(note: Note | undefined): AnswerResult['source'] {
  if (!note) return { title: '' };
  const when = [note.event, monthOf(note.date)].filter((s) => s !== undefined && s !== '').join(', ');
  return {
    title: note.title,
    ...(note.url !== undefined && { url: note.url }),
    ...(when !== '' && { when }),
  };
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** A date's year and month (a constant: a pattern literal in a function is a new RegExp at every call). */
const YEAR_MONTH = /^(\d{4})-(\d{2})/;

/** "2019-05-20" → "May 2019". */
export function monthOf(date: string | undefined): string | undefined {
  const match = date === undefined ? null : YEAR_MONTH.exec(date);
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  return match && month ? `${month} ${match[1]}` : undefined;
}

function uniqueByUrl<T extends { url: string }>(links: readonly T[]): T[] {
  const seen = new Set<string>();
  return links.filter((l) => !seen.has(l.url) && seen.add(l.url));
}

/**
 * Topics worth suggesting, closest first: those the question names, those whose words share a term (or a
 * related term) with the question, then those of the sections it came nearest to; every topic when
 * nothing is near.
 */
function suggest(knowledge: Knowledge, outcome: SearchOutcome): string[] {
  const near = outcome.hits.flatMap((h) => h.section.topics);
  const words = new Set(
    [...outcome.plan.own, ...outcome.plan.expansions].flatMap((g) => g.terms.map((t) => t.term)),
  );
  const { labels, topicTerms } = lookups(knowledge);
  const sharing = topicTerms.filter((t) => t.terms.some((term) => words.has(term))).map((t) => t.id);
  const ids = [...new Set([...outcome.topics, ...sharing, ...near])];
  const chosen = ids.length > 0 ? ids : knowledge.topics.map((t) => t.id);
  return chosen.flatMap((id) => labels.get(id) ?? []).slice(0, ANSWER_OPTIONS.maxSuggestions);
}

/** The knowledge's own spelling of a word the question seems to have mistyped ("linkred" → "Linkerd"). */
function surfaceWord(outcome: SearchOutcome): { typed: string; known: string } | undefined {
  for (const { word: typed, term } of outcome.corrections) {
    const hit = outcome.hits.find((h) => h.matchedTerms.includes(term));
    const text = hit ? `${hit.section.heading} ${hit.section.text}` : '';
    const known = indexTokenize(text).find((w) => processTerm(w) === term);
    if (known !== undefined) return { typed, known };
  }
  return undefined;
}
