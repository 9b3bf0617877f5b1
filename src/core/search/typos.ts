/**
 * **Typo lookup**: the index terms within a number of edits of a word, as MiniSearch's `fuzzyGet` finds
 * them: the same walk of its radix tree with the same Levenshtein matrix (rows added as the walk goes
 * down a branch), so the same terms, distances and order. Two things cost less: letters are compared as
 * numbers, and a branch is left as soon as its words are longer than the word plus the edits (MiniSearch
 * reads past its matrix there and walks the whole branch, finding nothing). The scorer looks typos up in
 * the typo lexicon below, which finds the same; the walk is kept for words longer than the lexicon takes.
 * tests/core/search/typos.test.ts holds both to `fuzzyGet`.
 */

/** A node of MiniSearch's radix tree (SearchableMap's `_tree`): edge letters → node, '' → a term's value. */
export type RadixTree<V> = Map<string, RadixTree<V> | V>;

/** The walk's fixed inputs: the word's letters, the edits allowed, the matrix width and row count. */
interface Walk<V> {
  readonly word: Uint16Array;
  readonly edits: number;
  readonly width: number;
  readonly rows: number;
  readonly matrix: Uint8Array;
  readonly found: Map<string, [V, number]>;
}

/** The terms within `edits` of `word`, each with its value and distance, in the tree's order. */
export function fuzzyTerms<V>(tree: RadixTree<V>, word: string, edits: number): Map<string, [V, number]> {
  const width = word.length + 1;
  const rows = width + edits;
  // As MiniSearch fills it: 0 1 2 … along the first row and down the first column, edits + 1 elsewhere.
  const matrix = new Uint8Array(rows * width).fill(edits + 1);
  for (let j = 0; j < width; ++j) matrix[j] = j;
  for (let i = 1; i < rows; ++i) matrix[i * width] = i;
  const letters = new Uint16Array(word.length);
  for (let j = 0; j < word.length; j++) letters[j] = word.charCodeAt(j);
  const walk: Walk<V> = { word: letters, edits, width, rows, matrix, found: new Map() };
  visit(walk, tree, 1, '');
  return walk.found;
}

/** One node: each edge's letters add rows while some cell of the row is within the edits. */
function visit<V>(walk: Walk<V>, node: RadixTree<V>, row: number, prefix: string): void {
  const { word, edits, width, rows, matrix } = walk;
  const end = row * width;
  edges: for (const key of node.keys()) {
    if (key === '') {
      const distance = matrix[end - 1] ?? edits + 1;
      if (distance <= edits) walk.found.set(prefix, [node.get(key) as V, distance]);
      continue;
    }
    let i = row;
    for (let pos = 0; pos < key.length; ++pos, ++i) {
      // Past the last row every word is too long: none below is found.
      if (i >= rows) continue edges;
      const letter = key.charCodeAt(pos);
      const at = width * i;
      const above = at - width;
      let least = matrix[at] ?? 0;
      const from = Math.max(0, i - edits - 1);
      const to = Math.min(width - 1, i + edits);
      // The cells above-left, above and left of the one worked out, each read from the matrix once.
      let aboveLeft = matrix[above + from] ?? 0;
      let left = matrix[at + from] ?? 0;
      for (let j = from; j < to; ++j) {
        const aboveHere = matrix[above + j + 1] ?? 0;
        const replace = aboveLeft + (letter !== word[j] ? 1 : 0);
        // The cell keeps the byte; the row's least is the sum itself, as MiniSearch has it.
        const distance = Math.min(replace, aboveHere + 1, left + 1);
        matrix[at + j + 1] = distance;
        if (distance < least) least = distance;
        aboveLeft = aboveHere;
        left = distance & 0xff;
      }
      if (least > edits) continue edges;
    }
    visit(walk, node.get(key) as RadixTree<V>, i, prefix + key);
  }
}

/**
 * **Typo lexicon**: every index term once, in the order the walk above finds them, grouped by length, with
 * a mask of its letters. A lookup reads only the terms whose length is within the edits of the word's and
 * whose letters could be reached in that many edits, and works out the distance of those alone: the same
 * terms and distances as the walk (in its order), in a fraction of its time on a large index, whose first
 * searches each paid a walk of the tree (bench/results.md). About 40 bytes a term.
 */
export interface TypoLexicon<V> {
  readonly terms: readonly string[];
  readonly values: readonly V[];
  /** The terms' letters one after the other: term r's are `letters[start[r]]` to `letters[start[r + 1]]`. */
  readonly letters: Uint16Array;
  readonly start: Int32Array;
  readonly masks: Int32Array;
  /** Term numbers by length, each length in the walk's order: length n's are `byLength[from[n]…from[n+1]]`. */
  readonly byLength: Int32Array;
  readonly from: Int32Array;
}

/** Longer words are looked up by the walk: its matrix keeps bytes, and this lexicon's answers must be its. */
const MAX_LEXICON_WORD = 64;

