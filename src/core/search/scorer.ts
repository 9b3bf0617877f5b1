import type MiniSearch from 'minisearch';
import type { MatchInfo } from 'minisearch';
import { type FieldPostings, FrozenPostings, freezePostings, type TermPostings } from './postings.js';
import { lexiconTerms, type RadixTree, type TypoLexicon, typoLexicon } from './typos.js';

/**
 * **Scoring** a query over MiniSearch's index without a result object per matching section. MiniSearch's
 * `search` builds one (score, terms, match) for every section that a query term, its prefixes or its
 * typos reach (thousands for a common word), then sorts them all: most of a search's time, and garbage.
 * This runs the same query (an OR of parts, each an OR of terms) over the same index data, with the same
 * BM25 arithmetic in the same order, so every score is bit for bit MiniSearch's and equal scores keep its
 * order (first matched first). Sums live in typed arrays reused by every search; result objects are made
 * only for the best few. tests/core/search/scorer.test.ts holds it to MiniSearch's own results.
 */

/** One query term as MiniSearch runs it: its boost, typo reach (its `fuzzy` option) and prefix matching. */
export interface TermSpec {
  readonly term: string;
  readonly boost: number;
  /** Edits when at least 1, a share of the term's length below 1, none when 0. */
  readonly fuzzy: number;
  readonly prefix: boolean;
}

/** The search options the scorer honours, as MiniSearch's SearchOptions name them. */
export interface ScoreOptions {
  readonly boost: Readonly<Record<string, number>>;
  readonly maxFuzzy: number;
  /** A section's boost by its id; it must not depend on the term (it is asked once per section). */
  readonly boostDocument?: (id: unknown) => number;
}

/** A result as MiniSearch's `search` returns it (without stored fields or query terms). */
export interface Candidate {
  readonly id: unknown;
  readonly score: number;
  readonly terms: string[];
  readonly match: MatchInfo;
  /** The fields of each of `terms`, in the same order: `match[terms[i]]`, without a lookup by name. */
  readonly fields: readonly (readonly string[])[];
}

/** A result's index terms and the fields of each, in the same order (a Candidate's `terms` and `fields`). */
export interface MatchedTerms {
  /** The first `count` entries are the result's (the arrays are written over, never emptied). */
  readonly terms: string[];
  readonly fields: (readonly string[])[];
  /** Each term's number in this run, below `Scored.termNumbers()`: what a term's figures can be kept by. */
  readonly ids: number[];
  count: number;
}

/** field id → section's short id → term frequency, as MiniSearch indexes a term (frozen: postings.ts). */
export type Postings = TermPostings;

/** MiniSearch's index, as its protected fields hold it (see minisearch's index.d.ts). */
interface Internals {
  readonly _options: {
    readonly fields: readonly string[];
    readonly searchOptions: {
      readonly weights: { readonly fuzzy: number; readonly prefix: number };
      readonly bm25: { readonly k: number; readonly b: number; readonly d: number };
    };
  };
  readonly _index: {
    get(term: string): Postings | undefined;
    atPrefix(prefix: string): Iterable<[string, Postings]>;
    /** The radix tree MiniSearch's fuzzyGet walks (the index is the whole tree: its prefix is empty). */
    readonly _tree: RadixTree<Postings>;
  };
  readonly _documentCount: number;
  readonly _dirtCount: number;
  readonly _documentIds: Map<number, unknown>;
  readonly _fieldIds: Readonly<Record<string, number>>;
  readonly _fieldLength: Map<number, number[]>;
  readonly _avgFieldLength: readonly number[];
  readonly _nextId: number;
}

/** An index term that a query term reached, in the order MiniSearch visits them. */
interface Visit {
  readonly term: string;
  readonly postings: Postings;
  readonly weight: number;
  /** Whether any section matched it. */
  readonly hit: boolean;
}

