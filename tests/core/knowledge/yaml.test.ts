import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { KnowledgeError } from '../../../src/core/errors.js';
import { readYaml } from '../../../src/core/knowledge/yaml.js';
import { fastYamlData } from '../../../src/core/knowledge/yaml-fast.js';
import { KNOWLEDGE_DIR } from '../../helpers.js';
import { ROOT } from '../../run.js';

/**
 * The fast path (js-yaml with yaml's core schema) against `yaml` itself: on every YAML text the repository
 * ships (the knowledge, the fixtures' YAML files and notes' frontmatter) and on the cases where the two
 * libraries' defaults differ, the fast path gives yaml's data or leaves the text to yaml.
 */

/** Every file below a folder whose name ends with one of `endings`. */
function filesBelow(dir: string, endings: readonly string[]): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => endings.some((e) => f.endsWith(e)))
    .map((f) => path.join(dir, f));
}

/** A note's frontmatter as gray-matter passes it on (from the end of the `---` line), if it has one. */
function frontmatterOf(text: string): string | undefined {
  const match = /^---([^\n]*\n[\s\S]*?)\n---/.exec(text);
  return match?.[1];
}

const SHIPPED = [
  ...filesBelow(KNOWLEDGE_DIR, ['.yml']),
  ...filesBelow(path.join(ROOT, 'tests/fixtures'), ['.yml', '.yaml']),
].map((file) => ({ name: path.relative(ROOT, file), source: readFileSync(file, 'utf8') }));

const FRONTMATTER = [
  ...filesBelow(KNOWLEDGE_DIR, ['.md']),
  ...filesBelow(path.join(ROOT, 'tests/fixtures'), ['.md']),
].flatMap((file) => {
  const source = frontmatterOf(readFileSync(file, 'utf8'));
  return source === undefined ? [] : [{ name: `${path.relative(ROOT, file)} (frontmatter)`, source }];
});

/** Texts where js-yaml's defaults and yaml's differ, or that the fast path must leave to yaml. */
const EDGES = [
  'a: yes\nb: no\nc: on\nd: off\ne: y',
  'date: 2019-05-20\nwhen: 2019-05-20T10:00:00Z',
  'a: 010\nb: 0o17\nc: 0x1F\nd: 0b101\ne: 1_000\nf: 1:30\ng: +12\nh: -0',
  'a: 1.5\nb: .5\nc: 1.\nd: 1e3\ne: -1.5E-2\nf: .inf\ng: -.Inf\nh: .NaN\ni: 1_000.5\nj: 190:20:30.15',
  'a: ~\nb: null\nc: Null\nd: NULL\ne:\nf: nULL',
  'a: true\nb: True\nc: TRUE\nd: tRUE\ne: "true"',
  '~: a',
  'null: a',
  ': a',
  '[a, b]: c',
  '{a: 1}: c',
  '? a\n: b',
  'a: &x [1]\nb: *x',
  'a: !!str 1',
  'a: !!int "1"',
  '%YAML 1.1\n---\na: yes',
  '<<: {a: 1}\nb: 2',
  'a: [b: 1, c]',
  'a: {b, c: 1}',
  '1: a\n1.0: b',
  'true: a\n"true": b',
  'a: 1\na: 2',
  '__proto__: a',
  'a: |\n  x\n  y\n\nb: >-\n  x\n  y\n',
  "a: 'it''s'\nb: \"tab\\tthere\\u00e9\"",
  'a: b # comment\n# only a comment',
  '',
  '# nothing but a comment',
  '---\na: 1\n---\nb: 2',
  'a: [1, 2',
  '\ta: 1',
  `${'k'.repeat(1100)}: v`,
  '- a\n- - b\n  - c\n- {d: e}',
  // Where js-yaml accepts what yaml refuses, or reads it otherwise (found by the property below).
  'a: [b,\nc]',
  'a:\n  b: [c,\n  d]',
  'a:\n  b: [c,\n   d]',
  'a: "b"#c',
  'a: [1,,2]',
  'a: [,]',
  'a: {,}',
  '---x',
  'a: 1\n...\n',
  '>\nx',
  '\r- a',
  'a: b\r',
  'a: b\r\nc: d\r\n',
  'a: "x\n  y"',
  "a: rock 'n' [roll",
];

describe('fastYamlData', () => {
  it.each([...SHIPPED, ...FRONTMATTER, ...EDGES.map((source) => ({ name: JSON.stringify(source), source }))])(
    'reads $name as yaml does, or leaves it to yaml',
    ({ source }) => {
      const doc = parseDocument(source);
      const fast = fastYamlData(source);
      if (doc.errors.length > 0) expect(fast).toBeUndefined();
      else if (fast !== undefined) expect(fast.data).toStrictEqual(doc.toJS());
    },
  );

  it('agrees with yaml on texts made of YAML fragments', () => {
    const fragments = [
      ...['a', 'b', '1', ' ', '\n', '  ', ':', ': ', '- ', '[', ']', '{', '}', ', ', ',', '#', ' #c', '~'],
      ...['"x"', "'y'", '"', "'", '|', '>', '|-', '>+', 'null', 'true', 'yes', '0o7', '010', '1_0', '.5'],
      ...['1e3', '? ', '-', '\n  ', '\n- ', '---', '...', '\\', '"a\\"b"', "'a''b'", '\n  k: ', '*', '&'],
      ...['!', '%', '<<: ', '\r\n', '\r', '\t', '0x1F', '-.5', '+1', '.inf', '.NaN', '\n-\n  '],
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 16 }), (parts) => {
        const source = parts.join('');
        const fast = fastYamlData(source);
        if (fast === undefined) return;
        const doc = parseDocument(source);
        expect(doc.errors).toEqual([]);
        expect(fast.data).toStrictEqual(doc.toJS());
      }),
      { numRuns: 3000, seed: 21 },
    );
  });

  it('takes every shipped knowledge file and fixture that yaml reads without error', () => {
    const slow = [...SHIPPED, ...FRONTMATTER].filter(
      ({ source }) => parseDocument(source).errors.length === 0 && fastYamlData(source) === undefined,
    );
    // Anchors and tags in the fixtures that test them, and nothing else.
    expect(slow.map((s) => s.name).filter((n) => n.startsWith('knowledge/'))).toEqual([]);
  });
});

describe('readYaml', () => {
  it('names the line of a value read on the fast path', () => {
    const yaml = readYaml('tips.yml', '- id: a\n  text: one\n- id: b\n  text: two three\n');
    expect(yaml.data).toEqual([
      { id: 'a', text: 'one' },
      { id: 'b', text: 'two three' },
    ]);
    expect(yaml.lineOf([1, 'text'])).toBe(4);
    expect(yaml.keyLineOf([1, 'id'])).toBe(3);
    expect(yaml.lineOfText([1, 'text'], 'three')).toBe(4);
  });

  it('reports a syntax error at its line', () => {
    expect(() => readYaml('topics.yml', 'a: 1\nb: [2\n', 'topics: ')).toThrow(KnowledgeError);
    try {
      readYaml('topics.yml', 'a: 1\na: 2\n');
    } catch (error) {
      expect((error as KnowledgeError).line).toBe(2);
    }
  });
});
