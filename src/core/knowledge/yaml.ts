import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
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
  return {
    data: doc.toJS(),
    lineOf: (path) => {
      for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n), true);
        if ((isMap(node) || isSeq(node) || isScalar(node)) && node.range)
          return lines.linePos(node.range[0]).line;
      }
      return 1;
    },
  };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