/** What one scoring run found; valid until the scorer's next run. */
export interface Scored {
  /** Sections matched. */
  readonly size: number;
  /** The best score (1 when nothing matched, as a missing first result reads). */
  readonly maxScore: number;
  /** Every index term matched by some section. */
  readonly matched: ReadonlySet<string>;
  /** The first `k` results in MiniSearch's order (score, then first matched). */
  top(k: number): Candidate[];
  /** The short ids of the first `k` results, in that order: `top(k)` without making the results. */
  best(k: number): number[];
  /** A matched section's result, as `top` makes it. */
  candidate(doc: number): Candidate;
  /** A matched section's score, as its result has it. */
  scoreOf(doc: number): number;
  /** How many distinct index terms the run reached: the terms' numbers in `describe` are below it. */
  termNumbers(): number;
  /**
   * A matched section's index terms and their fields, as its result lists them, written over the start of
   * `into`'s arrays (`into.count` of them): read many results without making one each.
   */
  describe(doc: number, into: MatchedTerms): void;
  /**
   * Which of these matched index terms MiniSearch's results name first (the results in order, each
   * result's terms in order).
   */
  firstNamed(terms: readonly string[]): string | undefined;
  /** The short ids of the matched sections that matched any of these index terms. */
  documentsWith(terms: ReadonlySet<string>): Set<number>;
}

/**
 * Scores queries over one MiniSearch index, reusing its buffers from search to search. The index must
 * not change once searched (typo lookups are remembered): build a new one, with a new scorer, instead.
 */
export class Scorer {
  private readonly ix: Internals;
  /** Stamps: `run` marks what the current search touched, `termRun` what the current query term did. */
  private run = 0;
  private termRun = 0;
  private capacity = -1;
  private fieldLengths: Float64Array[] = [];
  private seen = new Int32Array(0);
  private order = new Int32Array(0);
  private position = new Int32Array(0);
  private count = 0;
  private termSeen = new Int32Array(0);
  private termScore = new Float64Array(0);
  private termDocs = new Int32Array(0);
  private termCount = 0;
  private partSeen = [new Int32Array(0), new Int32Array(0)] as const;
  private partScore = [new Float64Array(0), new Float64Array(0)] as const;
  private sources = new Int32Array(0);
  private boostSeen = new Int32Array(0);
  private boostValue = new Float64Array(0);
  private final = new Float64Array(0);
  /** The final scores again, by position in first-matched order: read in a row, not scattered by section. */
  private atPosition = new Float64Array(0);
  private head = new Int32Array(0);
  private tail = new Int32Array(0);
  /** Stamps per distinct index term of the search, for `candidate` (one run per result made). */
  private termStamp = new Int32Array(64);
  private candidateRun = 0;
  private termsOf: VisitTerms | undefined;
  private readonly scratch = { terms: [] as string[], fields: [] as string[][] };
  /** (visit, field bits, next) triples: the index terms each matched section has, in visit order. */
  private entries = new Int32Array(3 * 4096);
  private entryCount = 0;

  /** The index terms, for typo lookups (typos.ts): made with the scorer, so no question pays for it. */
  private readonly lexicon: TypoLexicon<Postings>;
  /** Typo lookups by edits and term. */
  private readonly typos = new Map<string, ReadonlyMap<string, readonly [Postings, number]>>();
  /** atPrefix's answers by term (see prefixesOf). */
  private readonly prefixes = new Map<string, readonly (readonly [string, Postings])[]>();
  /** Each field's postings of the index terms searched so far, as arrays with their BM25 scores. */
  private readonly fieldScores = new Map<FieldPostings, FieldScores>();
  private cachedPostings = 0;

  /**
   * `maxCachedTypos`: how many terms' typo lookups (and, as many, prefix lookups) are remembered before
   * starting afresh;
   * `maxCachedPostings`: how many (section, score) pairs of searched terms are kept as arrays (8 bytes each:
   * the scores; the sections are a view of the frozen postings, see postings.ts).
   */
  constructor(
    mini: MiniSearch,
    private readonly maxCachedTypos: number,
    private readonly maxCachedPostings = 1_000_000,
  ) {
    // MiniSearch keeps its index in protected fields; reading them is the point of this module.
    this.ix = mini as unknown as Internals;
    // The postings never change from here on (see above): kept in arrays, not Maps.
    freezePostings(this.ix._index._tree);
    this.lexicon = typoLexicon(this.ix._index._tree);
    // Sized now, with the index, rather than in the first search.
    this.prepare();
  }

