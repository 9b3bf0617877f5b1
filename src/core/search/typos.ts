/**
 * **Typo lookup**: the index terms within a number of edits of a word, as MiniSearch's `fuzzyGet` finds
 * them: the same walk of its radix tree with the same Levenshtein matrix (rows added as the walk goes
 * down a branch), so the same terms, distances and order. Two things cost less: letters are compared as
 * numbers, and a branch is left as soon as its words are longer than the word plus the edits (MiniSearch
 * reads past its matrix there and walks the whole branch, finding nothing). A first search of a large
 * index spends most of its time in this walk. tests/core/search/typos.test.ts holds it to `fuzzyGet`.
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
