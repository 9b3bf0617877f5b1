import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../src/core/answers/answer.js';
import { cut, EXCERPT_OPTIONS, excerpt } from '../../../src/core/answers/excerpt.js';
import { processTerm } from '../../../src/core/search/terms.js';
import type { Passage } from '../../../src/core/types.js';
import { reportIndex } from '../../helpers.js';

/** A passage whose plain text is its mrkdwn (no markup in these fixtures). */
const passage = (text: string): Passage => ({ text, mrkdwn: text });
/** Weights as the answer gives them: each word's term, weight 1 unless said. */
const weights = (...words: (string | [string, number])[]) =>
  new Map(
    words.map((w) => (typeof w === 'string' ? [processTerm(w) ?? w, 1] : [processTerm(w[0]) ?? w[0], w[1]])),
  );

const tracing = {
  heading: '3. Distributed Tracing',
  passages: [
    passage('We are pretty close to needing some sort of distributed tracing tool for our microservices.'),
    passage(
      'So the news that OpenTracing and OpenCensus are joining together in a backwards-compatible way is very pleasing.',
    ),
    passage('I hope to write more about this topic soon once we have used the tooling.'),
  ],
};

describe('excerpt', () => {
  it('starts a long list at the line the question itself names, not where a neighbour or a repeat is', async () => {
    const index = await reportIndex();
    const first = (q: string) => {
      const answer = answerQuestion(index, q);
      return (answer.results[0]?.excerpt ?? '').replace(/^…\n/, '').split('\n')[0] ?? '';
    };
    expect(first('when was borg created')).toMatch(/^• 2003 - \*Borg\*/);
    expect(first('when was the cncf formed')).toMatch(/^• 2015 /);
    // Its full form written out is one phrase: the line with the short form, not one with two of its words.
    expect(first('In which year was the Cloud Native Computing Foundation established?')).toMatch(/^• 2015 /);
    expect(first('when did docker come out')).toMatch(/^• 2013 - \*Docker\*/);
    expect(first('when did CRDs come out')).toMatch(/^• 2017 - \*CRD\*/);
    // The heading's own word in every line does not choose the list over the passage asked about.
    expect(first('did they mention k8s turning 5?')).toMatch(/turned 5/);
  });

  it('takes the passage about the question, not the first one', () => {
    const out = excerpt(tracing, weights('opentracing', 'opencensus'));
    expect(out).toContain('*OpenTracing*');
    expect(out).not.toContain('pretty close to needing');
  });

  it('cuts a long passage from the item the question weighs most in, not from the first it names', () => {
    const years = Array.from(
      { length: 12 },
      (_, i) => `• ${2005 + i} - Kubernetes did a thing worth a line of its own here`,
    );
    const timeline = {
      heading: 'History',
      passages: [passage([...years, '• 2017 - CRD introduced for Kubernetes'].join('\n'))],
    };
    const out = excerpt(timeline, weights(['kubernetes', 0.5], 'crd'));
    expect(out).toMatch(/^…\n• 2017 - \*CRD\*/);
    // Nothing weighed more than the rest: from the first item, as before.
    expect(excerpt(timeline, weights('kubernetes')).startsWith('• 2005')).toBe(true);
  });

  it('finds a hyphenated compound asked as one word ("backwardscompatible") in its passage', () => {
    const out = excerpt(tracing, weights('backwardscompatible'));
    expect(out.startsWith('So the news')).toBe(true);
  });

  it('counts words the heading already states for less, so a related word picks the passage', () => {
    const out = excerpt(tracing, weights('distributed', 'tracing', ['opentracing', 0.6]));
    expect(out.startsWith('So the news')).toBe(true);
  });

  it('puts the question’s words in bold, and only those', () => {
    const out = excerpt(tracing, weights('opencensus'));
    expect(out).toContain('*OpenCensus*');
    expect(out).not.toContain('*OpenTracing*');
    expect(out).not.toMatch(/\*pleasing\*/);
  });

  it('bolds a run of matched words as one span', () => {
    const out = excerpt(
      {
        heading: 'x',
        passages: [passage('Service meshes have always been an interest of mine, long before this year.')],
      },
      weights('service', 'meshes'),
    );
    expect(out).toContain('*Service meshes*');
  });

  it('never ends on a lead-in: the subsections it announces follow it', () => {
    const observability = {
      heading: 'Observability',
      passages: [
        passage(
          'I took in a number of talks on observability tools, an area of focus for my team at the moment.',
        ),
        passage('We actually have three different angles on this:'),
      ],
    };
    const out = excerpt(observability, weights('observability'), [
      'Prometheus at Scale',
      'The Logging Problem',
    ]);
    expect(out).toMatch(/angles on this:\n• Prometheus at Scale\n• The Logging Problem$/);
  });

  it('takes the next passage along when the best one is short', () => {
    const out = excerpt(
      { heading: 'x', passages: [passage('Loki is new.'), passage('Elastic is what we know already.')] },
      weights('loki'),
    );
    expect(out).toContain('Elastic is what we know');
  });
});

describe('cut', () => {
  const list = Array.from(
    { length: 30 },
    (_, i) => `• ${2003 + i} - something happened in year ${2003 + i} that matters`,
  ).join('\n');

  it('cuts a list between its items, with the ellipsis on its own line', () => {
    const out = cut(list, new Set([processTerm('2010') ?? '']), 300);
    const lines = out.split('\n');
    expect(lines[0]).toBe('…');
    expect(lines.at(-1)).toBe('…');
    for (const line of lines.slice(1, -1))
      expect(line).toMatch(/^• \d{4} - something happened in year \d{4} that matters$/);
  });

  it('cuts prose at a sentence and marks the cut inline', () => {
    const prose = Array.from({ length: 20 }, (_, i) => `Sentence number ${i} is here.`).join(' ');
    const out = cut(prose, new Set(), 120);
    expect(out.endsWith(' …')).toBe(true);
    expect(out.length).toBeLessThanOrEqual(120 + 2);
  });

  it('leaves text within the limit alone', () => {
    expect(cut('Short.', new Set(), EXCERPT_OPTIONS.maxLength)).toBe('Short.');
  });
});
