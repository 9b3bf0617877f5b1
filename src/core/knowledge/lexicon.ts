import * as z from 'zod/mini';
import '../schema.js';
import { failureOf, KnowledgeError, throwAll } from '../errors.js';
import { GIVEN_BY_KINDS, type Lexicon } from '../types.js';
import { issueErrors, readYaml, type YamlText } from './yaml.js';

/**
 * The lexicon file (`knowledge/lexicon.yml`): the field's words that notes don't use but questions do.
 * Abbreviations stand for their full words; related terms widen a question at less weight; paraphrases
 * say a subject in everyday words; kinds name a kind of thing and its members (tsdb: prometheus); intents are phrases that ask for something other than a subject (the
 * whole note, the trip itself, its verdict, where to read more); question words start a follow-up and pointing words refer
 * back to it; frame words frame a question without being its subject; event words name an event (conference); how-to phrases start a request for
 * instructions, and step verbs after one always name its action; amount phrases (how much) ask for an amount of the thing named after them; except words set aside what follows them; comparison words (vs) set two subjects against each other, and so do pair words (between) with the two joined by and or or; scene words (i, we) start a clause about the asker, which sets the scene; overview sizes (quick) and reply lengths (in 3 bullets) say how long an overview should be, and overview uses (for the newsletter) what it is for; instruction phrases (step by step, install) ask for steps; detail phrases (exactly, how does … work) ask for more of a subject than its name; people questions (who gave, the speaker's name) ask who someone is; facts are kinds of fact a question asks for (a
 * price), answered only where the notes give one. It is data a maintainer edits, checked here with the file and line of each fault.
 */

const phrase = z.string().check(z.trim(), z.minLength(1), z.maxLength(80));
const word = phrase.check(z.regex(/^\S+$/, 'one word, no spaces'));
const source = z.string().check(z.minLength(1));
/** A list of entries, empty when the file has none. */
const list = <T extends z.core.SomeType>(entry: T) => z._default(z.array(entry), []);
/** A list that must have at least one entry. */
const some = <T extends z.core.SomeType>(entry: T) => z.array(entry).check(z.minLength(1));

const LexiconSchema = z.object({
  abbreviations: list(z.object({ short: phrase, full: phrase, source })),
  related: list(z.object({ term: phrase, related: some(phrase), source })),
  paraphrases: list(z.object({ term: phrase, means: some(phrase), source })),
  kinds: list(z.object({ kind: phrase, members: some(phrase), source })),
  intents: z._default(
    z.object({
      overview: list(phrase),
      trip: list(phrase),
      verdict: list(phrase),
      reading: list(phrase),
      event: list(phrase),
      others: list(phrase),
    }),
    { overview: [], trip: [], verdict: [], reading: [], event: [], others: [] },
  ),
  conclusion_headings: list(phrase),
  conclusion_openers: list(phrase),
  reading_headings: list(phrase),
  question_words: list(phrase),
  pointing_words: list(phrase),
  frame_words: list(phrase),
  event_words: list(word),
  other_editions: list(word),
  how_to: list(phrase),
  step_verbs: list(word),
  amounts: list(phrase),
  except_words: list(phrase),
  comparison_words: list(phrase),
  pair_words: list(phrase),
  scene_words: list(phrase),
  overview_sizes: list(word),
  overview_uses: list(word),
  reply_lengths: list(phrase),
  instructions: list(phrase),
  details: list(phrase),
  name_asks: list(phrase),
  people: z._default(z.object({ asks: list(phrase), roles: list(phrase), naming: list(phrase) }), {
    asks: [],
    roles: [],
    naming: [],
  }),
  facts: list(
    z.object({
      kind: phrase,
      words: some(word),
      given_by: z.optional(z.enum(GIVEN_BY_KINDS)),
      asked_by: z.optional(some(phrase)),
      unless: z.optional(some(word)),
      source,
    }),
  ),
});

/** An empty lexicon: the bot still works, with the notes' own words only. */
export const EMPTY_LEXICON: Lexicon = {
  abbreviations: [],
  related: [],
  paraphrases: [],
  kinds: [],
  intents: { overview: [], trip: [], verdict: [], reading: [], event: [], others: [] },
  conclusionHeadings: [],
  conclusionOpeners: [],
  readingHeadings: [],
  questionWords: [],
  pointingWords: [],
  frameWords: [],
  eventWords: [],
  otherEditions: [],
  howTo: [],
  stepVerbs: [],
  amounts: [],
  except: [],
  comparison: [],
  pairs: [],
  scene: [],
  overviewSizes: [],
  overviewUses: [],
  replyLengths: [],
  instructions: [],
  details: [],
  nameAsks: [],
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
    conclusionOpeners: data.conclusion_openers,
    readingHeadings: data.reading_headings,
    questionWords: data.question_words,
    pointingWords: data.pointing_words,
    frameWords: data.frame_words,
    eventWords: data.event_words,
    otherEditions: data.other_editions,
    howTo: data.how_to,
    stepVerbs: data.step_verbs,
    amounts: data.amounts,
    except: data.except_words,
    comparison: data.comparison_words,
    pairs: data.pair_words,
    scene: data.scene_words,
    overviewSizes: data.overview_sizes,
    overviewUses: data.overview_uses,
    replyLengths: data.reply_lengths,
    instructions: data.instructions,
    details: data.details,
    nameAsks: data.name_asks,
    people: data.people,
    facts: data.facts.map((f) => ({
      kind: f.kind,
      words: f.words,
      ...(f.given_by !== undefined && { givenBy: f.given_by }),
      ...(f.asked_by !== undefined && { askedBy: f.asked_by }),
      ...(f.unless !== undefined && { unless: f.unless }),
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
