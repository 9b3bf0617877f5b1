import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KnowledgeError, KnowledgeErrors } from '../../../src/core/errors.js';
import { loadKnowledge } from '../../../src/runtime/knowledge-files.js';
import { KNOWLEDGE_DIR } from '../../helpers.js';

/**
 * `npm run check`'s findings, one fixture folder per failure seen: `knowledge/` is the folder checked,
 * `expected.txt` every error it must report (nothing more), one `file:line: reason` a line, in order.
 */
const FIXTURES = path.join(import.meta.dirname, '../../fixtures/check');

/** Every error loading the folder reports, as printed; none when it loads. */
async function errorsOf(dir: string): Promise<string[]> {
  try {
    await loadKnowledge(dir);
    return [];
  } catch (error) {
    if (error instanceof KnowledgeErrors) return error.errors.map((e) => e.message);
    throw error;
  }
}

function expected(name: string): string[] {
  return readFileSync(path.join(FIXTURES, name, 'expected.txt'), 'utf8')
    .split('\n')
    .filter(Boolean);
}

describe('checking the knowledge folder', () => {
  it.each([
    [
      'tips-four-problems',
      'a too-short text, a bad talk URL, an unknown section and a duplicate id, together',
    ],
    ['unknown-topic', 'an unknown topic id once, without calling the tip on that note unknown'],
    ['duplicate-topic', 'a duplicate topic id once, without calling that topic unknown in the note using it'],
    ['broken-topics-file', 'a broken topics file once, without judging the topics notes name'],
    ['broken-note', 'a broken note once, and only the tip pointing at a note that does not exist'],
    ['misspelt-heading', 'a section_topics heading no section has, with the heading probably meant'],
    ['control-sequences', 'every Slack mention or channel link in a tip, at its own line'],
    ['plain-ampersand', 'nothing for "1&1", "<" and ">" written in a tip'],
    ['every-file', 'every problem of every file, in file and line order'],
  ])('reports %s: %s', async (name) => {
    const errors = await errorsOf(path.join(FIXTURES, name, 'knowledge'));
    expect(errors).toEqual(expected(name));
  });
});

/** The shipped knowledge with one edit (`find` replaced by `replace` in `file`): what check reports. */
async function errorsAfterEdit(file: string, find: string, replace: string): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubecon-check-edit-'));
  try {
    cpSync(KNOWLEDGE_DIR, dir, { recursive: true });
    const source = readFileSync(path.join(dir, file), 'utf8');
    if (!source.includes(find)) throw new Error(`${file} no longer contains ${find}`);
    writeFileSync(path.join(dir, file), source.replace(find, replace));
    return await errorsOf(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('checking the shipped knowledge with one mistake in it', () => {
  const NOTE = 'kubecon-2019-barcelona.md';
  it.each([
    [
      'a misspelt topic id in the note',
      [NOTE, 'prometheus, logging', 'promethus, logging'],
      /^kubecon-2019-barcelona\.md:12: frontmatter names unknown topic "promethus"; did you mean "prometheus"\?$/,
    ],
    [
      'a topic listed twice',
      ['topics.yml', '- id: logging\n', '- id: logging\n  label: Logs\n- id: logging\n'],
      /^topics\.yml:\d+: duplicate topic id "logging"$/,
    ],
    [
      'a misspelt section_topics heading',
      [NOTE, '---\n# Reflections', 'section_topics: { "Wrap Upp": [policy] }\n---\n# Reflections'],
      /^kubecon-2019-barcelona\.md:13: .*"Wrap Upp"; did you mean "Wrap Up"\?$/,
    ],
    [
      'a channel mention in a tip',
      ['tips.yml', 'and 1&1 hit similar', 'and <!channel> hit similar'],
      /^tips\.yml:\d+: tip "istio-psp-wait-for-operator": text has the Slack control sequence <!channel>/,
    ],
  ] as const)('reports %s once, and nothing else', async (_, [file, find, replace], error) => {
    const errors = await errorsAfterEdit(file, find, replace);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(error);
  });
});

describe('KnowledgeErrors', () => {
  it('lists each error once, by file and then line, keeping the order of errors on one line', () => {
    const found = [
      new KnowledgeError('tips.yml', 9, 'c'),
      new KnowledgeError('a.md', 12, 'b'),
      new KnowledgeError('tips.yml', 3, 'd'),
      new KnowledgeError('a.md', 2, 'a'),
      new KnowledgeError('tips.yml', 9, 'c'),
      new KnowledgeError('tips.yml', 9, 'e'),
    ];
    expect(new KnowledgeErrors(found).message.split('\n')).toEqual([
      'a.md:2: a',
      'a.md:12: b',
      'tips.yml:3: d',
      'tips.yml:9: c',
      'tips.yml:9: e',
    ]);
  });
});
