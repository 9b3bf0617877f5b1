import type { Paragraph } from 'mdast';
import { remark } from 'remark';
import { describe, expect, it } from 'vitest';
import { extractLinks, isTalkUrl } from '../../../src/core/knowledge/links.js';

const YT = 'https://www.youtube.com/watch?v=abc';

/** The links of a markdown paragraph, as a note's block. */
const linksOf = (markdown: string) => extractLinks(remark().parse(markdown).children[0] as Paragraph);

describe('isTalkUrl', () => {
  it.each([
    [YT, true],
    ['https://youtu.be/abc', true],
    ['https://m.youtube.com/watch?v=abc', true],
    ['https://www.youtube.com/embed/abc', true],
    ['https://vimeo.com/12345', true],
    ['https://www.youtube.com/c/cncf', false],
    ['https://vimeo.com/channels/staffpicks', false],
    ['https://linkerd.io', false],
  ])('%s → %s', (url, talk) => {
    expect(isTalkUrl(url)).toBe(talk);
  });
});

describe('extractLinks', () => {
  it('names a talk by the subject linked after it in its sentence', () => {
    expect(linksOf(`I went to [a talk](${YT}) on [Linkerd](https://linkerd.io) and liked it.`)).toEqual([
      { kind: 'talk', title: 'Linkerd talk', url: YT },
      { kind: 'reference', title: 'Linkerd', url: 'https://linkerd.io' },
    ]);
  });

  it('names a talk by a speaker’s name as their keynote when the sentence is about keynotes', () => {
    const [talk] = linksOf(`The keynotes were good, especially [Janet Kuo](${YT}) on Kubernetes.`);
    expect(talk).toEqual({ kind: 'talk', title: "Janet Kuo's keynote", url: YT });
  });

  it('names a talk by the nearest earlier subject when its own words are not a name', () => {
    const links = linksOf(`[SMI](https://smi-spec.io) was announced. The [announcement was brief](${YT}).`);
    expect(links[1]).toEqual({ kind: 'talk', title: 'SMI announcement', url: YT });
  });

  it('never says the noun twice when the link text already names it', () => {
    expect(linksOf(`The [Linkerd getting started talk](${YT}) was the best introduction.`)[0]?.title).toBe(
      'Linkerd getting started talk',
    );
  });

  it('keeps a talk’s own name and noun when the link says them', () => {
    expect(linksOf(`See the [Loki Talk](${YT}).`)[0]?.title).toBe('Loki talk');
  });

  it('keeps a reference’s link text, and names a bare URL by its host', () => {
    expect(linksOf('Read [the docs](https://opa.dev/docs) or <https://www.openpolicyagent.org/x>.')).toEqual([
      { kind: 'reference', title: 'the docs', url: 'https://opa.dev/docs' },
      { kind: 'reference', title: 'openpolicyagent.org', url: 'https://www.openpolicyagent.org/x' },
    ]);
  });

  it('finds links inside emphasis and lists, in reading order', () => {
    const list = remark().parse(
      `- *[A](https://a.example)*\n- [a talk](${YT}) about [C](https://c.example)\n`,
    ).children[0];
    expect(extractLinks(list as Paragraph).map((l) => l.title)).toEqual(['A', 'C talk', 'C']);
  });
});