  /** The index terms within `edits` of a term, with their postings and distance, in the index's order. */
  private typosOf(term: string, edits: number): ReadonlyMap<string, readonly [Postings, number]> {
    const key = `${edits} ${term}`;
    let found = this.typos.get(key);
    if (found === undefined) {
      found = lexiconTerms(this.lexicon, this.ix._index._tree, term, edits);
      if (this.typos.size >= this.maxCachedTypos) this.typos.clear();
      this.typos.set(key, found);
    }
    return found;
  }

  /**
   * The index terms that start with a term (itself included, if the index has it), with their postings, in
   * the index's order: a walk of the term's branch, remembered like the typos (a short stem has hundreds).
   */
  private prefixesOf(term: string): readonly (readonly [string, Postings])[] {
    let found = this.prefixes.get(term);
    if (found === undefined) {
      found = [...this.ix._index.atPrefix(term)];
      if (this.prefixes.size >= this.maxCachedTypos) this.prefixes.clear();
      this.prefixes.set(term, found);
    }
    return found;
  }

  /** How many short ids the index has given (sections are numbered from 0). */
  slots(): number {
    return this.ix._nextId;
  }

  /** The section id MiniSearch knows by a short id. */
  idOf(doc: number): unknown {
    return this.ix._documentIds.get(doc);
  }

  /**
   * The sections (short ids) that have an index term in a field, in its postings' order: the arrays the
   * scoring keeps, read instead of the postings' Map.
   */
  sectionsWith(term: string, fieldId: number): Int32Array {
    const freqs = this.ix._index.get(term)?.get(fieldId);
    return freqs === undefined ? EMPTY : this.scoresOf(freqs, fieldId).docs;
  }

  /** The index terms within `edits` of a term (the term itself included, if the index has it). */
  nearTerms(term: string, edits: number): string[] {
    if (edits === 0) return this.has(term) ? [term] : [];
    return [...this.typosOf(term, edits).keys()];
  }

  /** Whether the index has a term (in any field). */
  has(term: string): boolean {
    return this.ix._index.get(term) !== undefined;
  }

  /** The id MiniSearch gives a field. */
  fieldId(field: string): number | undefined {
    return this.ix._fieldIds[field];
  }

  /** Scores an OR of parts, each an OR of terms, as MiniSearch's search of that query tree would. */
  score(parts: readonly (readonly TermSpec[])[], options: ScoreOptions): Scored {
    if (parts.length > 2) throw new Error(`Scorer: a query has at most two parts, not ${parts.length}`);
    this.prepare();
    this.run++;
    this.count = 0;
    this.entryCount = 0;
    const specs = parts.flatMap((terms, part) =>
      terms.map((spec) => ({ spec, part: part === 0 ? (0 as const) : (1 as const) })),
    );
    const visits: Visit[] = [];
    const touched: (Set<number> | undefined)[] = [];
    specs.forEach(({ spec, part }, s) => {
      // A term in two parts counts once towards a section's number of matched terms (MiniSearch's quality).
      const earlier = touched.filter((_, i) => specs[i]?.spec.term === spec.term);
      this.scoreTerm(spec, options, visits, earlier);
      const docs = this.termDocs.subarray(0, this.termCount);
      touched.push(specs.some((o, i) => i > s && o.spec.term === spec.term) ? new Set(docs) : undefined);
      this.addToPart(part, docs);
    });
    return this.results(visits);
  }

  /** One query term: the term itself, then its prefixes, then its typos, as MiniSearch's executeQuerySpec. */
  private scoreTerm(
    spec: TermSpec,
    options: ScoreOptions,
    visits: Visit[],
    earlier: readonly (Set<number> | undefined)[],
  ): void {
    const { weights } = this.ix._options.searchOptions;
    this.termRun++;
    this.termCount = 0;
    // Each index term reached is scored as it is met, in MiniSearch's order, and makes one Visit.
    const visit = (term: string, postings: Postings, weight: number) => {
      const hit = this.scoreVisit(postings, weight, visits.length, spec.boost, options, earlier);
      visits.push({ term, postings, weight, hit });
    };
    const exact = this.ix._index.get(spec.term);
    if (exact) visit(spec.term, exact, 1);
    const edits =
      spec.fuzzy < 1 ? Math.min(options.maxFuzzy, Math.round(spec.term.length * spec.fuzzy)) : spec.fuzzy;
    if (spec.prefix)
      for (const [term, postings] of this.prefixesOf(spec.term)) {
        const distance = term.length - spec.term.length;
        if (distance) visit(term, postings, (weights.prefix * term.length) / (term.length + 0.3 * distance));
      }
    if (!spec.fuzzy || !edits) return;
    for (const [term, [postings, distance]] of this.typosOf(spec.term, edits)) {
      // A prefix that is also a typo counts as a prefix (MiniSearch takes it out of the typos). The
      // prefixes visited are the index's terms longer than this one that start with it, as a typo that
      // does is (the typos are index terms too): a test of the word, not a set of the prefixes.
      if (!distance || (spec.prefix && isLongerPrefix(spec.term, term))) continue;
      visit(term, postings, (weights.fuzzy * term.length) / (term.length + distance));
    }
  }

