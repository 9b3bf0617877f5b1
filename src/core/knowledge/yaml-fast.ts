import jsYaml, { type LoaderState } from 'js-yaml';

/**
 * A fast path for the knowledge's YAML: js-yaml (a tenth of `yaml`'s time on the lexicon at start-up: it
 * builds no Document) with the scalars of `yaml`'s core schema (YAML 1.2: `true`/`false` and no `yes`, no
 * timestamps, `0o` octals, no `1_000` or `1:30` numbers), so the data is the data yaml.ts's `yaml` gives.
 * Only for plain YAML: a text with a tag, an anchor, a directive, a key that is null or a collection, a flow
 * collection over several lines, or anything else in NOT_PLAIN, or that js-yaml refuses, gets `undefined`,
 * and yaml.ts reads it with `yaml` (which also finds every fault's line).
 */

/** One js-yaml type per core tag: each tries `yaml`'s tests in `yaml`'s order, and resolves as it does. */
const scalar = (tag: string, read: (text: string) => unknown) =>
  new jsYaml.Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (text) => text !== null && read(text) !== NOT,
    construct: (text) => read(text),
  });

const NOT = Symbol('not this type');

/** `yaml`'s core schema (yaml/dist/schema/core): null, bool, int (octal, decimal, hex), float (nan/inf, exp, fixed). */
const CORE = new jsYaml.Schema({
  include: [jsYaml.FAILSAFE_SCHEMA],
  implicit: [
    scalar('null', (t) => (/^(?:~|[Nn]ull|NULL)?$/.test(t) ? null : NOT)),
    scalar('bool', (t) => (/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(t) ? t[0] === 't' || t[0] === 'T' : NOT)),
    scalar('int', (t) =>
      /^0o[0-7]+$/.test(t)
        ? Number.parseInt(t.substring(2), 8)
        : /^[-+]?[0-9]+$/.test(t)
          ? Number.parseInt(t, 10)
          : /^0x[0-9a-fA-F]+$/.test(t)
            ? Number.parseInt(t.substring(2), 16)
            : NOT,
    ),
    scalar('float', (t) =>
      /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(t)
        ? t.slice(-3).toLowerCase() === 'nan'
          ? Number.NaN
          : t[0] === '-'
            ? Number.NEGATIVE_INFINITY
            : Number.POSITIVE_INFINITY
        : /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(t) ||
            /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(t)
          ? Number.parseFloat(t)
          : NOT,
    ),
  ],
});

/**
 * What js-yaml reads differently from `yaml`, or accepts where `yaml` finds a fault, each found by comparing
 * the two (tests/core/knowledge/yaml.test.ts). A false alarm (in a quoted string, say) only costs the slow path.
 */
const NOT_PLAIN: readonly RegExp[] = [
  /(?:^|[\s[\]{},])(?:[!%]|\?(?:\s|$))/m, // a tag, a directive or a complex key, wherever one could start
  /\t|\r(?!\n)/, // a tab; a carriage return alone (js-yaml: a line break)
  /^(?:---|\.\.\.)/m, // a document marker
  /[|>][1-9]?\+/, // a block scalar that keeps its final line breaks
  /(?:^|[ ])-[ ]*(?:#[^\n]*)?$/m, // an empty sequence entry (js-yaml nests `-\n  -\n-` otherwise)
  /:\s+(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*')\s*:/, // a quoted key after a key on its line: `a: "b": c`
  /["'\]}]#/, // a comment glued to a quoted or flow value
  /[[{,]\s*,/, // an empty flow entry: `[a,,b]`
  /^[^\n]{1024,}:/m, // a `:` past column 1024 (yaml's limit for an implicit key)
];

/** A text whose first line of content is indented (js-yaml lets a later line go left of it). */
const INDENTED_START = /^(?:[ ]*(?:#[^\n]*)?\n)*[ ]+[^\s#]/;

/** The data of a plain YAML text, as `yaml` would give it; undefined when only `yaml` should read it. */
export function fastYamlData(source: string): { data: unknown } | undefined {
  if (NOT_PLAIN.some((r) => r.test(source)) || INDENTED_START.test(source) || !flowsEndOnTheirLine(source))
    return undefined;
  const collections = new Set<unknown>();
  let refused = false;
  let data: unknown;
  try {
    data = jsYaml.load(source, {
      schema: CORE,
      listener: (event, state) => {
        if (event !== 'close') return;
        if (state.anchor !== null || gluedAfter(state)) refused = true;
        if (state.kind === 'mapping' || state.kind === 'sequence') collections.add(state.result);
      },
    });
  } catch {
    return undefined;
  }
  // Something after a quoted scalar or a flow collection on its line (`'a'b`, `{} a`): yaml refuses it, js-yaml reads on. An anchor's aliases
  // would be one object here (yaml counts them, against alias bombs); js-yaml writes a
  // null key as "null" (yaml: "") and a collection key as its text: such a key's collection is not in the
  // data. A document that is one scalar (a block scalar at column 0 differs) or none is not the knowledge's.
  if (refused || typeof data !== 'object' || !keysArePlain(data, collections)) return undefined;
  return { data };
}

/**
 * Whether the node just read ends with a quote or a bracket and is followed, past spaces, by what yaml does not
 * accept after a quoted scalar or a flow collection (a plain scalar never is: it ends at a line's end, ` #`,
 * `,`, `]`, `}` or `: `).
 */
function gluedAfter({ input, position }: LoaderState): boolean {
  const last = input[position - 1];
  if (last !== '"' && last !== "'" && last !== ']' && last !== '}') return false;
  let next = position;
  while (input[next] === ' ') next++;
  return !/[\r\n,\]}:#]/.test(input[next] ?? '\n');
}

/**
 * Whether every flow collection (`[...]`, `{...}`) ends on the line it starts on, and every quoted scalar
 * too: yaml wants a flow's further lines indented past its parent's, js-yaml does not check. Brackets are
 * counted outside quotes (a quote opens only where a value can start) and comments; a count that goes below
 * zero (a bracket in a plain scalar) also says no.
 */
function flowsEndOnTheirLine(source: string): boolean {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    const before = i === 0 ? '\n' : (source[i - 1] as string);
    if (quote !== '') {
      if (c === '\n') return false;
      if (c === '\\' && quote === '"') i++;
      else if (c === quote && quote === "'" && source[i + 1] === "'") i++;
      else if (c === quote) quote = '';
    } else if (c === '\n') {
      if (depth !== 0) return false;
    } else if ((c === '"' || c === "'") && /[\s[{,:-]/.test(before)) quote = c;
    else if (c === '#' && /\s/.test(before)) while (i + 1 < source.length && source[i + 1] !== '\n') i++;
    else if (c === '[' || c === '{') depth++;
    else if ((c === ']' || c === '}') && --depth < 0) return false;
  }
  return depth === 0 && quote === '';
}

/** Whether every collection js-yaml read is in the data (none was a key) and no key reads "null". */
function keysArePlain(data: unknown, collections: Set<unknown>): boolean {
  const stack: unknown[] = [data];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    collections.delete(node);
    for (const [key, value] of Object.entries(node)) {
      if (key === 'null' && !Array.isArray(node)) return false;
      stack.push(value);
    }
  }
  return collections.size === 0;
}
