import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { KnowledgeError } from '../errors.js';

/**
 * Reading the knowledge's YAML (frontmatter, topics, tips, lexicon) with one parser, `yaml`, keeping its
 * positions, so every fault names the file line of the value at fault.
 */

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
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines });
  const error = doc.errors[0];
  if (error)
    throw new KnowledgeError(file, error.linePos?.[0].line ?? 1, `${what}${firstLine(error.message)}`);
  const lineOf = (path: readonly PropertyKey[]) => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true);
      if ((isMap(node) || isSeq(node) || isScalar(node)) && node.range)
        return lines.linePos(node.range[0]).line;
    }
    return 1;
  };
  return {
    data: doc.toJS(),
    lineOf,
    keyLineOf: (path) => {
      const parent = doc.getIn(path.slice(0, -1), true);
      const pair = isMap(parent)
        ? parent.items.find((p) => isScalar(p.key) && p.key.value === path.at(-1))
        : undefined;
      return isScalar(pair?.key) && pair.key.range ? lines.linePos(pair.key.range[0]).line : lineOf(path);
    },
    lineOfText: (path, needle) => {
      const node = doc.getIn(path, true);
      const at = isScalar(node) && node.range ? source.indexOf(needle, node.range[0]) : -1;
      return isScalar(node) && node.range && at >= 0 && at < node.range[1]
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
  error: z.ZodError,
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