  /**
   * Adds one index term's BM25 scores to the query term's sums, field by field, with MiniSearch's
   * termResults arithmetic; whether any section matched.
   */
  private scoreVisit(
    postings: Postings,
    visitWeight: number,
    v: number,
    termBoost: number,
    options: ScoreOptions,
    earlier: readonly (Set<number> | undefined)[],
  ): boolean {
    const ix = this.ix;
    const { k, b, d } = ix._options.searchOptions.bm25;
    const total = ix._documentCount;
    const dirty = ix._dirtCount > 0;
    const { boostDocument } = options;
    const { termSeen, termScore, termRun } = this;
    // The terms of MiniSearch's BM25 formula that are the same for every section, worked out as it does.
    const k1 = k + 1;
    const oneMinusB = 1 - b;
    let hit = false;
    for (const field of ix._options.fields) {
      const fieldId = ix._fieldIds[field] ?? -1;
      const freqs = postings.get(fieldId);
      if (freqs == null) continue;
      // MiniSearch multiplies left to right: weight × term boost × field boost × section boost × BM25.
      const weight = visitWeight * termBoost * (options.boost[field] || 1);
      const bit = 1 << fieldId;
      if (!dirty) {
        const { docs, bm25 } = this.scoresOf(freqs, fieldId);
        for (let i = 0; i < docs.length; i++) {
          const doc = docs[i] ?? 0;
          const docBoost = boostDocument ? this.boostOf(doc, boostDocument) : 1;
          if (!docBoost) continue;
          const weighted = weight * docBoost * (bm25[i] ?? 0);
          if (termSeen[doc] === termRun) termScore[doc] = (termScore[doc] ?? 0) + weighted;
          else {
            termScore[doc] = weighted;
            this.firstInTerm(doc, earlier);
          }
          this.note(doc, v, bit);
          hit = true;
        }
        continue;
      }
      let matching = freqs.size;
      let invDocFreq = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
      const avg = ix._avgFieldLength[fieldId] ?? 0;
      const lengths = this.fieldLengths[fieldId] ?? new Float64Array(0);
      for (const [doc, termFreq] of freqs) {
        if (dirty && !ix._documentIds.has(doc)) {
          matching -= 1;
          invDocFreq = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
          continue;
        }
        const docBoost = boostDocument ? this.boostOf(doc, boostDocument) : 1;
        if (!docBoost) continue;
        const fieldLength = lengths[doc] ?? 0;
        const raw =
          invDocFreq * (d + (termFreq * k1) / (termFreq + k * (oneMinusB + (b * fieldLength) / avg)));
        const weighted = weight * docBoost * raw;
        if (termSeen[doc] === termRun) termScore[doc] = (termScore[doc] ?? 0) + weighted;
        else {
          termScore[doc] = weighted;
          this.firstInTerm(doc, earlier);
        }
        this.note(doc, v, bit);
        hit = true;
      }
    }
    return hit;
  }

