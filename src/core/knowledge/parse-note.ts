import { createHash } from 'node:crypto';
import matter from 'gray-matter';
import * as z from 'zod/mini';
import '../schema.js';
import { failureOf, KnowledgeError, throwAll } from '../errors.js';
import type { Note, Section, Topic } from '../types.js';
import { parseMarkdown } from './markdown.js';
import { noteIdOf } from './note-id.js';
import { NOTE_LIMITS, type NoteLimits, screenNote } from './screen-note.js';
import { type RawSection, splitSections } from './sections.js';
import { PASSAGE_SEPARATOR } from './share-text.js';
import { didYouMean } from './suggest.js';
import { topicMatcher } from './topics.js';
import { issueErrors, readYaml, type YamlText } from './yaml.js';

/** Parsing one note: frontmatter (gray-matter, checked by a schema) and body (markdown.ts) into sections. */

const text = z.pipe(z.union([z.string(), z.number()]), z.transform(String));
const day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}/, 'expected a date like 2019-05-20'));

/** The frontmatter fields kubecon-bot reads; other fields (Hugo's, for instance) are allowed and ignored. */
const FrontmatterSchema = z.looseObject({
  title: z.optional(text),
  event: z.optional(z.string()),
  location: z.optional(z.string()),
  date: z.optional(day),
  dates: z.optional(z.object({ start: day, end: day })),
  author: z.optional(text),
  team: z.optional(z.string()),
  url: z.optional(z.url({ protocol: /^https?$/ })),
  topics: z.optional(z.array(z.string())),
  /** Extra topics for individual sections, by heading: `{ "Wrap Up": [policy] }`. */
  section_topics: z.optional(z.record(z.string(), z.array(z.string()))),
});

export const NOTE_OPTIONS = {
  /** A section's text must name a topic this often to be about it; its heading need name it once. */
  topicMentionsInText: 2,
  /**
   * A section id's slug is cut here: ids travel in button values (Slack allows 2,000 characters), and a
   * heading made of a huge link must not push an answer's buttons past that.
   */
  maxSlugLength: 120,
} as const;

/** Parses a note file's bytes, screened first (screen-note.ts): what the parse pool's workers run. */
export async function parseNoteFile(
  file: string,
  bytes: Uint8Array,
  topics: readonly Topic[],
  checks: NoteChecks = {},
  limits: NoteLimits = NOTE_LIMITS,
): Promise<Note> {
  return parseNote(file, screenNote(file, bytes, limits), topics, checks);
}

/** How a note's references are judged. */
export interface NoteChecks {
  /** True for a topic id whose entry in the topics file did not parse: naming it is not the note's fault. */
  readonly unparsedTopic?: (id: string) => boolean;
}

/**
 * Parses a note's source; `file` is its path relative to the knowledge folder, used for ids and errors.
 * Throws a KnowledgeError, or KnowledgeErrors when the note has several faults (every one, each once).
 */
export async function parseNote(
  file: string,
  source: string,
  topics: readonly Topic[],
  checks: NoteChecks = {},
): Promise<Note> {
  const { yaml, content } = readFrontmatter(file, source);
  const fm = FrontmatterSchema.safeParse(yaml.data ?? {});
  if (!fm.success) throw failureOf(issueErrors(file, yaml, [], fm.error, 'frontmatter '));
  const id = noteIdOf(file);
  const lineOffset = countLines(source.slice(0, source.length - content.length));
  if (content.trim() === '')
    throwAll([
      ...unknownTopics(file, yaml, fm.data, topics, checks),
      new KnowledgeError(file, lineOffset + 1, 'empty note: no text after the frontmatter'),
    ]);
  const tree = await parseMarkdown(content);
  const fallbackTitle = fm.data.title ?? id.split('/').at(-1) ?? id;
  const raw = splitSections(tree, fallbackTitle, lineOffset);
  throwAll([
    ...unknownTopics(file, yaml, fm.data, topics, checks),
    ...unknownHeadings(file, yaml, fm.data.section_topics ?? {}, raw),
  ]);
  const title =
    fm.data.title ?? (raw[0]?.depth === 0 && raw[0].path.length === 1 ? raw[0].heading : fallbackTitle);
  const sections = finishSections(id, raw, topics, fm.data.section_topics ?? {});
  const date = noteDate(fm.data);
  return {
    id,
    file,
    title,
    ...(fm.data.event !== undefined && { event: fm.data.event }),
    ...(fm.data.location !== undefined && { location: fm.data.location }),
    ...(date !== undefined && { date }),
    ...(fm.data.url !== undefined && { url: fm.data.url }),
    ...((fm.data.author ?? fm.data.team) !== undefined && { author: fm.data.author ?? fm.data.team ?? '' }),
    topics: [...(fm.data.topics ?? [])],
    sections,
  };
}

type Frontmatter = z.infer<typeof FrontmatterSchema>;

