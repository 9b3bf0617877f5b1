import type { RadixTree } from './typos.js';

/**
 * **Frozen postings**: MiniSearch keeps each index term's postings in a field (section short id → term
 * frequency) as a Map, some 30 to 60 bytes a pair; most of a large index's memory (bench/results.md: the
 * corpora ×4 have millions of pairs). Once the index is built they never change, so they move into two
 * arrays shared by every term (6 bytes a pair), each term's field reading its own run of them, in the
 * same order, through the Map methods MiniSearch and the scorer call (its `toJSON` included, so a saved
 * index is the same JSON). MiniSearch can no longer add or remove sections: build a new index instead.
 */

/** One field's postings of an index term: section short id → term frequency, read-only. */
export type FieldPostings = ReadonlyMap<number, number>;

/** A term's postings per field id, as MiniSearch's radix tree holds them. */
export type TermPostings = Map<number, FieldPostings>;

/** The largest term frequency the arrays hold; a field with a larger one keeps its Map. */
const MAX_FREQUENCY = 0xffff;

/** A run of the shared arrays: the sections in ascending order, with their term frequencies. */
export class FrozenPostings implements FieldPostings {
  constructor(
    readonly docs: Int32Array,
    readonly freqs: Uint16Array,
    readonly start: number,
    readonly size: number,
  ) {}

  /** Where a section is in the run, by binary search, or -1. */
  private find(doc: number): number {
    let lo = this.start;
    let hi = this.start + this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = this.docs[mid] ?? 0;
      if (at === doc) return mid;
      if (at < doc) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  get(doc: number): number | undefined {
    const i = this.find(doc);
    return i < 0 ? undefined : this.freqs[i];
  }

  has(doc: number): boolean {
    return this.find(doc) >= 0;
  }

  *keys(): MapIterator<number> {
    for (let i = this.start; i < this.start + this.size; i++) yield this.docs[i] ?? 0;
  }

  *values(): MapIterator<number> {
    for (let i = this.start; i < this.start + this.size; i++) yield this.freqs[i] ?? 0;
  }

  *entries(): MapIterator<[number, number]> {
    for (let i = this.start; i < this.start + this.size; i++) yield [this.docs[i] ?? 0, this.freqs[i] ?? 0];
  }

  [Symbol.iterator](): MapIterator<[number, number]> {
    return this.entries();
  }

  forEach(fn: (freq: number, doc: number, map: FieldPostings) => void): void {
    for (let i = this.start; i < this.start + this.size; i++) fn(this.freqs[i] ?? 0, this.docs[i] ?? 0, this);
  }
}

/**
 * Replaces the postings Maps of every term of MiniSearch's radix tree by runs of two shared arrays, where
 * they read the same: sections in ascending order (as MiniSearch adds and loads them), whole frequencies
 * up to MAX_FREQUENCY. Any other field keeps its Map.
 */
export function freezePostings(tree: RadixTree<TermPostings>): void {
  const fields: [TermPostings, number, FieldPostings][] = [];
  const collect = (node: RadixTree<TermPostings>): void => {
    for (const [key, child] of node) {
      if (key !== '') collect(child as RadixTree<TermPostings>);
      else
        for (const [fieldId, postings] of child as TermPostings)
          if (!(postings instanceof FrozenPostings) && freezable(postings))
            fields.push([child as TermPostings, fieldId, postings]);
    }
  };
  collect(tree);
  const total = fields.reduce((sum, [, , postings]) => sum + postings.size, 0);
  const docs = new Int32Array(total);
  const freqs = new Uint16Array(total);
  let at = 0;
  for (const [term, fieldId, postings] of fields) {
    const start = at;
    for (const [doc, freq] of postings) {
      docs[at] = doc;
      freqs[at++] = freq;
    }
    // Setting a key the Map has keeps its place in the Map's order.
    term.set(fieldId, new FrozenPostings(docs, freqs, start, postings.size));
  }
}

/** Whether a field's postings read the same from the arrays: ascending sections, small whole frequencies. */
function freezable(postings: FieldPostings): boolean {
  let last = -1;
  for (const [doc, freq] of postings) {
    if (!(doc > last && doc <= 0x7fffffff && Number.isInteger(freq) && freq >= 0 && freq <= MAX_FREQUENCY))
      return false;
    last = doc;
  }
  return true;
}

/**
 * **Saved postings**: every term's frozen postings as the saved index holds them, so loading it makes the
 * shared arrays at once instead of JSON objects, then Maps, then arrays (MiniSearch's own JSON, then
 * `freezePostings`): the corpora's warm start spent about 0.4 s there, most of it collecting the garbage.
 * `runs` has, for each term in order, its field count, then each field's id and size; each field's run
 * starts where the one before it ended. Arrays are base64 of their bytes (the machine's byte order: a saved
 * index is read back by the machine that wrote it).
 */
export interface SavedPostings {
  readonly terms: readonly string[];
  readonly runs: string;
  readonly docs: string;
  readonly freqs: string;
}

/** The index's postings, saved; undefined when a field's postings cannot be frozen (save them as JSON). */
export function savePostings(index: Iterable<[string, TermPostings]>): SavedPostings | undefined {
  // Counted first, so the arrays are made once at their size (the corpora ×4 have millions of pairs).
  const terms: string[] = [];
  let fields = 0;
  let pairs = 0;
  for (const [term, byField] of index) {
    terms.push(term);
    for (const postings of byField.values()) {
      // The scorer froze them already (checked then); a Map left is checked here.
      if (!(postings instanceof FrozenPostings) && !freezable(postings)) return undefined;
      fields++;
      pairs += postings.size;
    }
  }
  const runs = new Int32Array(terms.length + 2 * fields);
  const docs = new Int32Array(pairs);
  const freqs = new Uint16Array(pairs);
  let r = 0;
  let at = 0;
  for (const [, byField] of index) {
    runs[r++] = byField.size;
    for (const [fieldId, postings] of byField) {
      runs[r++] = fieldId;
      runs[r++] = postings.size;
      for (const [doc, freq] of postings) {
        docs[at] = doc;
        freqs[at++] = freq;
      }
    }
  }
  return { terms, runs: base64(runs), docs: base64(docs), freqs: base64(freqs) };
}

/** Gives each saved term its postings, frozen, in the saved order. */
export function loadPostings(
  saved: SavedPostings,
  set: (term: string, postings: TermPostings) => void,
): void {
  const runs = new Int32Array(bytesOf(saved.runs, 4));
  const docs = new Int32Array(bytesOf(saved.docs, 4));
  const freqs = new Uint16Array(bytesOf(saved.freqs, 2));
  let r = 0;
  let at = 0;
  for (const term of saved.terms) {
    const fields: TermPostings = new Map();
    for (let n = runs[r++] ?? 0; n > 0; n--) {
      const fieldId = runs[r++] ?? 0;
      const size = runs[r++] ?? 0;
      fields.set(fieldId, new FrozenPostings(docs, freqs, at, size));
      at += size;
    }
    set(term, fields);
  }
  if (r !== runs.length || at !== docs.length || at !== freqs.length)
    throw new Error('saved postings do not add up');
}

function base64(array: Int32Array | Uint16Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

/** A base64 string's bytes in a buffer of their own (a typed array needs its element size's alignment). */
function bytesOf(text: string, elementSize: number): ArrayBuffer {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.byteLength % elementSize !== 0) throw new Error('saved postings are cut short');
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}
