import fc from 'fast-check';
import type { Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { parseMarkdown, parseMarkdownFully } from '../../../src/core/knowledge/markdown.js';
import { splitSections } from '../../../src/core/knowledge/sections.js';

/**
 * The fast path (markdown-it turned into mdast) must give the sections remark gives: same headings, lines,
 * passages (text and mrkdwn) and links. Checked on each kind of syntax the notes use, then on generated
 * bodies mixing them.
 */

/** What the knowledge keeps of a tree: its sections. */
const sectionsOf = (tree: Root) => splitSections(tree, 'Title', 3);
const sameAsRemark = async (body: string) =>
  expect(sectionsOf(await parseMarkdown(body))).toEqual(sectionsOf(await parseMarkdownFully(body)));

/** One case per kind of syntax, and the corner cases the corpora showed. */
const CASES: Record<string, string> = {
  'ATX and setext headings, anchors, a title heading':
    '# Title\n\nIntro.\n\n## One {#one}\n\nText\n\nTwo\n---\n\nMore\n',
  'emphasis, strong, code, hard and soft breaks': 'A *b* __c__ `d` e  \nf\\\ng\nh &amp; &copy; \\* done\n',
  'inline links, autolinks, images, titles':
    'See [Linkerd](https://linkerd.io "L") and <https://x.io/a> or ![i](/p.png).\n',
  'reference links and their definitions':
    'A [ref][r] and [r] and [R][].\n\n[r]: https://r.io "t"\n\nAfter.\n',
  'definitions between rules (interludes)':
    '## A\n\nText.\n\n---\n\n[x]: https://x.io\n\nRight... next?\n\n---\n\n## B\n\nMore.\n',
  'bare URLs and emails (GitHub autolink literals)':
    'Go to www.example.com, https://a.b/c?d=e). or mail a.b@c.io.\n',
  'nested lists, ordered from 3, loose and tight': '- a\n  - b\n    1. c\n\n3. x\n4. y\n\n   z\n',
  'quotes with lists and code': '> quote\n> - item\n>\n> ```sh\n> run\n> ```\n',
  'fenced and indented code': '```yaml\nkey: value\n```\n\n    indented\n    code\n\n~~~\ntilde fence\n~~~\n',
  'raw HTML blocks and inline HTML': '<div class="x">\n\nInside\n\n</div>\n\nText <br> more <!-- c -->\n',
  'tables, short and long rows, escaped pipes':
    '| a | b |\n|---|:-:|\n| 1 | 2 |\n| only |\n| x \\| y | z | extra |\n',
  'a table right after a paragraph and before a shortcode':
    'Para\n| a | b |\n|---|---|\n| c | d |\n{.class}\n',
  'Hugo shortcodes in text and headings': '## Title {{< x >}}\n\nText {{% param a %}} here.\n',
  'images as bare paragraphs': '/images/party.jpg / caption\n\nText.\n',
  'footnotes (the full path)': 'Text[^1].\n\n[^1]: Note.\n',
  'strikethrough (the full path)': 'This ~was~ is ~~gone~~.\n',
  'task lists (the full path)': '- [ ] todo\n- [x] done\n',
  'a tilde only in code (the fast path)': 'Run `cd ~/x` and\n\n```\nls ~\n```\n',
  'entities that spell a URL': 'Go to http&#58;//example.com now.\n',
  'a one-column table without pipes (a heading for remark)': '| c |\n---\n',
  'a setext heading after a definition': '[ref]: https://ref.io\nA [link](https://l.io).\n===\n',
  'a tab-indented lazy line in a nested quote': '> > nested quote\n\t- tabbed item\n',
  'a list from 2 after indented code or a definition': '    code\n2) two\n\n[r]: x\n3. three\n',
  'an indented line after a definition': '[ref]: https://ref.io\n    indented\n',
  'quotes nested past markdown-it’s limit': `${'>'.repeat(250)} deep\n\nafter\n`,
};

describe('parseMarkdown', () => {
  it.each(Object.entries(CASES))('gives remark’s sections for %s', (_name, body) => sameAsRemark(body));

  it('gives heading lines as remark does', async () => {
    const body = '# T\n\n## A\n\ntext\n\nB\n===\n';
    const lines = (tree: Root) => sectionsOf(tree).map((s) => s.line);
    expect(lines(await parseMarkdown(body))).toEqual(lines(await parseMarkdownFully(body)));
  });

  it('gives remark’s sections for bodies mixing the notes’ syntax', async () => {
    const line = fc.constantFrom(
      '# Title',
      '## Section',
      'Setext',
      '---',
      '===',
      '',
      '',
      'Plain text with *emphasis* and **strong** and `code`.',
      'A [link](https://l.io) and <https://a.io> and www.w.io.',
      'A [ref] and [other][ref].',
      '[ref]: https://ref.io',
      '- item',
      '  - nested',
      '1. first',
      '> quote',
      '```',
      '    indented',
      '| a | b |',
      '|---|---|',
      '| c |',
      '<div>',
      '</div>',
      'Mail me@x.io, see /images/a.png.',
      'Text {{< shortcode >}} &amp; \\* end  ',
      '* star *item*',
      '_under_ __strong__ ***both***',
      '   - indented item',
      '\t- tabbed item',
      '+ plus item',
      '2) paren item',
      '> > nested quote',
      '### Closed ###',
      '<details>',
      '<!-- comment -->',
      '***',
      '[angle](<https://x.io/a b>) and [**bold** link](https://b.io)',
      'Code ``with ` tick`` and snake_case_word and 2 * 3 = 6',
      'See http://x.y/(a) or www.x.com/p?q=1&r=2. Mail foo@bar.baz.',
      'Entities &nbsp; &#123; &bogus; and a backslash at the end\\',
      '<span>inline</span> html',
      '![img](/a.png) then text',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 30 }), async (lines) => {
        await sameAsRemark(`${lines.join('\n')}\n`);
      }),
      { numRuns: Number(process.env.MARKDOWN_RUNS ?? 300) },
    );
  });
});
