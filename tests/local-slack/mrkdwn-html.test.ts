import { describe, expect, it } from 'vitest';
import { NAMES } from '../../src/local-slack/page/html.js';
import { mrkdwnToHtml } from '../../src/local-slack/page/mrkdwn-html.js';

describe('mrkdwnToHtml', () => {
  it.each([
    ['*bold* _italic_ ~strike~', '<p><strong>bold</strong> <em>italic</em> <del>strike</del></p>'],
    [
      '`code *not bold*` and ```\nblock <b>\n```',
      '<p><code>code *not bold*</code> and </p><pre class="code-block">block &lt;b&gt;</pre>',
    ],
    ['a &lt;tag&gt; &amp; more', '<p>a &lt;tag&gt; &amp; more</p>'],
    [
      '<https://x.test/a_b_c|the *talk*>',
      '<p><a href="https://x.test/a_b_c" target="_blank" rel="noopener noreferrer">the <strong>talk</strong></a></p>',
    ],
    [
      '<https://x.test>',
      '<p><a href="https://x.test" target="_blank" rel="noopener noreferrer">https://x.test</a></p>',
    ],
    ['<javascript:alert(1)|click>', '<p>click</p>'],
    [
      '<@UBOT0001> and <@U0YOU0001> in <#C0TEAM0001>',
      '<p><span class="mention">@kubecon</span> and <span class="mention">@you</span> in <span class="mention">#team</span></p>',
    ],
    [
      '<@U0OTHER1|sam> <!here>',
      '<p><span class="mention">@sam</span> <span class="mention">@here</span></p>',
    ],
    [
      '• one\n• two\n    • nested\n1. first',
      '<ul><li>one</li><li>two<ul><li>nested</li></ul></li></ul><ol><li>first</li></ol>',
    ],
    [
      '> quoted *bold*\n> more\nafter',
      '<blockquote><p>quoted <strong>bold</strong><br>more</p></blockquote><p>after</p>',
    ],
    [':information_source: at 10:30:00 :thread:', '<p>ℹ️ at 10:30:00 🧵</p>'],
    ['snake_case_word and 2*3*4', '<p>snake_case_word and 2*3*4</p>'],
    ['"*quoted*" (*paren*)', '<p>&quot;<strong>quoted</strong>&quot; (<strong>paren</strong>)</p>'],
    ['<img src=x onerror=alert(1)>', '<p>img src=x onerror=alert(1)</p>'],
  ])('draws %j', (mrkdwn, html) => {
    expect(mrkdwnToHtml(mrkdwn, NAMES)).toBe(html);
  });
});
