import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { KnowledgeError } from '../errors.js';
import type { Lexicon } from '../types.js';

/**
 * The lexicon file (`knowledge/lexicon.yml`): the field's words that notes don't use but questions do.
 * Abbreviations stand for their full words; related terms widen a question at less weight; intents are
 * phrases that ask for something other than a subject (the whole note, the trip itself); question words
 * start a follow-up and pointing words refer back to it; frame words frame a question without being its
 * subject. It is data a maintainer edits, checked here with the file and line of each fault.
 */

const phrase = z.string().trim().min(1).max(80);

const LexiconSchema = z.object({
  abbreviations: z.array(z.object({ short: phrase, full: phrase, source: z.string().min(1) })).default([]),
  related: z
    .array(z.object({ term: phrase, related: z.array(phrase).min(1), source: z.string().min(1) }))
    .default([]),
  intents: z
    .object({ overview: z.array(phrase).default([]), trip: z.array(phrase).default([]) })
    .default({ overview: [], trip: [] }),
  question_words: z.array(phrase).default([]),
  pointing_words: z.array(phrase).default([]),
  frame_words: z.array(phrase).default([]),
});

/** An empty lexicon: the bot still works, with the notes' own words only. */
export const EMPTY_LEXICON: Lexicon = {
  abbreviations: [],
  related: [],
  intents: { overview: [], trip: [] },
  questionWords: [],
  pointingWords: [],
  frameWords: [],
};

/** Parses the lexicon file; every fault names the file and the line of the entry at fault. */
export function parseLexicon(file: string, source: string): Lexicon {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines });
  const yamlError = doc.errors[0];
  if (yamlError)
    throw new KnowledgeError(file, yamlError.linePos?.[0].line ?? 1, firstLine(yamlError.message));
  const parsed = LexiconSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path ?? [];
    throw new KnowledgeError(
      file,
      lineOf(doc, lines, where),
      `${where.join('.')}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const data = parsed.data;
  const seen = new Map<string, number>();
  data.abbreviations.forEach((a, i) => {
    const short = a.short.toLowerCase();
    if (seen.has(short))
      throw new KnowledgeError(
        file,
        lineOf(doc, lines, ['abbreviations', i]),
        `duplicate abbreviation "${a.short}"`,
      );
    seen.set(short, i);
  });
  return {
    abbreviations: data.abbreviations.map((a) => ({ short: a.short.toLowerCase(), full: a.full })),
    related: data.related.map((r) => ({ term: r.term, related: r.related })),
    intents: data.intents,
    questionWords: data.question_words,
    pointingWords: data.pointing_words,
    frameWords: data.frame_words,
  };
}

/** 1-based line of the node at `path` in the document (or of its nearest parent that exists). */
function lineOf(
  doc: ReturnType<typeof parseDocument>,
  lines: LineCounter,
  path: readonly PropertyKey[],
): number {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    const offset =
      (isMap(node) || isSeq(node) || isScalarLike(node)) && node.range ? node.range[0] : undefined;
    if (offset !== undefined) return lines.linePos(offset).line;
  }
  return 1;
}

function isScalarLike(node: unknown): node is { range?: [number, number, number] } {
  return typeof node === 'object' && node !== null && 'range' in node;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
