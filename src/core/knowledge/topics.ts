import * as z from 'zod/mini';
import '../schema.js';
import { KnowledgeError } from '../errors.js';
import type { Topic } from '../types.js';
import { issueErrors, readYaml, type YamlText } from './yaml.js';

/**
 * Topics: parsing the topics file, and telling which topics a text mentions. A text mentions a topic when
 * it contains the topic's label or one of its aliases as whole words, in any case.
 */

const TopicSchema = z.object({
  id: z.string().check(z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'id must be kebab-case')),
  label: z.string().check(z.minLength(1), z.maxLength(60)),
  aliases: z._default(z.array(z.string().check(z.minLength(1))), []),
});

/** The topics file read: the topics that parsed, every fault, and which ids a reference may not be judged by. */
export interface TopicsFile {
  readonly topics: Topic[];
  readonly errors: KnowledgeError[];
  /** Ids whose entry did not parse (`all` when the file did not): a reference to one is no fault. */
  readonly unparsed: readonly string[] | 'all';
}

/**
 * Parses the topics file (a YAML list), entry by entry: a broken entry is reported and left out, a repeated
 * id is reported and the first kept. Errors name the file and the line of the value at fault.
 */
export function parseTopics(file: string, source: string): TopicsFile {
  let yaml: YamlText;
  try {
    yaml = readYaml(file, source);
  } catch (error) {
    if (!(error instanceof KnowledgeError)) throw error;
    return { topics: [], errors: [error], unparsed: 'all' };
  }
  const data = yaml.data ?? [];
  if (!Array.isArray(data)) {
    const error = new KnowledgeError(file, 1, 'the topics file must be a YAML list of topics');
    return { topics: [], errors: [error], unparsed: 'all' };
  }
  const errors: KnowledgeError[] = [];
  const broken = new Set<string>();
  const topics = new Map<string, Topic>();
  data.forEach((entry: unknown, i) => {
    const parsed = TopicSchema.safeParse(entry);
    if (!parsed.success) {
      const id = (entry as { id?: unknown } | null)?.id;
      const named = typeof id === 'string' && !parsed.error.issues.some((issue) => issue.path[0] === 'id');
      errors.push(
        ...issueErrors(file, yaml, [i], parsed.error, named ? `topic "${id}": ` : `topic ${i + 1}: `),
      );
      if (typeof id === 'string') broken.add(id);
    } else if (topics.has(parsed.data.id))
      errors.push(new KnowledgeError(file, yaml.lineOf([i, 'id']), `duplicate topic id "${parsed.data.id}"`));
    else topics.set(parsed.data.id, parsed.data);
  });
  return { topics: [...topics.values()], errors, unparsed: [...broken].filter((id) => !topics.has(id)) };
}

/**
 * Compiles topics into a function that lists the ids of the topics a text mentions at least `times`
 * times (a heading names its topic once; a passing word in a paragraph does not make it the subject).
 */
export function topicMatcher(topics: readonly Topic[]): (text: string, times?: number) => string[] {
  const patterns = topics.map((t) => ({ id: t.id, pattern: wordsPattern([t.label, ...t.aliases]) }));
  return (text, times = 1) =>
    patterns.filter((p) => (text.match(p.pattern)?.length ?? 0) >= times).map((p) => p.id);
}

/**
 * One case-insensitive regular expression matching any of the phrases as whole words, with spaces,
 * hyphens, quotes or emphasis between them ("platforms" teams, *service* mesh).
 */
function wordsPattern(phrases: readonly string[]): RegExp {
  const alternatives = phrases.map((p) =>
    p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[\s-]+/g, `[\\s\\-"'“”‘’*_]+`),
  );
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}
