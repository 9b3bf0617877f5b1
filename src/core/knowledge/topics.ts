import { z } from 'zod';
import { KnowledgeError } from '../errors.js';
import type { Topic } from '../types.js';
import { readYaml, type YamlText } from './yaml.js';

/**
 * Topics: parsing the topics file, and telling which topics a text mentions. A text mentions a topic when
 * it contains the topic's label or one of its aliases as whole words, in any case.
 */

const TopicSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'id must be kebab-case'),
  label: z.string().min(1).max(60),
  aliases: z.array(z.string().min(1)).default([]),
});

/** Parses the topics file (a YAML list); errors name the file and the line of the value at fault. */
export function parseTopics(file: string, source: string): Topic[] {
  const yaml = readYaml(file, source);
  const data = yaml.data ?? [];
  if (!Array.isArray(data))
    throw new KnowledgeError(file, 1, 'the topics file must be a YAML list of topics');
  const seen = new Set<string>();
  return data.map((entry: unknown, i) => {
    const parsed = TopicSchema.safeParse(entry);
    if (!parsed.success)
      throw new KnowledgeError(
        file,
        issueLine(yaml, [i], parsed.error),
        `topic ${i + 1}: ${describeIssue(parsed.error)}`,
      );
    if (seen.has(parsed.data.id))
      throw new KnowledgeError(file, yaml.lineOf([i]), `duplicate topic id "${parsed.data.id}"`);
    seen.add(parsed.data.id);
    return parsed.data;
  });
}

/** A readable one-line reason from a schema error: the field and what is wrong with it. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid value';
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}

/** The file line of a schema error's value, below `at` in the YAML. */
export function issueLine(yaml: YamlText, at: readonly PropertyKey[], error: z.ZodError): number {
  return yaml.lineOf([...at, ...(error.issues[0]?.path ?? [])]);
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

/** One case-insensitive regular expression matching any of the phrases as whole words. */
function wordsPattern(phrases: readonly string[]): RegExp {
  const alternatives = phrases.map((p) =>
    p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[\s-]+/g, '[\\s-]+'),
  );
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}
