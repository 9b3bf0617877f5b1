import { CONFIDENCE, coverage, type SearchIndex } from '../search/search-index.js';
import { editDistance, tokenize } from '../search/terms.js';
import type { Answer, AnswerResult, Hit, Knowledge, Topic } from '../types.js';
import { excerpt } from './excerpt.js';
import { MAX_QUERY_LENGTH, normalizeQuery } from './query.js';

/** From a question to an answer: search, apply the confidence rule, and make each hit presentable. */

export const NOTICES = {
  empty: 'Ask me a question, for example `service mesh` or `what did we learn about Loki?`',
  truncated: `Your question was long, so I used its first ${MAX_QUERY_LENGTH} characters.`,
} as const;

/** Answers a question from the index; declines (with suggestions) when nothing matches well enough. */
export function answerQuestion(index: SearchIndex, raw: string): Answer {
  const { query, truncated } = normalizeQuery(raw);
  const outcome = index.search(query);
  const notice = outcome.terms.length === 0 ? NOTICES.empty : truncated ? NOTICES.truncated : undefined;
  const good = outcome.confident
    ? collapse(outcome.hits.filter((h) => coverage(outcome.terms, h.matchedTerms) >= CONFIDENCE.minCoverage))
    : [];
  return {
    query,
    declined: good.length === 0,
    results: good.slice(0, MAX_RESULTS).map(({ hit, copies }) => toResult(index.knowledge, hit, copies)),
    suggestions: good.length === 0 ? suggest(index.knowledge.topics, query, outcome.topics) : [],
    ...(notice !== undefined && { notice }),
  };
}

/** The answer for one section, as if it were the top hit of a query naming it. */
export function answerForSection(knowledge: Knowledge, sectionId: string, query = ''): Answer | undefined {
  const section = knowledge.sections.get(sectionId);
  if (!section) return undefined;
  const result = toResult(knowledge, { section, score: 1, matchedTerms: [] }, 1);
  return { query: query || section.heading, declined: false, results: [result], suggestions: [] };
}

/** Results an answer offers (the first, then Next result… through the others). */
export const MAX_RESULTS = 5;

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

function toResult(knowledge: Knowledge, hit: Hit, copies: number): AnswerResult {
  const { section } = hit;
  const note = knowledge.notes.find((n) => n.id === section.noteId);
  const labels = new Map(knowledge.topics.map((t) => [t.id, t.label]));
  return {
    sectionId: section.id,
    copies,
    heading: section.heading,
    path: section.path.join(' › '),
    score: Math.round(hit.score * 1000) / 1000,
    excerpt: excerpt(section.passages, hit.matchedTerms),
    topics: section.topics.map((t) => labels.get(t) ?? t),
    talks: uniqueByUrl(section.links.filter((l) => l.kind === 'talk')),
    links: uniqueByUrl(section.links.filter((l) => l.kind === 'reference')),
    source: { title: note?.title ?? section.noteId, ...(note?.url !== undefined && { url: note.url }) },
  };
}

function uniqueByUrl<T extends { url: string }>(links: readonly T[]): T[] {
  const seen = new Set<string>();
  return links.filter((l) => !seen.has(l.url) && seen.add(l.url));
}

/** Topics worth suggesting: the ones the query names or nearly spells, else every topic. */
function suggest(topics: readonly Topic[], query: string, named: readonly string[]): string[] {
  const words = tokenize(query.toLowerCase()).filter((w) => w.length >= 4);
  const close = topics.filter(
    (t) =>
      named.includes(t.id) ||
      [t.label, ...t.aliases].some((alias) =>
        tokenize(alias.toLowerCase()).some((a) => words.some((w) => editDistance(w, a, 2) <= 2)),
      ),
  );
  return (close.length > 0 ? close : topics).slice(0, 8).map((t) => t.label);
}