  /**
   * One field's postings of an index term as arrays, in the postings' order, with each section's BM25 score
   * worked out as scoreVisit's loop below does: the same for every search of an index that does not change.
   */
  private scoresOf(freqs: FieldPostings, fieldId: number): FieldScores {
    const known = this.fieldScores.get(freqs);
    if (known !== undefined) return known;
    const ix = this.ix;
    const { k, b, d } = ix._options.searchOptions.bm25;
    const k1 = k + 1;
    const oneMinusB = 1 - b;
    const matching = freqs.size;
    const invDocFreq = Math.log(1 + (ix._documentCount - matching + 0.5) / (matching + 0.5));
    const avg = ix._avgFieldLength[fieldId] ?? 0;
    const lengths = this.fieldLengths[fieldId] ?? new Float64Array(0);
    const bm25 = new Float64Array(matching);
    const score = (termFreq: number, doc: number) =>
      invDocFreq * (d + (termFreq * k1) / (termFreq + k * (oneMinusB + (b * (lengths[doc] ?? 0)) / avg)));
    let docs: Int32Array;
    if (freqs instanceof FrozenPostings) {
      // Frozen postings lend their run of sections: a view of the shared array, not a copy.
      docs = freqs.docs.subarray(freqs.start, freqs.start + matching);
      for (let i = 0; i < matching; i++) bm25[i] = score(freqs.freqs[freqs.start + i] ?? 0, docs[i] ?? 0);
    } else {
      docs = new Int32Array(matching);
      let i = 0;
      for (const [doc, termFreq] of freqs) {
        docs[i] = doc;
        bm25[i++] = score(termFreq, doc);
      }
    }
    if (this.cachedPostings + matching > this.maxCachedPostings) {
      this.fieldScores.clear();
      this.cachedPostings = 0;
    }
    const scores = { docs, bm25 };
    this.fieldScores.set(freqs, scores);
    this.cachedPostings += matching;
    return scores;
  }

  /**
   * A section's first match for this query term (its sum, in termScore, has just started): its matched
   * terms count it once. Takes no score and makes no closure: it runs once per section and term, and a
   * number passed to a call that is not inlined, or a closure, is an allocation each time.
   */
  private firstInTerm(doc: number, earlier: readonly (Set<number> | undefined)[]): void {
    this.termSeen[doc] = this.termRun;
    this.termDocs[this.termCount++] = doc;
    if (this.seen[doc] !== this.run) {
      this.seen[doc] = this.run;
      this.position[doc] = this.count;
      this.order[this.count++] = doc;
      this.head[doc] = -1;
      this.tail[doc] = -1;
      this.sources[doc] = 1;
    } else if (!inAny(earlier, doc)) this.sources[doc] = (this.sources[doc] ?? 0) + 1;
  }

  /** The section's boost, asked once per search. */
  private boostOf(doc: number, boostDocument: (id: unknown) => number): number {
    if (this.boostSeen[doc] !== this.run) {
      this.boostSeen[doc] = this.run;
      this.boostValue[doc] = boostDocument(this.ix._documentIds.get(doc));
    }
    return this.boostValue[doc] ?? 0;
  }

  /** Records that a section has visit v's index term in a field (the entries for its result's `match`). */
  private note(doc: number, v: number, bit: number): void {
    const last = this.tail[doc] ?? -1;
    if (last >= 0 && this.entries[3 * last] === v) {
      this.entries[3 * last + 1] = (this.entries[3 * last + 1] ?? 0) | bit;
      return;
    }
    if (3 * this.entryCount + 3 > this.entries.length) {
      const grown = new Int32Array(this.entries.length * 2);
      grown.set(this.entries);
      this.entries = grown;
    }
    const e = this.entryCount++;
    this.entries[3 * e] = v;
    this.entries[3 * e + 1] = bit;
    this.entries[3 * e + 2] = -1;
    if (last >= 0) this.entries[3 * last + 2] = e;
    else this.head[doc] = e;
    this.tail[doc] = e;
  }

  /** Adds the query term's sums to its part's (MiniSearch combines the terms of a part, then the parts, with OR). */
  private addToPart(part: 0 | 1, docs: Int32Array): void {
    const seen = this.partSeen[part];
    const score = this.partScore[part];
    for (const doc of docs) {
      if (seen[doc] === this.run) score[doc] = (score[doc] ?? 0) + (this.termScore[doc] ?? 0);
      else {
        seen[doc] = this.run;
        score[doc] = this.termScore[doc] ?? 0;
      }
    }
  }

