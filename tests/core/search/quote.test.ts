import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../src/core/answers/answer.js';
import { EXCERPT_OPTIONS, excerpt } from '../../../src/core/answers/excerpt.js';
import { phrasePattern, quotedPhrases } from '../../../src/core/search/quote.js';
import { reportIndex } from '../../helpers.js';

describe('quotes', () => {
  it('finds what a question quotes: double or single quotes, straight or curly, not apostrophes', () => {
    expect(quotedPhrases("which tool did he say 'I think we should use' about")).toEqual([
      'I think we should use',
    ]);
    expect(quotedPhrases("where did he say 'I think I'll wait' and for what")).toEqual(["I think I'll wait"]);
    expect(quotedPhrases('“built for engineers to solve problems” - which tool?')).toEqual([
      'built for engineers to solve problems',
    ]);
    expect(quotedPhrases('"go faster" or "a platform for building platforms"?')).toEqual([
      'a platform for building platforms',
    ]);
    // Fewer than three words say too little (a contraction is one); apostrophes alone quote nothing.
    expect(quotedPhrases("what's the author's take on 'multi-cloud'")).toEqual([]);
    expect(quotedPhrases('does helm support "doesn\'t mean"')).toEqual([]);
    // A year's apostrophe opens no quote; German marks, and marks typed unpaired, quote too.
    expect(quotedPhrases("what did he say at kubecon '19 about 'too early days'")).toEqual([
      'too early days',
    ]);
    expect(quotedPhrases('the „built for engineers“ line, “too early days" bit')).toEqual([
      'built for engineers',
      'too early days',
    ]);
    // The same quote twice is looked up once, and a long message's quotes three at most.
    expect(quotedPhrases('"a b c" and "a b c"')).toEqual(['a b c']);
    expect(quotedPhrases('"a b c" "d e f" "g h i" "j k l"')).toHaveLength(3);
  });

  it('matches a quote’s words in order and whole, whatever punctuation or case stands between them', () => {
    const pattern = phrasePattern('probably. maybe. we will see');
    expect(pattern.test('gamble on it. Probably. Maybe. We will see :)')).toBe(true);
    expect(pattern.test('probably maybe we will seek')).toBe(false);
    expect(phrasePattern("I think I'll wait").test('I think I’ll wait for the Operator')).toBe(true);
  });

  it('answers a quote of words the search ignores with the section that says them, cut where it starts', async () => {
    const index = await reportIndex();
    const outcome = index.search("which tool did the author say 'I think we should use'");
    expect(outcome.confident).toBe(true);
    expect(outcome.hits[0]?.section.heading).toBe('Wrap Up');
    expect(outcome.quote).toBe('I think we should use');
    // Nothing else was enough to answer: no other section is offered as also relevant.
    expect(outcome.hits).toHaveLength(1);
    const answer = answerQuestion(
      index,
      'the "probably. maybe. we will see" bit - what was he unsure about?',
    );
    expect(answer.results[0]?.heading).toBe('2. The Logging Problem');
    expect(answer.results[0]?.excerpt.replaceAll('*', '')).toMatch(/Probably\. Maybe\. We will see/);
  });

  it('cuts a long passage from the sentence where the quote starts', () => {
    const filler = 'The hallway track was busy and the coffee was good. '.repeat(
      Math.ceil(EXCERPT_OPTIONS.maxLength / 40),
    );
    const text = `${filler}Then I said we should wait and see. ${filler}`;
    const section = { heading: 'Notes', passages: [{ text, mrkdwn: text }] };
    const none = new Map<string, number>();
    expect(excerpt(section, none, [], none, 'we should wait and see')).toMatch(
      /^…Then I said we should wait/,
    );
    expect(excerpt(section, none, [], none)).toMatch(/^The hallway track/);
  });

  it('stands in for evidence only: a name the notes lack, or what the question asks of its section, still decline', async () => {
    const index = await reportIndex();
    for (const q of [
      // Everyday words the notes happen to say, about something they lack.
      'is argo cd "a big deal" yet?',
      'is the "stable and mature" claim true for helm',
      // A person, a version, steps or details the quoted section doesn't give.
      'who maintains "open policy agent"',
      'what version of "open policy agent" did they show',
      'how do i set up "service mesh interface" in our cluster',
      '"custom deployment controller" details?',
    ])
      expect(index.search(q).confident, q).toBe(false);
    // A question answered anyway keeps its answer when several sections say its quote.
    expect(index.search('what about "at the moment" for logging').hits[0]?.section.heading).toBe(
      '2. The Logging Problem',
    );
  });

  it('puts the one section that says a quote first, even when another has more of the question’s words', async () => {
    const index = await reportIndex();
    // "Any Stand-out Themes?" has "platform", "building" and "meant"; the history section says the phrase.
    const outcome = index.search("so what's meant by 'platform for building platforms' exactly?");
    expect(outcome.confident).toBe(true);
    expect(outcome.hits[0]?.section.heading).toBe('This Kubernetes Thing Might Catch On');
    expect(outcome.quote).toBe('platform for building platforms');
    // Answered anyway, the other relevant sections stay, after it.
    expect(outcome.hits.map((h) => h.section.heading)).toContain('Any Stand-out Themes?');
  });

  it('changes nothing when no section says the quote', async () => {
    const index = await reportIndex();
    const q = "did he say 'we should rewrite everything in rust'";
    expect(index.search(q).confident).toBe(false);
    expect(index.search(q).quote).toBeUndefined();
  });
});
