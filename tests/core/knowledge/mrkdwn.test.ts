import { remark } from 'remark';
import remarkGfm from 'remark-gfm';
import { describe, expect, it } from 'vitest';
import {
  authoredMrkdwn,
  escapeMrkdwn,
  slackLink,
  toMrkdwn,
  toPlainText,
} from '../../../src/core/knowledge/mrkdwn.js';
import { closest } from '../../../src/core/knowledge/suggest.js';

const md = (source: string) => remark().use(remarkGfm).parse(source);

describe('toMrkdwn', () => {
  it.each([
    ['**bold** and *italic* and ~~gone~~', '*bold* and _italic_ and ~gone~'],
    ['[Loki](https://grafana.com/loki)', '<https://grafana.com/loki|Loki>'],
    ['<https://example.com>', '<https://example.com>'],
    ['A & B < C > D', 'A &amp; B &lt; C &gt; D'],
    ['[a &lt;b&gt; & c](https://x.io/?a=1&b=2)', '<https://x.io/?a=1&b=2|a &lt;b&gt; &amp; c>'],
    ['[pipe | label](https://x.io)', '<https://x.io|pipe / label>'],
    ['[everyone](!here), [me](@U123) and [next](other.md)', 'everyone, me and next'],
    ['[](!channel)', '!channel'],
    ['use `kubectl <cmd>`', 'use `kubectl &lt;cmd&gt;`'],
    ['- one\n- two\n  - nested', '• one\n• two\n    • nested'],
    ['3. three\n4. four', '3. three\n4. four'],
    ['> quoted\n> lines', '> quoted\n> lines'],
    ['line one  \nline two', 'line one\nline two'],
    ['<!-- a comment -->', ''],
    ['**customer --> legacy**', '*customer --&gt; legacy*'],
    ['text {{< note >}}shortcode{{< /note >}}', 'text shortcode'],
    ['&lt;!channel&gt; as text', '&lt;!channel&gt; as text'],
    // Raw HTML in a note is dropped, so Slack markup written as HTML can never reach a message.
    ['<!channel> hello', ''],
    ['say <!here> now', 'say  now'],
  ])('converts %j', (source, expected) => {
    expect(toMrkdwn(md(source)).trim()).toBe(expected);
  });

  it('fences code blocks and escapes them', () => {
    expect(toMrkdwn(md('```\na < b\n```'))).toBe('```\na &lt; b\n```');
  });
});

describe('toPlainText', () => {
  it('drops markup, comments and images but keeps words', () => {
    expect(toPlainText(md('**A** [link](https://x.io) <!-- c --> ![img](x.png) `code`'))).toBe(
      'A link   code',
    );
  });
});

describe('escaping', () => {
  it('escapes exactly the three control characters', () => {
    expect(escapeMrkdwn('<@U123> & <!here>')).toBe('&lt;@U123&gt; &amp; &lt;!here&gt;');
  });
  it('makes a bare link when label and URL are the same', () => {
    expect(slackLink('https://a.io', 'https://a.io')).toBe('<https://a.io>');
  });
});

describe('authoredMrkdwn', () => {
  it.each([
    ['1&1 hit it too', '1&amp;1 hit it too'],
    ['2 < 3 > 1', '2 &lt; 3 &gt; 1'],
    ['*bold* and _italic_ stay', '*bold* and _italic_ stay'],
    ['see <https://istio.io|Istio & friends>', 'see <https://istio.io|Istio &amp; friends>'],
    ['see <https://istio.io>', 'see <https://istio.io>'],
    ['<javascript:alert(1)|click>', '&lt;javascript:alert(1)|click&gt;'],
    ['already &amp; written', 'already &amp;amp; written'],
  ])('sends %j as %j', (text, mrkdwn) => {
    expect(authoredMrkdwn(text)).toBe(mrkdwn);
  });
});

describe('closest', () => {
  it.each([
    ['Wrap Upp', ['Intro', 'Wrap Up'], 'Wrap Up'],
    ['wrap up', ['Intro', 'Wrap Up'], 'Wrap Up'],
    ['tracng', ['tracing', 'logging'], 'tracing'],
    ['kafka', ['tracing', 'logging'], undefined],
    ['x', [], undefined],
  ])('suggests for %j among %j: %j', (name, candidates, meant) => {
    expect(closest(name, candidates)).toBe(meant);
  });
});
