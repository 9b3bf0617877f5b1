import { z } from 'zod';
import { failureOf, KnowledgeError, throwAll } from '../errors.js';
import { GIVEN_BY_KINDS, type Lexicon } from '../types.js';
import { issueErrors, readYaml, type YamlText } from './yaml.js';

/**
 * The lexicon file (`knowledge/lexicon.yml`): the field's words that notes don't use but questions do.
 * Abbreviations stand for their full words; related terms widen a question at less weight; paraphrases
 * say a subject in everyday words; kinds name a kind of thing and its members (tsdb: prometheus); intents are phrases that ask for something other than a subject (the
 * whole note, the trip itself, its verdict, where to read more); question words start a follow-up and pointing words refer
 * back to it; frame words frame a question without being its subject; event words name an event (conference); how-to phrases start a request for
 * instructions, and step verbs after one always name its action; amount phrases (how much) ask for an amount of the thing named after them; except words set aside what follows them; comparison words (vs) set two subjects against each other; scene words (i, we) start a clause about the asker, which sets the scene; overview sizes (quick) and reply lengths (in 3 bullets) say how long an overview should be; instruction phrases (step by step, install) ask for steps; people questions (who gave, the speaker's name) ask who someone is; facts are kinds of fact a question asks for (a
 * price), answered only where the notes give one. It is data a maintainer edits, checked here with the file and line of each fault.
 */

const phrase = z.string().trim().min(1).max(80);

const LexiconSchema = z.object({
  abbreviations: z.array(z.object({ short: phrase, full: phrase, source: z.string().min(1) })).default([]),
  related: z
    .array(z.object({ term: phrase, related: z.array(phrase).min(1), source: z.string().min(1) }))
    .default([]),
  paraphrases: z
    .array(z.object({ term: phrase, means: z.array(phrase).min(1), source: z.string().min(1) }))
    .default([]),
  kinds: z
    .array(z.object({ kind: phrase, members: z.array(phrase).min(1), source: z.string().min(1) }))
    .default([]),
  intents: z
    .object({
      overview: z.array(phrase).default([]),
      trip: z.array(phrase).default([]),
      verdict: z.array(phrase).default([]),
      reading: z.array(phrase).default([]),
      event: z.array(phrase).default([]),
      others: z.array(phrase).default([]),
    })
    .default({ overview: [], trip: [], verdict: [], reading: [], event: [], others: [] }),
  conclusion_headings: z.array(phrase).default([]),
  reading_headings: z.array(phrase).default([]),
  question_words: z.array(phrase).default([]),
  pointing_words: z.array(phrase).default([]),
  frame_words: z.array(phrase).default([]),
  event_words: z.array(phrase.regex(/^\S+$/, 'one word, no spaces')).default([]),
  how_to: z.array(phrase).default([]),
  step_verbs: z.array(phrase.regex(/^\S+$/, 'one word, no spaces')).default([]),
  amounts: z.array(phrase).default([]),
  except_words: z.array(phrase).default([]),
  comparison_words: z.array(phrase).default([]),
  scene_words: z.array(phrase).default([]),
  overview_sizes: z.array(phrase.regex(/^\S+$/, 'one word, no spaces')).default([]),
  reply_lengths: z.array(phrase).default([]),
  instructions: z.array(phrase).default([]),
  people: z
    .object({
      asks: z.array(phrase).default([]),
      roles: z.array(phrase).default([]),
      naming: z.array(phrase).default([]),
    })
    .default({ asks: [], roles: [], naming: [] }),
  facts: z
    .array(
      z.object({
        kind: phrase,
        words: z.array(phrase.regex(/^\S+$/, 'one word, no spaces')).min(1),
        given_by: z.enum(GIVEN_BY_KINDS).optional(),
        source: z.string().min(1),
      }),
    )
    .default([]),
});

/** An empty lexicon: the bot still works, with the notes' own words only. */
export const EMPTY_LEXICON: Lexicon = {
  abbreviations: [],
  related: [],
  paraphrases: [],
  kinds: [],
  intents: { overview: [], trip: [], verdict: [], reading: [], event: [], others: [] },
  conclusionHeadings: [],
  readingHeadings: [],
  questionWords: [],
  pointingWords: [],
  frameWords: [],
  eventWords: [],
  howTo: [],
  stepVerbs: [],
  amounts: [],
  except: [],
  comparison: [],
  scene: [],
  overviewSizes: [],
  replyLengths: [],
  instructions: [],
  people: { asks: [], roles: [], naming: [] },
  facts: [],
};

/**
 * Parses the lexicon file; throws a KnowledgeError (KnowledgeErrors when there are several) naming the file
 * and the line of every entry at fault.
 */
export function parseLexicon(file: string, source: string): Lexicon {
  const yaml = readYaml(file, source);
  const parsed = LexiconSchema.safeParse(yaml.data ?? {});
  const repeated = repeatedAbbreviations(file, yaml);
  if (!parsed.success) throw failureOf([...issueErrors(file, yaml, [], parsed.error), ...repeated]);
  throwAll(repeated);
  const data = parsed.data;
  return {
    abbreviations: data.abbreviations.map((a) => ({ short: a.short.toLowerCase(), full: a.full })),
    related: data.related.map((r) => ({ term: r.term, related: r.related })),
    paraphrases: data.paraphrases.map((r) => ({ term: r.term, means: r.means })),
    kinds: data.kinds.map((k) => ({ kind: k.kind, members: k.members })),
    intents: data.intents,
    conclusionHeadings: data.conclusion_headings,
    readingHeadings: data.reading_headings,
    questionWords: data.question_words,
    pointingWords: data.pointing_words,
    frameWords: data.frame_words,
    eventWords: data.event_words,
    howTo: data.how_to,
    stepVerbs: data.step_verbs,
    amounts: data.amounts,
    except: data.except_words,
    comparison: data.comparison_words,
    scene: data.scene_words,
    overviewSizes: data.overview_sizes,
    replyLengths: data.reply_lengths,
    instructions: data.instructions,
    people: data.people,
    facts: data.facts.map((f) => ({
      kind: f.kind,
      words: f.words,
      ...(f.given_by !== undefined && { givenBy: f.given_by }),
    })),
  };
}

/** Every abbreviation written before (case aside), at its line; read from the raw entries, so it is found even when others are broken. */
function repeatedAbbreviations(file: string, yaml: YamlText): KnowledgeError[] {
  const entries = (yaml.data as { abbreviations?: unknown } | null)?.abbreviations;
  const seen = new Set<string>();
  return (Array.isArray(entries) ? entries : []).flatMap((entry: unknown, i) => {
    const short = (entry as { short?: unknown } | null)?.short;
    if (typeof short !== 'string') return [];
    const key = short.trim().toLowerCase();
    const again = seen.has(key);
    seen.add(key);
    return again
      ? [new KnowledgeError(file, yaml.lineOf(['abbreviations', i]), `duplicate abbreviation "${short}"`)]
      : [];
  });
}