/** The lexicon of a radix tree, whose terms are numbered in the walk's order. */
export function typoLexicon<V>(tree: RadixTree<V>): TypoLexicon<V> {
  const terms: string[] = [];
  const values: V[] = [];
  const collect = (node: RadixTree<V>, prefix: string): void => {
    for (const [key, child] of node) {
      if (key === '') {
        terms.push(prefix);
        values.push(child as V);
      } else collect(child as RadixTree<V>, prefix + key);
    }
  };
  collect(tree, '');
  const start = new Int32Array(terms.length + 1);
  terms.forEach((t, r) => {
    start[r + 1] = (start[r] ?? 0) + t.length;
  });
  const letters = new Uint16Array(start[terms.length] ?? 0);
  const masks = new Int32Array(terms.length);
  let longest = 0;
  terms.forEach((t, r) => {
    const at = start[r] ?? 0;
    for (let i = 0; i < t.length; i++) letters[at + i] = t.charCodeAt(i);
    masks[r] = maskOf(letters, at, t.length);
    longest = Math.max(longest, t.length);
  });
  // A counting sort by length keeps the walk's order within each length.
  const from = new Int32Array(longest + 2);
  for (const t of terms) from[t.length + 1] = (from[t.length + 1] ?? 0) + 1;
  for (let n = 1; n < from.length; n++) from[n] = (from[n] ?? 0) + (from[n - 1] ?? 0);
  const next = from.slice();
  const byLength = new Int32Array(terms.length);
  terms.forEach((t, r) => {
    const k = next[t.length] ?? 0;
    byLength[k] = r;
    next[t.length] = k + 1;
  });
  return { terms, values, letters, start, masks, byLength, from };
}

/** The terms within `edits` of `word`, each with its value and distance, in the tree's order (as fuzzyTerms). */
export function lexiconTerms<V>(
  lexicon: TypoLexicon<V>,
  tree: RadixTree<V>,
  word: string,
  edits: number,
): Map<string, [V, number]> {
  if (word.length > MAX_LEXICON_WORD) return fuzzyTerms(tree, word, edits);
  const codes = new Uint16Array(word.length);
  for (let j = 0; j < word.length; j++) codes[j] = word.charCodeAt(j);
  const mask = maskOf(codes, 0, codes.length);
  const { letters, start, masks, byLength, from } = lexicon;
  const rows = [new Int32Array(word.length + 2), new Int32Array(word.length + 2)] as const;
  const found: number[] = [];
  const distances: number[] = [];
  const shortest = Math.max(0, word.length - edits);
  const longest = Math.min(from.length - 2, word.length + edits);
  for (let n = shortest; n <= longest; n++) {
    for (let k = from[n] ?? 0; k < (from[n + 1] ?? 0); k++) {
      const r = byLength[k] ?? 0;
      const m = masks[r] ?? 0;
      // Each letter of one that the other lacks takes an edit of its own.
      if (bits(mask & ~m) > edits || bits(m & ~mask) > edits) continue;
      const distance = within(letters, start[r] ?? 0, n, codes, edits, rows);
      if (distance <= edits) {
        found.push(r);
        distances[r] = distance;
      }
    }
  }
  found.sort((a, b) => a - b);
  const out = new Map<string, [V, number]>();
  for (const r of found) out.set(lexicon.terms[r] ?? '', [lexicon.values[r] as V, distances[r] ?? 0]);
  return out;
}

/** The letters a term has, as bits: a–z one each, digits one, any other letter one of five by its code. */
function maskOf(codes: Uint16Array, at: number, length: number): number {
  let mask = 0;
  for (let i = at; i < at + length; i++) {
    const c = codes[i] ?? 0;
    mask |= 1 << (c >= 97 && c <= 122 ? c - 97 : c >= 48 && c <= 57 ? 26 : 27 + (c % 5));
  }
  return mask;
}

/** How many bits are set. */
function bits(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * The edit distance of a term (`length` letters from `at`) to the word, or `edits + 1` when above `edits`:
 * the Levenshtein matrix a row per letter of the term, only the cells within `edits` of the diagonal (no
 * cheaper path leaves them), stopped when a row has no cell within the edits.
 */
function within(
  letters: Uint16Array,
  at: number,
  length: number,
  word: Uint16Array,
  edits: number,
  rows: readonly [Int32Array, Int32Array],
): number {
  const width = word.length;
  const over = edits + 1;
  let [above, here] = rows;
  for (let j = 0; j <= width + 1; j++) above[j] = j <= edits ? j : over;
  for (let i = 1; i <= length; i++) {
    const letter = letters[at + i - 1];
    const lo = Math.max(1, i - edits);
    const hi = Math.min(width, i + edits);
    let left = lo === 1 ? Math.min(i, over) : over;
    here[lo - 1] = left;
    let least = left;
    for (let j = lo; j <= hi; j++) {
      const replace = (above[j - 1] ?? over) + (letter === word[j - 1] ? 0 : 1);
      const cell = Math.min(replace, (above[j] ?? over) + 1, left + 1, over);
      here[j] = cell;
      if (cell < least) least = cell;
      left = cell;
    }
    here[hi + 1] = over;
    if (least > edits) return over;
    [above, here] = [here, above];
  }
  return above[width] ?? over;
}