/** Every topic id the frontmatter names that the topics file lacks, at its line, with a likely meant id. */
function unknownTopics(
  file: string,
  yaml: YamlText,
  fm: Frontmatter,
  topics: readonly Topic[],
  { unparsedTopic = () => false }: NoteChecks,
): KnowledgeError[] {
  const known = new Set(topics.map((t) => t.id));
  const declared = [
    ...(fm.topics ?? []).map((id, i) => ({ id, at: ['topics', i] })),
    ...Object.entries(fm.section_topics ?? {}).flatMap(([heading, ids]) =>
      ids.map((id, i) => ({ id, at: ['section_topics', heading, i] })),
    ),
  ];
  return declared
    .filter((d) => !known.has(d.id) && !unparsedTopic(d.id))
    .map(
      (d) =>
        new KnowledgeError(
          file,
          yaml.lineOf(d.at),
          `frontmatter names unknown topic "${d.id}"${didYouMean(d.id, known)}`,
        ),
    );
}

/** Every heading of `section_topics` that no section of the note has, at its line, with a likely meant one. */
function unknownHeadings(
  file: string,
  yaml: YamlText,
  sectionTopics: Readonly<Record<string, readonly string[]>>,
  raw: readonly RawSection[],
): KnowledgeError[] {
  const headings = new Set(raw.map((s) => s.heading));
  return Object.keys(sectionTopics)
    .filter((heading) => !headings.has(heading))
    .map((heading) => {
      const reason = `frontmatter section_topics names no heading of this note: "${heading}"${didYouMean(heading, headings)}`;
      return new KnowledgeError(file, yaml.keyLineOf(['section_topics', heading]), reason);
    });
}

/** The day the note's knowledge is from: the event's first day, else the note's own date. */
function noteDate(fm: { date?: string | undefined; dates?: { start: string } | undefined }) {
  return (fm.dates?.start ?? fm.date)?.slice(0, 10);
}

/**
 * Frontmatter and body. gray-matter finds the frontmatter and `yaml` parses it (its `engines` option), so
 * the knowledge has one YAML dialect and every fault has the file line yaml puts it at: the frontmatter
 * text gray-matter passes on starts on the `---` line, so its lines are the file's.
 */
function readFrontmatter(file: string, source: string): { yaml: YamlText; content: string } {
  let yaml: YamlText = { data: {}, lineOf: () => 2, keyLineOf: () => 2, lineOfText: () => 2 };
  const engine = (text: string) => {
    yaml = readYaml(file, text, 'frontmatter is not valid YAML: ');
    return {}; // the data is read from `yaml`, with its positions
  };
  // Frontmatter is YAML (JSON is YAML too) and nothing else: gray-matter would evaluate `---js` as code.
  const notYaml = () => {
    throw new KnowledgeError(file, 1, 'frontmatter must be YAML');
  };
  // With options, gray-matter neither caches the input nor shares `data` with a cache.
  const { content } = matter(source, {
    engines: { yaml: engine, json: engine, javascript: notYaml, coffee: notYaml },
  });
  return { yaml, content };
}

function countLines(text: string): number {
  let n = 0;
  for (const ch of text) if (ch === '\n') n++;
  return n;
}

/** Gives raw sections their stable ids, topics and children ids. */
function finishSections(
  noteId: string,
  raw: readonly RawSection[],
  topics: readonly Topic[],
  sectionTopics: Readonly<Record<string, readonly string[]>>,
): Section[] {
  const mentions = topicMatcher(topics);
  const ids = new Map<RawSection, string>();
  const used = new Set<string>();
  for (const s of raw)
    ids.set(s, uniqueId(`${noteId}#${slugify(s.depth === 0 ? 'top' : s.path.join(' '))}`, used));
  return raw.map((s) => {
    const text = s.passages.map((p) => p.text).join(PASSAGE_SEPARATOR);
    const found = new Set([
      ...mentions(s.path.join(' / ')),
      ...mentions(text, NOTE_OPTIONS.topicMentionsInText),
      ...(sectionTopics[s.heading] ?? []),
    ]);
    return {
      id: ids.get(s) ?? '',
      noteId,
      heading: s.heading,
      path: s.path,
      depth: s.depth,
      line: s.line,
      passages: s.passages,
      text,
      links: s.links,
      topics: topics.map((t) => t.id).filter((id) => found.has(id)),
      children: s.children.map((c) => ids.get(c) ?? ''),
      fingerprint: fingerprint(s.heading, text),
    };
  });
}

/** Lower-case kebab slug of a heading path. */
export function slugify(text: string): string {
  const full = text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-');
  // Cut by code point, so a letter outside the BMP is never halved.
  const slug = [...full]
    .slice(0, NOTE_OPTIONS.maxSlugLength)
    .join('')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'section' : slug;
}

function uniqueId(base: string, used: Set<string>): string {
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return id;
}

/** A short hash of heading and text with case, digits and spacing folded away (see Section.fingerprint). */
function fingerprint(heading: string, text: string): string {
  const folded = `${heading}\n${text}`.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
  return createHash('sha1').update(folded).digest('hex').slice(0, 16);
}
