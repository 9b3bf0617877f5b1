import MiniSearch from 'minisearch';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Postings } from '../../../src/core/search/scorer.js';
import { processTerm, tokenize } from '../../../src/core/search/terms.js';
import { fuzzyTerms, lexiconTerms, type RadixTree, typoLexicon } from '../../../src/core/search/typos.js';
import { loadKnowledge } from '../../../src/runtime/knowledge-files.js';
import { KNOWLEDGE_DIR } from '../../helpers.js';

/** MiniSearch's index as fuzzyTerms reads it, and its own fuzzyGet to compare with. */
interface Index {
  readonly _tree: RadixTree<Postings>;
  fuzzyGet(term: string, maxDistance: number): Map<string, [Postings, number]>;
}

/** Words near the index's terms: each term, and each with one letter swapped, dropped, doubled or changed. */
function wordsNear(terms: readonly string[]): string[] {
  const words = new Set<string>();
  for (const t of terms) {
    const i = Math.floor(t.length / 2);
    words.add(t);
    if (t.length >= 2) words.add(`${t.slice(0, i - 1)}${t[i]}${t[i - 1]}${t.slice(i + 1)}`);
    words.add(`${t.slice(0, i)}${t.slice(i + 1)}`);
    words.add(`${t.slice(0, i)}${t[i] ?? ''}${t.slice(i)}`);
    words.add(`${t.slice(0, i)}q${t.slice(i + 1)}`);
  }
  return [...words].filter((w) => w.length > 0);
}

describe('fuzzyTerms', () => {
  let index: Index;
  let terms: string[];

  beforeAll(async () => {
    ({ index, terms } = await reportTerms());
  });

  it('finds the terms, distances and order of MiniSearch’s fuzzyGet', () => {
    const words = wordsNear(terms.filter((_, i) => i % 3 === 0));
    expect(words.length).toBeGreaterThan(700);
    for (const edits of [1, 2, 3])
      for (const word of words)
        expect([...fuzzyTerms(index._tree, word, edits)], `${word} (${edits})`).toEqual([
          ...index.fuzzyGet(word, edits),
        ]);
  });

  it('agrees on words longer than a matrix byte counts, and on words of one letter', () => {
    for (const word of ['k', 'x', 'a'.repeat(300), `${'kubernetes'.repeat(30)}x`])
      for (const edits of [1, 2])
        expect([...fuzzyTerms(index._tree, word, edits)]).toEqual([...index.fuzzyGet(word, edits)]);
  });
});

describe('lexiconTerms', () => {
  let index: Index;
  let terms: string[];

  beforeAll(async () => {
    ({ index, terms } = await reportTerms());
  });

  it('numbers every index term once, in the order the walk finds them', () => {
    const lexicon = typoLexicon(index._tree);
    expect(lexicon.terms).toEqual([...fuzzyTerms(index._tree, '', 1000).keys()]);
    expect(new Set(lexicon.terms)).toEqual(new Set(terms));
  });

  it('finds the terms, distances and order of MiniSearch’s fuzzyGet', () => {
    const lexicon = typoLexicon(index._tree);
    const words = wordsNear(terms.filter((_, i) => i % 2 === 0));
    for (const edits of [1, 2, 3])
      for (const word of words)
        expect([...lexiconTerms(lexicon, index._tree, word, edits)], `${word} (${edits})`).toEqual([
          ...index.fuzzyGet(word, edits),
        ]);
  });

  it('agrees on words with letters outside a–z, long words and words of one letter', () => {
    const lexicon = typoLexicon(index._tree);
    const words = ['k', 'x', '1', 'v1.14', 'kubernetés', 'ünïcode', 'a'.repeat(300), 'kubernetes'.repeat(6)];
    for (const word of words)
      for (const edits of [1, 2, 3])
        expect([...lexiconTerms(lexicon, index._tree, word, edits)], word).toEqual([
          ...index.fuzzyGet(word, edits),
        ]);
  });
});

/** MiniSearch's index of the report's sections, as the search builds it, and its terms. */
async function reportTerms(): Promise<{ index: Index; terms: string[] }> {
  const knowledge = await loadKnowledge(KNOWLEDGE_DIR);
  const mini = new MiniSearch({ fields: ['heading', 'text'], tokenize, processTerm });
  mini.addAll([...knowledge.sections.values()].map((s) => ({ id: s.id, heading: s.heading, text: s.text })));
  const index = (mini as unknown as { _index: Index })._index;
  return { index, terms: [...(index as unknown as Map<string, unknown>).keys()] };
}