  /** The final scores (parts added, times the number of query terms matched) and what the search found. */
  private results(visits: readonly Visit[]): Scored {
    const [ownSeen, expansionSeen] = this.partSeen;
    const [own, expansion] = this.partScore;
    const { order, sources, final, atPosition, run, count } = this;
    let maxScore = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < count; i++) {
      const doc = order[i] ?? 0;
      const inOwn = ownSeen[doc] === run;
      const inExpansion = expansionSeen[doc] === run;
      const sum =
        inOwn && inExpansion
          ? (own[doc] ?? 0) + (expansion[doc] ?? 0)
          : inOwn
            ? (own[doc] ?? 0)
            : (expansion[doc] ?? 0);
      const score = sum * (sources[doc] || 1);
      final[doc] = score;
      atPosition[i] = score;
      if (score > maxScore) maxScore = score;
    }
    const matched = new Set<string>();
    for (const visit of visits) if (visit.hit) matched.add(visit.term);
    // Results with the same fields for a term share the list (nothing changes a result).
    const fieldLists = new Map<number, string[]>();
    return {
      size: this.count,
      maxScore: this.count > 0 ? maxScore : 1,
      matched,
      top: (k) => this.best(k).map((doc) => this.candidate(doc, visits, fieldLists)),
      best: (k) => this.best(k),
      candidate: (doc) => this.candidate(doc, visits, fieldLists),
      scoreOf: (doc) => this.final[doc] ?? 0,
      describe: (doc, into) => {
        into.count = this.describe(doc, visits, fieldLists, into.terms, into.fields, into.ids);
      },
      termNumbers: () => this.visitTerms(visits).names.length,
      firstNamed: (terms) => this.firstNamed(terms, visits),
      documentsWith: (terms) => this.documentsWith(terms, visits),
    };
  }

  /** The first k matched sections of MiniSearch's stable sort by score (earlier matched first on a tie). */
  private best(k: number): number[] {
    const positions = this.sortedPositions(k);
    return positions.map((i) => this.order[i] ?? 0);
  }

  /** Positions (in first-matched order) of the k best sections, in result order. */
  private sortedPositions(k: number): number[] {
    const threshold = this.kthScore(k);
    const { atPosition, count } = this;
    const above: number[] = [];
    const at: number[] = [];
    for (let i = 0; i < count; i++) {
      const score = atPosition[i] ?? 0;
      if (score > threshold) above.push(i);
      else if (score === threshold && at.length < k) at.push(i);
    }
    const chosen = [...above, ...at.slice(0, Math.max(0, k - above.length))];
    return chosen.sort((a, b) => (atPosition[b] ?? 0) - (atPosition[a] ?? 0) || a - b);
  }

  /** The k-th best score (every score when fewer sections matched), by a small min-heap. */
  private kthScore(k: number): number {
    if (this.count <= k) return Number.NEGATIVE_INFINITY;
    const heap = new Float64Array(k);
    const { atPosition, count } = this;
    let size = 0;
    for (let i = 0; i < count; i++) {
      const score = atPosition[i] ?? 0;
      if (size < k) siftUp(heap, size++, score);
      else if (score > (heap[0] ?? 0)) siftDown(heap, k, score);
    }
    return heap[0] ?? 0;
  }

  /**
   * A result as MiniSearch's search makes it: match lists each index term's fields, in the order first
   * matched (its `match` object is made only when read: the terms and their fields say the same).
   */
  private candidate(
    doc: number,
    visits: readonly Visit[],
    fieldLists = new Map<number, string[]>(),
  ): Candidate {
    // Described into the scratch arrays, then copied at their length (arrays grown by pushes take more).
    const { terms, fields } = this.scratch;
    const count = this.describe(doc, visits, fieldLists, terms, fields);
    return new Result(
      this.ix._documentIds.get(doc),
      this.final[doc] ?? 0,
      terms.slice(0, count),
      fields.slice(0, count),
    );
  }

  /**
   * A result's terms and their fields, as `candidate` lists them, written over the start of the arrays;
   * how many. (Arrays emptied or cut shorter give up their room and allocate it again for the next.)
   */
  private describe(
    doc: number,
    visits: readonly Visit[],
    fieldLists: Map<number, string[]>,
    terms: string[],
    lists: (readonly string[])[],
    ids?: number[],
  ): number {
    const { names, of, index, numbers } = this.visitTerms(visits);
    this.candidateRun++;
    let numbered = false;
    let count = 0;
    for (let e = this.head[doc] ?? -1; e >= 0; e = this.entries[3 * e + 2] ?? -1) {
      const bits = this.entries[3 * e + 1] ?? 0;
      const id = of[this.entries[3 * e] ?? 0] ?? 0;
      let list = fieldLists.get(bits);
      if (list === undefined) {
        list = this.fieldsOf(bits);
        fieldLists.set(bits, list);
      }
      // A term met again keeps its place and takes the later fields, as a key set twice on an object.
      if (this.termStamp[id] === this.candidateRun) lists[index[id] ?? 0] = list;
      else {
        this.termStamp[id] = this.candidateRun;
        index[id] = count;
        numbered ||= numbers[id] === 1;
        terms[count] = names[id] ?? '';
        if (ids) ids[count] = id;
        lists[count++] = list;
      }
    }
    if (numbered) arrayIndicesFirst(terms, lists, count, ids);
    return count;
  }

  /**
   * The fields whose bits are set, in the index's order. (A function of its own: a closure over a loop's
   * variable makes the loop allocate that variable's scope each time round, even when it never runs.)
   */
  private fieldsOf(bits: number): string[] {
    return this.ix._options.fields.filter((f) => bits & (1 << (this.ix._fieldIds[f] ?? 0)));
  }

  /** The distinct index terms of a search's visits, and each visit's term as a number (worked out once). */
  private visitTerms(visits: readonly Visit[]): VisitTerms {
    if (this.termsOf?.visits === visits) return this.termsOf;
    const ids = new Map<string, number>();
    const of = new Int32Array(visits.length);
    visits.forEach((visit, v) => {
      let id = ids.get(visit.term);
      if (id === undefined) {
        id = ids.size;
        ids.set(visit.term, id);
      }
      of[v] = id;
    });
    if (this.termStamp.length < ids.size) this.termStamp = new Int32Array(2 * ids.size);
    else this.termStamp.fill(0, 0, ids.size);
    this.candidateRun = 0;
    const names = [...ids.keys()];
    const numbers = Uint8Array.from(names, (name) => (isArrayIndex(name) ? 1 : 0));
    this.termsOf = { visits, names, of, index: new Int32Array(ids.size), numbers };
    return this.termsOf;
  }

  /** Of these index terms, the one in the best-ranked result (in that result's order of terms on a tie). */
  private firstNamed(terms: readonly string[], visits: readonly Visit[]): string | undefined {
    let first: { term: string; doc: number } | undefined;
    for (const term of terms) {
      let doc = -1;
      for (const visit of visits) {
        if (visit.term !== term) continue;
        for (const freqs of visit.postings.values())
          for (const d of docsOf(freqs))
            if (this.seen[d] === this.run && (doc < 0 || this.before(d, doc))) doc = d;
      }
      if (doc < 0) continue;
      if (first === undefined || this.before(doc, first.doc)) first = { term, doc };
      else if (doc === first.doc) {
        const named = this.candidate(doc, visits).terms;
        if (named.indexOf(term) < named.indexOf(first.term)) first = { term, doc };
      }
    }
    return first?.term;
  }

  /** Whether section a comes before section b in the results: a higher score, or as high and matched earlier. */
  private before(a: number, b: number): boolean {
    const [sa, sb] = [this.final[a] ?? 0, this.final[b] ?? 0];
    return sa > sb || (sa === sb && (this.position[a] ?? 0) < (this.position[b] ?? 0));
  }

  /** The matched sections that have any of these index terms. */
  private documentsWith(terms: ReadonlySet<string>, visits: readonly Visit[]): Set<number> {
    const docs = new Set<number>();
    for (const visit of visits) {
      if (!terms.has(visit.term)) continue;
      for (const freqs of visit.postings.values())
        for (const doc of docsOf(freqs)) if (this.seen[doc] === this.run) docs.add(doc);
    }
    return docs;
  }

  /** Sizes the buffers to the index and reads its field lengths into arrays, when it has grown (or stamps ran out). */
  private prepare(): void {
    const size = this.ix._nextId;
    if (size === this.capacity && this.run < 2 ** 30 && this.termRun < 2 ** 30) return;
    this.capacity = size;
    this.fieldScores.clear();
    this.cachedPostings = 0;
    const ints = () => new Int32Array(size);
    const floats = () => new Float64Array(size);
    this.fieldLengths = this.ix._options.fields.map(floats);
    for (const [doc, lengths] of this.ix._fieldLength)
      lengths.forEach((length, fieldId) => {
        const column = this.fieldLengths[fieldId];
        if (column) column[doc] = length;
      });
    [this.seen, this.order, this.position, this.termSeen, this.termDocs, this.sources, this.boostSeen] = [
      ints(),
      ints(),
      ints(),
      ints(),
      ints(),
      ints(),
      ints(),
    ];
    [this.head, this.tail] = [ints(), ints()];
    this.partSeen = [ints(), ints()];
    [this.termScore, this.boostValue, this.final, this.atPosition] = [floats(), floats(), floats(), floats()];
    this.partScore = [floats(), floats()];
    this.run = 0;
    this.termRun = 0;
  }
}

