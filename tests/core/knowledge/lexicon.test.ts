import { describe, expect, it } from 'vitest';
import { KnowledgeError } from '../../../src/core/errors.js';
import { parseLexicon } from '../../../src/core/knowledge/lexicon.js';
import { loadKnowledge } from '../../../src/runtime/knowledge-files.js';
import { KNOWLEDGE_DIR } from '../../helpers.js';

const fault = (source: string) => {
  try {
    parseLexicon('lexicon.yml', source);
  } catch (error) {
    if (error instanceof KnowledgeError) return error.message;
    throw error;
  }
  throw new Error('expected a KnowledgeError');
};

describe('parseLexicon', () => {
  it('reads every part of the lexicon', () => {
    const lexicon = parseLexicon(
      'lexicon.yml',
      [
        'abbreviations:',
        '  - { short: K8s, full: kubernetes, source: field usage }',
        'related:',
        '  - { term: sidecar, related: [service mesh], source: glossary/service-mesh.md }',
        'paraphrases:',
        '  - { term: anniversary, means: [birthday], source: field usage }',
        'kinds:',
        '  - { kind: time series database, members: [prometheus, m3], source: field usage }',
        'intents:',
        '  overview: [highlights]',
        '  verdict: [final verdict]',
        '  reading: [read more]',
        '  others: [other talks]',
        'conclusion_headings: [wrap up]',
        'reading_headings: [further reading]',
        'question_words: [why]',
        'pointing_words: [it]',
        'frame_words: [adopt]',
        'event_words: [conference]',
        'other_editions: [first, next]',
        'pair_words: [between]',
        'how_to: [how do i]',
        'except_words: [besides]',
        'facts:',
        '  - { kind: cost, words: [price, cost], source: field usage }',
        '  - { kind: schedule, words: [eta], asked_by: [when will], unless: [sense], source: field usage }',
      ].join('\n'),
    );
    expect(lexicon.abbreviations).toEqual([{ short: 'k8s', full: 'kubernetes' }]);
    expect(lexicon.related[0]?.related).toEqual(['service mesh']);
    expect(lexicon.paraphrases).toEqual([{ term: 'anniversary', means: ['birthday'] }]);
    expect(lexicon.kinds).toEqual([{ kind: 'time series database', members: ['prometheus', 'm3'] }]);
    expect(lexicon.intents).toEqual({
      overview: ['highlights'],
      trip: [],
      verdict: ['final verdict'],
      reading: ['read more'],
      event: [],
      others: ['other talks'],
    });
    expect(lexicon.conclusionHeadings).toEqual(['wrap up']);
    expect(lexicon.readingHeadings).toEqual(['further reading']);
    expect([
      lexicon.questionWords,
      lexicon.pointingWords,
      lexicon.frameWords,
      lexicon.howTo,
      lexicon.except,
    ]).toEqual([['why'], ['it'], ['adopt'], ['how do i'], ['besides']]);
    expect(lexicon.facts).toEqual([
      { kind: 'cost', words: ['price', 'cost'] },
      { kind: 'schedule', words: ['eta'], askedBy: ['when will'], unless: ['sense'] },
    ]);
    expect(lexicon.eventWords).toEqual(['conference']);
    expect(lexicon.otherEditions).toEqual(['first', 'next']);
    expect(lexicon.pairs).toEqual(['between']);
  });

  it('names the file and the line of an entry without a source', () => {
    const source = [
      'abbreviations:',
      '  - { short: k8s, full: kubernetes, source: x }',
      '  - { short: psp, full: pod security policy }',
    ].join('\n');
    expect(fault(source)).toMatch(/^lexicon\.yml:3: abbreviations\.1\.source/);
  });

  it('names the line of a fact word that is a phrase', () => {
    const source = ['facts:', '  - { kind: price, words: [price, licence fee], source: x }'].join('\n');
    expect(fault(source)).toMatch(/^lexicon\.yml:2: facts\.0\.words\.1: one word/);
  });

  it('names the line of a fact given by something it does not know', () => {
    const source = [
      'facts:',
      '  - { kind: version, words: [version], given_by: version numbers, source: x }',
      '  - { kind: size, words: [size], given_by: sizes, source: y }',
    ].join('\n');
    expect(fault(source)).toMatch(/^lexicon\.yml:3: facts\.1\.given_by/);
  });

  it('names the line of a kind without members', () => {
    const source = [
      'kinds:',
      '  - { kind: service mesh, members: [istio], source: x }',
      '  - { kind: policy engine, members: [], source: y }',
    ].join('\n');
    expect(fault(source)).toMatch(/^lexicon\.yml:3: kinds\.1\.members/);
  });

  it('names the line of a duplicate abbreviation', () => {
    const source = [
      'abbreviations:',
      '  - { short: k8s, full: kubernetes, source: x }',
      '  - { short: K8S, full: kube, source: y }',
    ].join('\n');
    expect(fault(source)).toBe('lexicon.yml:3: duplicate abbreviation "K8S"');
  });

  it('names the line of a YAML error', () => {
    expect(fault('related:\n  - { term: [unclosed\n')).toMatch(/^lexicon\.yml:\d+: /);
  });

  it('is part of the shipped knowledge, and every entry names its source', async () => {
    const knowledge = await loadKnowledge(KNOWLEDGE_DIR);
    expect(knowledge.lexicon.abbreviations.length).toBeGreaterThan(40);
    expect(knowledge.lexicon.related.length).toBeGreaterThan(60);
    expect(knowledge.lexicon.intents.overview).toContain('highlights');
  });
});
