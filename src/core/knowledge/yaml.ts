import { createRequire } from 'node:module';
import type { Document, LineCounter } from 'yaml';
import type * as z from 'zod/mini';
import { KnowledgeError } from '../errors.js';
import { fastYamlData } from './yaml-fast.js';

/**
 * Reading the knowledge's YAML (frontmatter, topics, tips, lexicon) in one dialect, `yaml`'s (YAML 1.2, core
 * schema), keeping its positions, so every fault names the file line of the value at fault. Two parsers:
 * plain YAML is read by js-yaml with `yaml`'s scalars (yaml-fast.ts), which builds no Document (reading the
 * lexicon at a cold start: about 0.05 s instead of 0.2 s); `yaml` reads what that path leaves (syntax errors
 * included), and its Document is built for the lines of a fault. tests/core/knowledge/yaml.test.ts reads
 * every shipped file and fixture both ways, and generated mixes of YAML's syntax, and compares.
 */

/** The `yaml` package once loaded (see yaml()). */
let loaded: typeof import('yaml') | undefined;

/**
 * `yaml`, loaded the first time it is needed: most runs read only plain YAML without a fault, and loading
 * it costs 30-50 ms on these machines, on every start and every command line that reads the knowledge.
 * (The bot's Slack side no longer imports it either: slack/scopes.ts holds what it shared with manifest.ts.)
 */
function yaml(): typeof import('yaml') {
  loaded ??= createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return loaded;
}

/** A YAML text read with its positions. */
export interface YamlText {
  readonly data: unknown;
  /** 1-based file line of the value at `path` (or of its nearest parent that exists). */
  lineOf(path: readonly PropertyKey[]): number;
  /** 1-based file line of the key of the mapping entry at `path` (the value may start lines below). */
  keyLineOf(path: readonly PropertyKey[]): number;
  /** 1-based file line where `needle` first appears, as written, in the value at `path`; else lineOf(path). */
  lineOfText(path: readonly PropertyKey[], needle: string): number;
}

/**
 * Parses YAML. Line 1 of `source` is line 1 of `file` (frontmatter keeps the `---` line's ending, so its
 * lines are the file's). A syntax error is a KnowledgeError at its line, its reason prefixed with `what`.
 */
export function readYaml(file: string, source: string, what = ''): YamlText {
  const fast = fastYamlData(source);
  if (fast === undefined) {
    const { doc, lines } = readDocument(file, source, what);
    return withPositions(doc.toJS(), source, () => ({ doc, lines }));
  }
  // The Document only for a fault's line (its own syntax errors aside: js-yaml read the text).
  let positions: Positions | undefined;
  return withPositions(fast.data, source, () => {
    const lines = new (yaml().LineCounter)();
    positions ??= { doc: yaml().parseDocument(source, { lineCounter: lines }), lines };
    return positions;
  });
}

/** `yaml`'s Document of a text, and the lines of its offsets. */
interface Positions {
  readonly doc: Document;
  readonly lines: LineCounter;
}

/** `yaml`'s Document of a text, with its line counter; a syntax error is a KnowledgeError at its line. */
function readDocument(file: string, source: string, what: string): Positions {
  const lines = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(source, { lineCounter: lines });
  const error = doc.errors[0];
  if (error)
    throw new KnowledgeError(file, error.linePos?.[0].line ?? 1, `${what}${firstLine(error.message)}`);
  return { doc, lines };
}

/** A text's data, and the lines of its values read from `yaml`'s Document, built when first asked for. */
function withPositions(data: unknown, source: string, positions: () => Positions): YamlText {
  const lineOf = (path: readonly PropertyKey[]) => {
    const { doc, lines } = positions();
    const y = yaml();
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true);
      if ((y.isMap(node) || y.isSeq(node) || y.isScalar(node)) && node.range)
        return lines.linePos(node.range[0]).line;
    }
    return 1;
  };
  return {
    data,
    lineOf,
    keyLineOf: (path) => {
      const { doc, lines } = positions();
      const y = yaml();
      const parent = doc.getIn(path.slice(0, -1), true);
      const pair = y.isMap(parent)
        ? parent.items.find((p) => y.isScalar(p.key) && p.key.value === path.at(-1))
        : undefined;
      return y.isScalar(pair?.key) && pair.key.range ? lines.linePos(pair.key.range[0]).line : lineOf(path);
    },
    lineOfText: (path, needle) => {
      const { doc, lines } = positions();
      const y = yaml();
      const node = doc.getIn(path, true);
      const at = y.isScalar(node) && node.range ? source.indexOf(needle, node.range[0]) : -1;
      return y.isScalar(node) && node.range && at >= 0 && at < node.range[1]
        ? lines.linePos(at).line
        : lineOf(path);
    },
  };
}

/** Every issue of a schema error as a KnowledgeError at the line of its value (below `at`), reason prefixed. */
export function issueErrors(
  file: string,
  yaml: YamlText,
  at: readonly PropertyKey[],
  error: z.core.$ZodError,
  prefix = '',
): KnowledgeError[] {
  return error.issues.map((issue) => {
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return new KnowledgeError(file, yaml.lineOf([...at, ...issue.path]), `${prefix}${where}${issue.message}`);
  });
}

/** The parser's message without its code excerpt and without the position the error already names. */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}