const EMPTY = new Int32Array(0);

/** A field's sections in its postings' order: frozen postings' own run (no copy), else read from the Map. */
function docsOf(freqs: FieldPostings): Int32Array {
  return freqs instanceof FrozenPostings
    ? freqs.docs.subarray(freqs.start, freqs.start + freqs.size)
    : Int32Array.from(freqs.keys());
}

/** Whether `term` starts with `prefix` and is longer: an index term that prefix matching reaches. */
function isLongerPrefix(prefix: string, term: string): boolean {
  return term.length > prefix.length && term.startsWith(prefix);
}

/** Whether any of the sets has the section. */
function inAny(sets: readonly (Set<number> | undefined)[], doc: number): boolean {
  for (const set of sets) if (set?.has(doc)) return true;
  return false;
}

/** One field's postings of an index term: the sections (short ids) and their BM25 scores, before boosts. */
interface FieldScores {
  readonly docs: Int32Array;
  readonly bm25: Float64Array;
}

/** The distinct index terms of one search's visits: their names, each visit's term, a scratch position per term. */
interface VisitTerms {
  readonly visits: readonly Visit[];
  readonly names: readonly string[];
  readonly of: Int32Array;
  readonly index: Int32Array;
  /** 1 for a term that is an array index ("2019"), which Object.keys puts first. */
  readonly numbers: Uint8Array;
}

