import MiniSearch, { type Query, type SearchResult } from 'minisearch';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ScoreOptions, Scorer, type TermSpec } from '../../../src/core/search/scorer.js';
import { processTerm, tokenize } from '../../../src/core/search/terms.js';
import { loadKnowledge } from '../../../src/runtime/knowledge-files.js';
import { KNOWLEDGE_DIR } from '../../helpers.js';

/** The shipped notes' sections, each twice (a copy ties with its original on every score). */
async function sectionDocs() {
  const knowledge = await loadKnowledge(KNOWLEDGE_DIR);
  return [...knowledge.sections.values()].flatMap((s) =>
    ['', 'copy/'].map((copy) => ({
      id: `${copy}${s.id}`,
      heading: s.heading,
      path: s.path.join(' '),
      text: s.text,
      topics: s.topics.join(' '),
    })),
  );
}

/** The MiniSearch query tree the scorer's parts stand for. */
function tree(parts: readonly (readonly TermSpec[])[]): Query {
  return {
    combineWith: 'OR',
    queries: parts.map((terms) => {
      const of = new Map(terms.map((t) => [t.term, t]));
      return {
        queries: [terms.map((t) => t.term).join(' ')],
        boostTerm: (term: string) => of.get(term)?.boost ?? 1,
        fuzzy: (term: string) => of.get(term)?.fuzzy ?? 0,
        prefix: (term: string) => of.get(term)?.prefix ?? false,
      };
    }),
  };
}

const own = (term: string, fuzzy = 0, boost = 1): TermSpec => ({
  term,
  boost,
  fuzzy,
  prefix: term.length >= 4,
});
const exact = (term: string, boost = 0.35): TermSpec => ({ term, boost, fuzzy: 0, prefix: false });

/** Queries of the shapes the search makes: own words with typos and prefixes, lexicon words looked up exactly. */
const QUERIES: readonly (readonly (readonly TermSpec[])[])[] = [
  [[own('servic', 1), own('mesh')], []],
  [[own('istoi', 2)], [exact('servic'), exact('mesh')]],
  [[own('prometheu', 2), own('scale', 1)], [exact('monitor', 0.8)]],
  [[own('linkerd', 1), own('kubecon')], [exact('linkerd', 0.5)]],
  [[own('observ', 0.2), own('log')], [exact('trace')]],
  [[own('zzzzzz', 2)], []],
  [[own('prometh', 2), own('kube', 1)], []],
  [[], [exact('helm')]],
  // Number terms: MiniSearch's match object lists them first (array-index keys), in numeric order.
  [[own('kubecon'), own('2019'), own('10')], [exact('1')]],
];

describe('Scorer', () => {
  let mini: MiniSearch;
  let scorer: Scorer;
  beforeAll(async () => {
    mini = new MiniSearch({
      fields: ['heading', 'path', 'topics', 'text'],
      storeFields: [],
      tokenize,
      processTerm,
    });
    mini.addAll(await sectionDocs());
    scorer = new Scorer(mini, 100);
  });
  const options: ScoreOptions = {
    boost: { heading: 3, path: 1.5, topics: 1.5, text: 1 },
    maxFuzzy: 2,
    boostDocument: (id) => (String(id).includes('observability') ? 1.5 : 1),
  };
  const search = (parts: readonly (readonly TermSpec[])[]): SearchResult[] =>
    mini.search(tree(parts), {
      ...options,
      tokenize: (terms) => terms.split(' ').filter((t) => t !== ''),
      processTerm: (term) => term,
    });

  it.each(QUERIES.map((q, i) => [i, q] as const))(
    'ranks query %i exactly as MiniSearch: same results, scores, order, terms and fields',
    (_, parts) => {
      const expected = search(parts);
      const scored = scorer.score(parts, options);
      const all = scored.top(expected.length + 10);
      expect(all.map((r) => [r.id, r.score, r.terms, r.match])).toEqual(
        expected.map((r) => [r.id, r.score, r.terms, r.match]),
      );
      expect(scored.size).toBe(expected.length);
      expect(scored.maxScore).toBe(expected[0]?.score ?? 1);
      expect(scored.top(7)).toEqual(all.slice(0, 7));
    },
  );

  it.each(QUERIES.map((q, i) => [i, q] as const))(
    'knows, for query %i, every matched term, which comes first, and which sections have them',
    (_, parts) => {
      const expected = search(parts);
      const named = [...new Set(expected.flatMap((r) => r.terms))];
      const scored = scorer.score(parts, options);
      expect(new Set(scored.matched)).toEqual(new Set(named));
      for (const pair of [named.slice(0, 2), named.slice(-2), [...named].reverse()])
        expect(scored.firstNamed(pair)).toBe(named.find((t) => pair.includes(t)));
      const some = new Set(named.slice(0, 1));
      const ids = [...scored.documentsWith(some)].map((doc) => scorer.idOf(doc));
      expect(new Set(ids)).toEqual(
        new Set(expected.filter((r) => r.terms.some((t) => some.has(t))).map((r) => r.id)),
      );
    },
  );
});
