import * as z from 'zod/mini';
import '../schema.js';
import { KnowledgeError } from '../errors.js';
import type { Section, Tip } from '../types.js';
import { authoredMrkdwn } from './mrkdwn.js';
import { didYouMean } from './suggest.js';
import { issueErrors, readYaml, type YamlText } from './yaml.js';

/**
 * Parsing the curated tips file: a YAML list of `{ id, section, text, talk? }`, each tied to an existing
 * section. Every entry is checked on its own (every field), then against the sections; a tip pointing into
 * a note that did not parse is not judged, since that note's error already says what is wrong.
 */

/** A tip must fit comfortably in one chat message. */
export const MAX_TIP_LENGTH = 600;

const TipSchema = z.object({
  id: z.string().check(z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'id must be kebab-case')),
  section: z.string().check(z.minLength(1)),
  text: z.string().check(z.minLength(20), z.maxLength(MAX_TIP_LENGTH)),
  talk: z.optional(z.url()),
});

/** Slack control sequences Slack would act on: mentions (`<!channel>`, `<@U…>`, `<!subteam^…>`), channel links. */
const CONTROL_SEQUENCE = /<[!@#][^<>]*>/g;

/** The tips file read: the tips that passed every check, and every fault found. */
export interface TipsFile {
  readonly tips: Tip[];
  readonly errors: KnowledgeError[];
}

/** Where a tip's checks look: the file, its YAML, the sections, and which notes did not parse. */
interface TipContext {
  readonly file: string;
  readonly yaml: YamlText;
  readonly sections: ReadonlyMap<string, Section>;
  readonly unparsedNote: (noteId: string) => boolean;
  readonly seen: Set<string>;
}

/**
 * Parses tips; each error names the file, the line of the value at fault and the reason. A tip about a note
 * that did not parse (left out, its rejection the error to fix) is neither reported nor kept.
 */
export function parseTips(
  file: string,
  source: string,
  sections: ReadonlyMap<string, Section>,
  unparsedNote: (noteId: string) => boolean = () => false,
): TipsFile {
  let yaml: YamlText;
  try {
    yaml = readYaml(file, source);
  } catch (error) {
    if (error instanceof KnowledgeError) return { tips: [], errors: [error] };
    throw error;
  }
  const data = yaml.data ?? [];
  if (!Array.isArray(data))
    return { tips: [], errors: [new KnowledgeError(file, 1, 'the tips file must be a YAML list of tips')] };
  const context: TipContext = { file, yaml, sections, unparsedNote, seen: new Set() };
  const checked = data.map((entry: unknown, i) => checkTip(context, entry, i));
  return {
    tips: checked.flatMap((c) => (c.tip ? [c.tip] : [])),
    errors: checked.flatMap((c) => c.errors),
  };
}

/** One entry: its own fields first, then its id against the earlier ones and its section against the notes. */
function checkTip(context: TipContext, entry: unknown, i: number): { tip?: Tip; errors: KnowledgeError[] } {
  const { file, yaml } = context;
  const parsed = TipSchema.safeParse(entry);
  const bad = new Set(parsed.success ? [] : parsed.error.issues.map((issue) => issue.path[0]));
  const field = (key: string) => {
    const value = (entry as Record<string, unknown> | null)?.[key];
    return !bad.has(key) && typeof value === 'string' ? value : undefined;
  };
  const name = field('id') !== undefined ? `tip "${field('id')}"` : `tip ${i + 1}`;
  const errors = parsed.success ? [] : issueErrors(file, yaml, [i], parsed.error, `${name}: `);
  const text = (entry as { text?: unknown } | null)?.text;
  for (const [sequence] of typeof text === 'string' ? text.matchAll(CONTROL_SEQUENCE) : []) {
    const reason = `${name}: text has the Slack control sequence ${sequence}, which Slack would turn into a mention or link; write it in words`;
    errors.push(new KnowledgeError(file, yaml.lineOfText([i, 'text'], sequence), reason));
  }
  errors.push(...checkReferences(context, i, name, field));
  if (!parsed.success || errors.length > 0) return { errors };
  const { id, section: sectionId, text: own, talk: talkUrl } = parsed.data;
  const section = context.sections.get(sectionId);
  if (!section) return { errors }; // its note was left out
  const talk = section.links.find((l) => l.kind === 'talk' && (talkUrl === undefined || l.url === talkUrl));
  return {
    tip: { id, sectionId, text: authoredMrkdwn(own.trim()), curated: true, ...(talk && { talk }) },
    errors,
  };
}

/** A tip's id against the tips before it, its section against the notes, its talk against its section. */
function checkReferences(
  { file, yaml, sections, unparsedNote, seen }: TipContext,
  i: number,
  name: string,
  field: (key: string) => string | undefined,
): KnowledgeError[] {
  const errors: KnowledgeError[] = [];
  const id = field('id');
  if (id !== undefined && seen.has(id))
    errors.push(new KnowledgeError(file, yaml.lineOf([i, 'id']), `duplicate tip id "${id}"`));
  if (id !== undefined) seen.add(id);
  const sectionId = field('section');
  if (sectionId === undefined) return errors;
  const section = sections.get(sectionId);
  if (!section && !unparsedNote(noteOfSection(sectionId))) {
    const hint = didYouMean(sectionId, sections.keys());
    const reason = `${name} points at unknown section "${sectionId}"${hint}`;
    errors.push(new KnowledgeError(file, yaml.lineOf([i, 'section']), reason));
  }
  const talkUrl = field('talk');
  if (
    section &&
    talkUrl !== undefined &&
    !section.links.some((l) => l.kind === 'talk' && l.url === talkUrl)
  ) {
    const reason = `${name}: talk ${talkUrl} is not linked from its section`;
    errors.push(new KnowledgeError(file, yaml.lineOf([i, 'talk']), reason));
  }
  return errors;
}

/** The note a section id belongs to: the part before `#`. */
function noteOfSection(sectionId: string): string {
  return sectionId.split('#')[0] ?? sectionId;
}
