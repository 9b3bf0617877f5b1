import { describe, expect, it } from 'vitest';
import { parseNoteFile } from '../../../src/core/knowledge/parse-note.js';
import { NOTE_LIMITS, screenNote } from '../../../src/core/knowledge/screen-note.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const deepList = (levels: number) =>
  `# Deep\n\n${Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n')}\n`;

/** The rejection of a note file, as `file:line: reason`; throws when the file is accepted. */
async function rejection(content: Uint8Array | string): Promise<string> {
  try {
    await parseNoteFile('note.md', typeof content === 'string' ? bytes(content) : content, []);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the note to be rejected');
}

describe('screening a note file before it is parsed', () => {
  it.each([
    [
      'a list nested 700 levels deep',
      deepList(700),
      /^note\.md:35: lists or quotes nested 33 levels deep; the limit is 32$/,
    ],
    [
      '5,000 `>` in a row',
      `# Quote\n\n${'>'.repeat(5000)} hi\n`,
      /^note\.md:3: lists or quotes nested 5000 levels deep/,
    ],
    [
      'list markers stacked on one line',
      `# Stack\n\ntext\n${'- '.repeat(40)}x\n`,
      /^note\.md:4: lists or quotes nested 40 levels/,
    ],
    [
      'quotes and lists mixed',
      `# Mixed\n\n${'> - '.repeat(20)}x\n`,
      /^note\.md:3: lists or quotes nested 40 levels/,
    ],
    ['an empty file', '', /^note\.md:1: empty note: no text after the frontmatter$/],
    ['only blank lines', '\n  \n\n', /^note\.md:1: empty note/],
    ['frontmatter and nothing after it', '---\ntitle: Nothing yet\n---\n\n', /^note\.md:4: empty note/],
    [
      'a control character',
      '# Bell\n\nring \u0007 ring\n',
      /^note\.md:3: control character U\+0007: not a text file$/,
    ],
  ])('rejects %s with file:line and the reason', async (_, content, pattern) => {
    expect(await rejection(content)).toMatch(pattern);
  });

  it('rejects a binary file by its first NUL byte', async () => {
    const elf = Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00]);
    expect(await rejection(elf)).toBe('note.md:1: a binary file (a NUL byte), not a note');
    expect(await rejection(bytes('# A\n\ntext\n\0'))).toBe(
      'note.md:4: a binary file (a NUL byte), not a note',
    );
  });

  it('rejects text that is not UTF-8 at the line of the first bad byte', async () => {
    const latin1 = Uint8Array.from([...bytes('# Café\n\nok\ncaf'), 0xe9, ...bytes('\n')]);
    expect(await rejection(latin1)).toBe('note.md:4: not valid UTF-8 text');
    expect(await rejection(Uint8Array.from([...bytes('# Cut\n\n'), 0xe2, 0x82]))).toBe(
      'note.md:3: not valid UTF-8 text',
    );
  });

  it('rejects a file over the size limit at line 1', () => {
    const limits = { ...NOTE_LIMITS, maxBytes: 100 };
    expect(() => screenNote('big.md', bytes(`# Big\n\n${'x'.repeat(200)}`), limits)).toThrow(
      /^big\.md:1: larger than 1 KB, the limit for a note$/,
    );
  });

  it('accepts ordinary notes: nested lists, quotes, code, a byte order mark, CRLF and tabs', async () => {
    const note = [
      '\uFEFF---\ntitle: Fine\n---\n',
      '# Fine\r\n\r\n',
      deepList(NOTE_LIMITS.maxDepth),
      '> > a quote in a quote\n\n',
      '1. first\n   2) second\n\n',
      '```yaml\nspec:\n  containers:\n    - name: x\n```\n',
      'A\ttab and 2019. a year\n',
    ].join('');
    const parsed = await parseNoteFile('fine.md', bytes(note), []);
    expect(parsed.title).toBe('Fine');
    expect(parsed.sections.length).toBeGreaterThan(0);
  });
});