/** A candidate whose `match` object is made only when read (the ranking reads `terms` and `fields`). */
class Result implements Candidate {
  constructor(
    readonly id: unknown,
    readonly score: number,
    readonly terms: string[],
    readonly fields: readonly string[][],
  ) {}

  get match(): MatchInfo {
    const match: MatchInfo = {};
    this.terms.forEach((term, i) => {
      match[term] = this.fields[i] ?? [];
    });
    return match;
  }
}

/** Whether an object key is an array index ("2019"): such keys come first, in numeric order, in Object.keys. */
function isArrayIndex(key: string): boolean {
  const first = key.charCodeAt(0);
  if (!(first >= 48 && first <= 57)) return false;
  return ARRAY_INDEX.test(key) && Number(key) < 2 ** 32 - 1;
}

const ARRAY_INDEX = /^(?:0|[1-9]\d{0,9})$/;

/** Orders terms as Object.keys orders an object's keys: array indices first, ascending, then the rest as set. */
function arrayIndicesFirst<L>(terms: string[], lists: L[], count: number, ids?: number[]): void {
  const order = terms.slice(0, count).map((_, i) => i);
  const rank = (i: number) => (isArrayIndex(terms[i] ?? '') ? Number(terms[i]) : 2 ** 32);
  order.sort((a, b) => rank(a) - rank(b) || a - b);
  const [t, l] = [order.map((i) => terms[i] ?? ''), order.map((i) => lists[i] as L)];
  const d = ids ? order.map((i) => ids[i] ?? 0) : [];
  for (let i = 0; i < count; i++) {
    terms[i] = t[i] ?? '';
    lists[i] = l[i] as L;
    if (ids) ids[i] = d[i] ?? 0;
  }
}

/** Adds a score to a min-heap of `size` scores. */
function siftUp(heap: Float64Array, size: number, score: number): void {
  let i = size;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if ((heap[parent] ?? 0) <= score) break;
    heap[i] = heap[parent] ?? 0;
    i = parent;
  }
  heap[i] = score;
}

/** Replaces a full min-heap's smallest score. */
function siftDown(heap: Float64Array, size: number, score: number): void {
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= size) break;
    const right = left + 1;
    const child = right < size && (heap[right] ?? 0) < (heap[left] ?? 0) ? right : left;
    if ((heap[child] ?? 0) >= score) break;
    heap[i] = heap[child] ?? 0;
    i = child;
  }
  heap[i] = score;
}
