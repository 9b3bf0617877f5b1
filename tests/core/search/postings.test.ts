import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import {
  type FieldPostings,
  FrozenPostings,
  freezePostings,
  loadPostings,
  savePostings,
  type TermPostings,
} from '../../../src/core/search/postings.js';
import type { RadixTree } from '../../../src/core/search/typos.js';

const DOCS = [
  { id: 'a', title: 'linkerd proxy', text: 'the proxy proxy proxy injects mtls' },
  { id: 'b', title: 'retries', text: 'linkerd retries failed requests' },
  { id: 'c', title: 'timeouts and retries', text: 'a proxy gives up' },
];

/** A small MiniSearch index over the documents, its radix tree as the scorer reads it. */
function index() {
  const mini = new MiniSearch({ fields: ['title', 'text'] });
  mini.addAll(DOCS);
  const tree = (mini as unknown as { _index: { _tree: RadixTree<TermPostings> } })._index._tree;
  return { mini, tree };
}

/** Every field's postings in the tree, by term and field id, as [doc, frequency] pairs in order. */
function pairs(mini: MiniSearch): Record<string, [number, number][]> {
  const out: Record<string, [number, number][]> = {};
  const ix = (mini as unknown as { _index: Iterable<[string, TermPostings]> })._index;
  for (const [term, fields] of ix)
    for (const [field, postings] of fields) out[`${term}/${field}`] = [...postings];
  return out;
}

describe('freezePostings', () => {
  it('keeps every term’s postings, in order, and the index’s JSON', () => {
    const { mini, tree } = index();
    const [before, json] = [pairs(mini), JSON.stringify(mini)];
    freezePostings(tree);
    expect(pairs(mini)).toEqual(before);
    expect(JSON.stringify(mini)).toBe(json);
  });

  it('answers MiniSearch’s own searches as before', () => {
    const { mini, tree } = index();
    const before = mini.search('proxy retries', { prefix: true, fuzzy: 0.2 });
    freezePostings(tree);
    expect(mini.search('proxy retries', { prefix: true, fuzzy: 0.2 })).toEqual(before);
  });

  it('reads as the Map it replaces', () => {
    const { mini, tree } = index();
    freezePostings(tree);
    const ix = (mini as unknown as { _index: { get(term: string): TermPostings | undefined } })._index;
    const postings = ix.get('proxy')?.get(1) as FieldPostings;
    expect(postings).toBeInstanceOf(FrozenPostings);
    expect([postings.size, postings.get(0), postings.get(2), postings.get(1)]).toEqual([2, 3, 1, undefined]);
    expect([postings.has(2), postings.has(1), [...postings.keys()], [...postings.values()]]).toEqual([
      true,
      false,
      [0, 2],
      [3, 1],
    ]);
  });
});

describe('saved postings', () => {
  const termsOf = (mini: MiniSearch) =>
    (mini as unknown as { _index: Iterable<[string, TermPostings]> })._index;

  it('load back as the same terms, fields and pairs, in order, frozen', () => {
    const { mini, tree } = index();
    freezePostings(tree);
    const saved = savePostings(termsOf(mini));
    expect(saved).toBeDefined();
    const loaded: [string, TermPostings][] = [];
    loadPostings(JSON.parse(JSON.stringify(saved)), (term, fields) => loaded.push([term, fields]));
    expect(loaded.map(([term]) => term)).toEqual([...termsOf(mini)].map(([term]) => term));
    const flat = (entries: Iterable<[string, TermPostings]>) =>
      [...entries].flatMap(([term, fields]) => [...fields].map(([field, p]) => [term, field, [...p]]));
    expect(flat(loaded)).toEqual(flat(termsOf(mini)));
    expect(loaded[0]?.[1].values().next().value).toBeInstanceOf(FrozenPostings);
  });

  it('are not made when a field cannot be frozen, and a cut or padded save is refused', () => {
    const { mini } = index();
    const bad: [string, TermPostings][] = [['x', new Map([[0, new Map([[1, 0.5]])]])]];
    expect(savePostings(bad)).toBeUndefined();
    const saved = savePostings(termsOf(mini));
    if (!saved) throw new Error('expected saved postings');
    const docs = Buffer.from(saved.docs, 'base64');
    const cut = { ...saved, docs: docs.subarray(0, docs.length - 4).toString('base64') };
    expect(() => loadPostings(cut, () => {})).toThrow(/do not add up/);
    expect(() => loadPostings({ ...saved, freqs: `${saved.freqs.slice(0, -4)}AAA=` }, () => {})).toThrow();
  });
});
