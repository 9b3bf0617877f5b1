import MiniSearch, { type Options, type SearchOptions, type SearchResult } from 'minisearch';
import { topicMatcher } from '../knowledge/topics.js';
import type { Hit, Knowledge, Section } from '../types.js';
import { editDistance, processTerm, termsOf, tokenize } from './terms.js';

/**
 * The search index: MiniSearch over sections. Every option that shapes ranking is in SEARCH_OPTIONS;
 * the confidence rule that decides when to decline is in CONFIDENCE.
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
  fields: ['heading', 'path', 'topics', 'text', 'links'],
  boost: { heading: 3, path: 1.5, topics: 1.5, text: 1, links: 0.5 },
  /** Prefix matching from four letters: "promet" finds "prometheus", "io" does not find "iotum". */
  prefixFrom: 4,
  /** Typos: one edit for words of 6-8 letters, two from 9. */
  fuzzy: (term: string): number => (term.length >= 9 ? 2 : term.length >= 6 ? 1 : 0),
  /** When that finds nothing confident, a second, more forgiving pass: two edits from 5 letters ("istoi"). */
  fuzzyRetry: (term: string): number => (term.length >= 5 ? 2 : 0),
  /** Sections about a topic the query names (by label or alias) get this boost. */
  topicBoost: 1.5,
  /** Hits returned per query: enough that collapsing near-duplicates still leaves several answers. */
  maxHits: 50,
} as const;

/** When a hit is good enough to answer with. */
export const CONFIDENCE = {
  /** Share of the query's terms the top hit must match (typos and prefixes count partly). */
  minCoverage: 0.6,
  /** How much a prefix match counts as, against 1 for an exact match. */
  prefixQuality: 0.85,
} as const;

/** The result of a search: ranked hits, or the reason there are none worth showing. */
export interface SearchOutcome {
  readonly terms: readonly string[];
  readonly hits: readonly Hit[];
  /** Confident: the top hit matches the query well enough to answer with. */
  readonly confident: boolean;
  /** Topic ids the query names. */
  readonly topics: readonly string[];
}

/** A built index over one version of the knowledge. */
export interface SearchIndex {
  readonly knowledge: Knowledge;
  search(query: string): SearchOutcome;
  /** The MiniSearch index as JSON, to be given back to `buildIndex` instead of indexing again. */
  serialize(): string;
}

/** Builds the index over every section of the knowledge, or loads it from `serialized` (same knowledge). */
export function buildIndex(knowledge: Knowledge, serialized?: string): SearchIndex {
  const mini =
    serialized !== undefined
      ? MiniSearch.loadJSON<SectionDoc>(serialized, miniSearchOptions())
      : indexSections(knowledge);
  const mentions = topicMatcher(knowledge.topics);
  return {
    knowledge,
    search: (query) => runSearch(mini, knowledge, mentions(query), query),
    serialize: () => JSON.stringify(mini),
  };
}

function indexSections(knowledge: Knowledge): MiniSearch<SectionDoc> {
  const labels = new Map(knowledge.topics.map((t) => [t.id, [t.label, ...t.aliases].join(' ')]));
  const mini = new MiniSearch<SectionDoc>(miniSearchOptions());
  mini.addAll(
    [...knowledge.sections.values()].map((s) => ({
      id: s.id,
      heading: s.heading,
      path: s.path.join(' '),
      topics: s.topics.map((t) => labels.get(t) ?? '').join(' '),
      text: s.text,
      links: s.links.map((l) => `${l.title} ${hostWords(l.url)}`).join(' '),
    })),
  );
  return mini;
}

function miniSearchOptions(): Options<SectionDoc> {
  return {
    fields: [...SEARCH_OPTIONS.fields],
    storeFields: [],
    tokenize,
    processTerm,
  };
}

function runSearch(
  mini: MiniSearch<SectionDoc>,
  knowledge: Knowledge,
  topics: string[],
  query: string,
): SearchOutcome {
  const terms = termsOf(query);
  if (terms.length === 0) return { terms, hits: [], confident: false, topics };
  const options: SearchOptions = {
    boost: { ...SEARCH_OPTIONS.boost },
    prefix: (term) => term.length >= SEARCH_OPTIONS.prefixFrom,
    fuzzy: SEARCH_OPTIONS.fuzzy,
    maxFuzzy: 2,
    boostDocument: (id) => {
      const section = knowledge.sections.get(String(id));
      return section?.topics.some((t) => topics.includes(t)) ? SEARCH_OPTIONS.topicBoost : 1;
    },
  };
  const strict = rank(mini.search(terms.join(' '), options), knowledge, terms);
  if (strict.confident) return { terms, ...strict, topics };
  const forgiving = rank(
    mini.search(terms.join(' '), { ...options, fuzzy: SEARCH_OPTIONS.fuzzyRetry }),
    knowledge,
    terms,
  );
  return { terms, ...(forgiving.confident ? forgiving : strict), topics };
}

/** Hits from MiniSearch results, and whether the top one is good enough to answer with. */
function rank(results: SearchResult[], knowledge: Knowledge, terms: readonly string[]) {
  const hits = results
    .slice(0, SEARCH_OPTIONS.maxHits)
    .flatMap((r) => toHit(r, knowledge.sections.get(String(r.id))));
  const top = hits[0];
  const confident = top !== undefined && coverage(terms, top.matchedTerms) >= CONFIDENCE.minCoverage;
  return { hits, confident };
}

function toHit(result: SearchResult, section: Section | undefined): Hit[] {
  return section ? [{ section, score: result.score, matchedTerms: result.terms }] : [];
}

/** Share of the query terms matched by a hit's index terms, each counted by its best match quality. */
export function coverage(queryTerms: readonly string[], indexTerms: readonly string[]): number {
  if (queryTerms.length === 0) return 0;
  const total = queryTerms.reduce((sum, q) => sum + Math.max(0, ...indexTerms.map((t) => quality(q, t))), 0);
  return total / queryTerms.length;
}

/** How well index term t matches query term q: 1 exact, less for a prefix or a typo, 0 for no match. */
export function quality(q: string, t: string): number {
  if (q === t) return 1;
  if (q.length >= SEARCH_OPTIONS.prefixFrom && t.startsWith(q)) return CONFIDENCE.prefixQuality;
  const distance = editDistance(q, t, 2);
  return distance > 2 ? 0 : 1 - distance / Math.max(q.length, t.length);
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
